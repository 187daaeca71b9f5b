"""A short answer to something the visitor scanned at the first screen: goodbye after
checking out (K10), or why the code could not be used. Returns to the first screen by itself.
"""

from __future__ import annotations

from core.checkout import CheckOutResult
from core.messages import Message
from kiosk.context import Kiosk
from kiosk.screens.base import OutcomeScreen

RETURN_AFTER_MS = 8_000


class NoticeScreen(OutcomeScreen):
    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk, ("lead", "hint"), RETURN_AFTER_MS)
        self._checked_out: CheckOutResult | None = None
        self._problem: Message | None = None
        self._working = False
        self.lead, self.hint = self.lines
        self.reset()

    @property
    def checked_out(self) -> CheckOutResult | None:
        return self._checked_out

    @property
    def problem(self) -> Message | None:
        return self._problem

    def show_working(self) -> None:
        self._checked_out, self._problem, self._working = None, None, True
        self._return.stop()
        self.retranslate_ui()

    def show_checked_out(self, result: CheckOutResult) -> None:
        self._checked_out, self._problem, self._working = result, None, False
        self._return.start()
        self.retranslate_ui()

    def show_problem(self, problem: Message) -> None:
        self._checked_out, self._problem, self._working = None, problem, False
        self._return.start()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        result, problem = self._checked_out, self._problem
        if self._working:
            icon, title, lead, hint = "…", tr("One moment…"), "", ""
        elif result is not None:
            icon = "✓"
            title = tr("Goodbye, {first_name}.", first_name=result.visitor_first_name)
            lead = tr("You are checked out. Thank you for visiting.")
            hint = tr("Please leave your badge in the box at reception.")
        else:
            icon, title = "!", tr("This code could not be used.")
            lead = self.k.i18n.render(problem) if problem else ""
            hint = tr("Please see reception if you need help.")
        self.show_block(icon, problem is not None, title, [lead, hint])
        self.done.setVisible(not self._working)
        self.done.setText(tr("Done"))

    def reset(self) -> None:
        self._return.stop()
        self._checked_out, self._problem, self._working = None, None, False
        self.retranslate_ui()
