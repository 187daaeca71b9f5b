"""The last screen: "one moment" while the check-in and badge run, then the outcome (K8).

A badge that did not print is not a failed check-in: the visitor is told to see reception,
and the print job stays queued for a reprint. A check-in held by the deny list (K11) looks
exactly the same — a neutral thanks and "Please see reception." — so the visitor cannot tell
which of the two happened; the guard has the alert.
"""

from __future__ import annotations

from enum import Enum
from zoneinfo import ZoneInfo

from core.messages import Message
from kiosk.actions import Finished
from kiosk.context import Kiosk
from kiosk.screens.base import OutcomeScreen

RETURN_AFTER_MS = 10_000


class State(Enum):
    WORKING = "working"
    DONE = "done"
    FAILED = "failed"


class FinishScreen(OutcomeScreen):
    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk, ("lead", "strong", "hint"), RETURN_AFTER_MS)
        self._state = State.WORKING
        self._outcome: Finished | None = None
        self._problem: Message | None = None
        self.reset()

    @property
    def state(self) -> State:
        return self._state

    def show_working(self) -> None:
        self._state, self._outcome, self._problem = State.WORKING, None, None
        self._return.stop()
        self.retranslate_ui()

    def show_done(self, outcome: Finished) -> None:
        self._state, self._outcome, self._problem = State.DONE, outcome, None
        self._return.start()
        self.retranslate_ui()

    def show_failed(self, problem: Message | None) -> None:
        self._state, self._outcome, self._problem = State.FAILED, None, problem
        self._return.start()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        lines = ["", "", ""]
        if self._state is State.WORKING:
            title = tr("One moment…")
            lines[0] = tr("Checking you in and printing your badge.")
        elif self._state is State.DONE and self._outcome is not None:
            result = self._outcome.result
            if self._outcome.printed and not self._outcome.held:
                title = tr("Welcome, {first_name}.", first_name=result.visitor_first_name)
                lines[0] = tr("You are checked in to visit {host}.", host=result.host_name)
                lines[1] = tr("Please take your badge from the printer and wear it visibly.")
                lines[2] = tr(
                    "Your badge is valid until {time}.",
                    time=f"{result.valid_until.astimezone(ZoneInfo(self.k.site.timezone)):%H:%M}",
                )
            else:  # not printed, or held (K11): the same words, nothing that tells them apart
                title = tr("Thank you, {first_name}.", first_name=result.visitor_first_name)
                lines[0] = tr("Please see reception.")
        else:
            title = tr("Sorry, we could not check you in.")
            lines[0] = self.k.i18n.render(self._problem) if self._problem else ""
            lines[1] = tr("Please see reception.")
        icon = {State.WORKING: "…", State.DONE: "✓", State.FAILED: "!"}[self._state]
        self.show_block(icon, self._state is State.FAILED, title, lines)
        self.done.setVisible(self._state is not State.WORKING)
        self.done.setText(tr("Done"))

    def reset(self) -> None:
        self.show_working()
