"""Guard mode (G1): the equipment-room door check, by the guard's own account.

Pick the door, scan the visitor's badge, then the escort's employee badge: core decides, logs
and audits; the screen shows allowed or refused with the reason, and what media the visitor
declared (K7: none may enter the machine room). "Exit" records a visitor leaving the zone.
Who is inside the zone, and with whom, is listed beside it, and the site's open alerts (a
check-in held by the deny list, an ID that failed) with a button to acknowledge one. Both lists
refresh themselves. "Muster list" prints everyone on site in one tap (G3); when the printer
is down the list is shown here instead.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QListWidget, QVBoxLayout

from core.alerts import ALERT_TEXT, AlertView, acknowledge, open_alerts
from core.checkout import MANUAL_REASON_TEXT, ManualReason, manual_check_out
from core.clock import to_local
from core.door import (
    DoorResult,
    DoorZone,
    ExitResult,
    Inside,
    check_door,
    door_zones,
    record_exit,
    who_is_inside,
)
from core.errors import VartioError
from core.media import MEDIA_KINDS
from core.messages import N_, Message
from core.muster import MusterOutcome, print_muster
from core.permissions import Actor
from core.roster import OnSite, Unreturned, badges_not_returned, on_site
from core.scans import ScanKind, read_scan
from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, label, set_flag

NEXT_SCAN_AFTER_MS = 8_000
REFRESH_MS = 30_000
NOT_A_BADGE = Message(N_("This is not a badge. Please scan the badge's QR code."))


class Step(Enum):
    VISITOR = "visitor"
    ESCORT = "escort"
    SHOWN = "shown"


class GuardScreen(Screen):
    leaveRequested = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self.actor: Actor | None = None
        self._zones: list[DoorZone] = []
        self._step = Step.VISITOR
        self._visitor_token: str | None = None
        self._result: DoorResult | None = None
        self._problem: Message | None = None
        self._exit: ExitResult | None = None

        self.zone_row = QHBoxLayout()
        self.zone_group = QButtonGroup(self)
        self.zone_group.buttonClicked.connect(lambda _b: self._zone_changed())
        self.zone_row.addStretch(1)
        self.body.addLayout(self.zone_row)
        modes = QHBoxLayout()
        self.entry_mode, self.exit_mode = button(), button()
        self.mode_group = QButtonGroup(self)
        for mode in (self.entry_mode, self.exit_mode):
            mode.setCheckable(True)
            self.mode_group.addButton(mode)
            modes.addWidget(mode)
        self.entry_mode.setChecked(True)
        self.mode_group.buttonClicked.connect(lambda _b: self._start_over())
        modes.addStretch(1)
        self.body.addLayout(modes)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        self.instruction = label("strong")
        self.verdict = label("title")
        self.reason = label("lead")
        self.people = label()
        self.media = label("strong")
        for widget in (self.instruction, self.verdict, self.reason, self.people, self.media):
            left.addWidget(widget)
        left.addStretch(1)
        # G2 and G5: everyone on site (overstays marked), badges not returned, and checking
        # someone out by hand with a reason.
        self.on_site_caption = label("field")
        self.on_site = QListWidget()
        self.unreturned = label("hint")
        self.reason_choice = QComboBox()
        self.check_out = button()
        self.check_out.clicked.connect(self._check_out)
        self._on_site: list[OnSite] = []
        row = QHBoxLayout()
        row.addWidget(self.reason_choice, 1)
        row.addWidget(self.check_out)
        for widget in (self.on_site_caption, self.on_site, self.unreturned):
            left.addWidget(widget)
        left.addLayout(row)
        right = QVBoxLayout()
        self.inside_caption = label("field")
        self.inside = QListWidget()
        self.inside.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        right.addWidget(self.inside_caption)
        right.addWidget(self.inside, 1)
        self.alerts_caption = label("field")
        self.alerts = QListWidget()
        self.acknowledge = button()
        self.acknowledge.clicked.connect(self._acknowledge)
        self._alerts: list[AlertView] = []
        right.addWidget(self.alerts_caption)
        right.addWidget(self.alerts, 1)
        right.addWidget(self.acknowledge)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        columns.setSpacing(mm_to_px(self, 8))
        self.body.addLayout(columns, 1)

        self.leave = button()
        self.leave.clicked.connect(self.leaveRequested)
        self.muster = button("primary")
        self.muster.clicked.connect(self._print_muster)
        self._muster: MusterOutcome | None = None
        self.buttons.addWidget(self.leave)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.muster)
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(NEXT_SCAN_AFTER_MS)
        self._next.timeout.connect(self._start_over)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._load_lists)
        self.reset()

    # -- entering and the door ------------------------------------------------------------------

    def enter(self, actor: Actor) -> None:
        """Guard mode for ``actor``, whose PIN core has just checked."""
        self.reset()
        self.actor = actor
        self._refresh.start()
        self._load_alerts()
        self._load_on_site()
        self.k.runner.run(
            door_zones,
            self.k.app.uow(),
            actor,
            self.k.site.id,
            on_done=self._zones_loaded,
            on_error=self._failed,
        )

    @property
    def zone(self) -> DoorZone | None:
        checked = self.zone_group.checkedButton()
        index = self.zone_group.id(checked) if checked is not None else -1
        return self._zones[index] if 0 <= index < len(self._zones) else None

    def _zones_loaded(self, zones: list[DoorZone]) -> None:
        self._zones = zones
        for index, zone in enumerate(zones):
            choice = button()
            choice.setCheckable(True)
            choice.setText(zone.name)
            self.zone_group.addButton(choice, index)
            self.zone_row.insertWidget(index, choice)
        if zones:
            self.zone_group.button(0).setChecked(True)
        self._zone_changed()

    def _zone_changed(self) -> None:
        self._start_over()
        self._load_inside()

    def _load_inside(self) -> None:
        if self.actor is None or self.zone is None:
            return
        self.k.runner.run(
            who_is_inside,
            self.k.app.uow(),
            self.actor,
            self.zone.id,
            on_done=self._inside_loaded,
            on_error=self._failed,
        )

    def _load_lists(self) -> None:
        self._load_inside()
        self._load_alerts()
        self._load_on_site()

    def _load_on_site(self) -> None:
        if self.actor is None:
            return
        self.k.runner.run(
            on_site,
            self.k.app.uow(),
            self.actor,
            [self.k.site.id],
            on_done=self._on_site_loaded,
            on_error=self._failed,
        )
        self.k.runner.run(
            badges_not_returned,
            self.k.app.uow(),
            self.actor,
            self.k.site.id,
            on_done=self._unreturned_loaded,
            on_error=self._failed,
        )

    def _on_site_loaded(self, people: list[OnSite]) -> None:
        self._on_site = people
        self._show_on_site()

    def _show_on_site(self) -> None:
        tr = self.k.i18n.tr
        self.on_site.clear()
        for person in self._on_site:
            text = f"{person.first_name} {person.last_name} — {person.host_name}"
            if person.overstay:
                text += " — " + tr("overstay")
            self.on_site.addItem(text)
        self.check_out.setEnabled(bool(self._on_site))

    def _unreturned_loaded(self, badges: list[Unreturned]) -> None:
        self.unreturned.setText(
            self.k.i18n.tr("Badges not returned (7 days): {count}", count=len(badges))
        )

    def _check_out(self) -> None:
        row = self.on_site.currentRow()
        if self.actor is None or not 0 <= row < len(self._on_site):
            return
        self.k.runner.run(
            manual_check_out,
            self.k.app.uow(),
            self.actor,
            self._on_site[row].visit_id,
            ManualReason(self.reason_choice.currentData()),
            on_done=lambda _result: self._load_lists(),
            on_error=self._failed,
        )

    def _load_alerts(self) -> None:
        if self.actor is None:
            return
        self.k.runner.run(
            open_alerts,
            self.k.app.uow(),
            self.actor,
            self.k.site.id,
            on_done=self._alerts_loaded,
            on_error=self._failed,
        )

    def _alerts_loaded(self, alerts: list[AlertView]) -> None:
        self._alerts = alerts
        self._show_alerts()

    def _show_alerts(self) -> None:
        tr = self.k.i18n.tr
        zone = self.k.site.timezone
        self.alerts.clear()
        for alert in self._alerts:
            text = tr(ALERT_TEXT[alert.kind]) if alert.kind in ALERT_TEXT else alert.kind
            self.alerts.addItem(f"{to_local(alert.created_at, zone):%H:%M}  {text}")
        self.acknowledge.setEnabled(bool(self._alerts))

    def _acknowledge(self) -> None:
        row = self.alerts.currentRow()
        if self.actor is None or not 0 <= row < len(self._alerts):
            return
        self.k.runner.run(
            acknowledge,
            self.k.app.uow(),
            self.actor,
            self._alerts[row].id,
            on_done=lambda _alert: self._load_alerts(),
            on_error=self._failed,
        )

    def _print_muster(self) -> None:
        if self.actor is None:
            return
        self.muster.setEnabled(False)
        self.k.runner.run(
            print_muster,
            self.k.app.uow,
            self.actor,
            self.k.site.id,
            self.k.printer,
            self.k.i18n.language,
            on_done=self._muster_done,
            on_error=self._failed,
        )

    def _muster_done(self, outcome: MusterOutcome) -> None:
        self.muster.setEnabled(True)
        # Shown until the next scan: a list on screen must not vanish during an evacuation.
        self._muster, self._problem, self._result, self._exit = outcome, None, None, None
        self.retranslate_ui()

    def _inside_loaded(self, people: list[Inside]) -> None:
        tr = self.k.i18n.tr
        self.inside.clear()
        for person in people:
            escort = person.escort_name or "?"
            self.inside.addItem(
                tr(
                    "{visitor} with {escort}, since {time}",
                    visitor=person.visitor_first_name,
                    escort=escort,
                    time=f"{person.entered_at:%H:%M}",
                )
            )

    # -- scans ----------------------------------------------------------------------------------

    def scanned(self, text: str) -> None:
        if self.actor is None or self.zone is None or self._step is Step.SHOWN:
            return
        self._muster = None
        scan = read_scan(text)
        if scan.kind is not ScanKind.TOKEN or scan.token is None:
            self._show_problem(NOT_A_BADGE)
            return
        if self.exit_mode.isChecked():
            self._run(record_exit, scan.token, on_done=self._exit_recorded)
        elif self._step is Step.VISITOR:
            self._visitor_token, self._step = scan.token, Step.ESCORT
            self._problem = None
            self.retranslate_ui()
        else:
            visitor, self._visitor_token = self._visitor_token, None
            self._run(check_door, visitor, scan.token, on_done=self._decided)

    def _run(self, work: Any, *tokens: str | None, on_done: Any) -> None:
        assert self.actor is not None and self.zone is not None
        self._step = Step.SHOWN
        self.k.runner.run(
            work,
            self.k.app.uow(),
            self.actor,
            self.zone.id,
            *tokens,
            on_done=on_done,
            on_error=self._failed,
        )

    def _decided(self, result: DoorResult) -> None:
        self._result, self._problem = result, None
        self._shown()

    def _exit_recorded(self, result: ExitResult) -> None:
        self._exit, self._problem = result, None
        self._shown()

    def _failed(self, exc: BaseException) -> None:
        self.muster.setEnabled(True)
        message = exc.message if isinstance(exc, VartioError) else Message(N_("Please try again."))
        self._show_problem(message)

    def _show_problem(self, message: Message) -> None:
        self._problem = message
        self._shown()

    def _shown(self) -> None:
        self._step = Step.SHOWN
        self._next.start()
        self.retranslate_ui()
        self._load_inside()

    def _start_over(self) -> None:
        self._next.stop()
        self._step, self._visitor_token = Step.VISITOR, None
        self._result, self._problem, self._exit = None, None, None
        self._muster = None
        self.retranslate_ui()

    # -- duties ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.title.setText(tr("Guard mode"))
        self.entry_mode.setText(tr("Entry check"))
        self.exit_mode.setText(tr("Exit"))
        self.leave.setText(tr("Back to the visitor screens"))
        self.inside_caption.setText(tr("Inside now"))
        self.alerts_caption.setText(tr("Alerts"))
        self.acknowledge.setText(tr("Acknowledge"))
        self.muster.setText(tr("Muster list"))
        self.on_site_caption.setText(tr("On site"))
        self.check_out.setText(tr("Check out"))
        chosen = self.reason_choice.currentIndex()
        self.reason_choice.clear()
        for reason, text in MANUAL_REASON_TEXT.items():
            self.reason_choice.addItem(tr(text), reason.value)
        self.reason_choice.setCurrentIndex(max(chosen, 0))
        self._show_on_site()
        self._show_alerts()
        result, problem, left = self._result, self._problem, self._exit
        verdict = reason = people = media = ""
        if self.exit_mode.isChecked():
            instruction = tr("Scan the badge of the visitor who is leaving.")
        elif self._step is Step.ESCORT:
            instruction = tr("Now scan the escort's employee badge.")
        else:
            instruction = tr("Scan the visitor's badge.")
        if self._muster is not None:
            verdict, reason, people = self._muster_texts(self._muster)
        elif problem is not None:
            verdict, reason = tr("Not checked"), self.k.i18n.render(problem)
        elif left is not None:
            verdict = tr("Exit recorded.")
        elif result is not None:
            verdict = tr("ALLOWED") if result.allowed else tr("REFUSED")
            reason = self.k.i18n.render(result.message)
            people = tr(
                "Visitor: {visitor}. Escort: {escort}.",
                visitor=result.visitor_first_name or "?",
                escort=result.escort_name or "?",
            )
            carried = [tr(MEDIA_KINDS[k]) for k in result.carried_media if k in MEDIA_KINDS]
            media = (
                tr("Declared media: {items}", items=", ".join(carried))
                if carried
                else tr("No media declared.")
            )
        self.instruction.setText(instruction)
        self.verdict.setText(verdict)
        refused = (
            problem is not None
            or (result is not None and not result.allowed)
            or (self._muster is not None and not self._muster.printed)
        )
        set_flag(self.verdict, "problem", refused)
        for widget, text in ((self.reason, reason), (self.people, people), (self.media, media)):
            widget.setText(text)
            widget.setVisible(bool(text))
        set_flag(self.media, "problem", result is not None and bool(result.carried_media))

    def _muster_texts(self, outcome: MusterOutcome) -> tuple[str, str, str]:
        tr = self.k.i18n.tr
        listed = outcome.muster
        count = tr("Visitors on site: {count}", count=len(listed.people))
        if outcome.printed:
            return tr("Muster list printed."), count, ""
        # The printer is down: the list itself, on screen, is what the guard needs now.
        lines = [
            f"{p.first_name} {p.last_name}" + (f" — {p.zone_name}" if p.zone_name else "")
            for p in listed.people
        ]
        why = self.k.i18n.render(outcome.message) if outcome.message else ""
        return tr("Muster list"), f"{why} {count}".strip(), "\n".join(lines)

    def reset(self) -> None:
        """Forget the guard: leaving guard mode or idle time ends their session here."""
        self.actor = None
        self._refresh.stop()
        self._alerts = []
        self._on_site = []
        self.unreturned.setText("")
        self._zones = []
        for choice in list(self.zone_group.buttons()):
            self.zone_group.removeButton(choice)
            self.zone_row.removeWidget(choice)
            choice.hide()  # gone from the screen now; deleted when Qt next runs its loop
            choice.deleteLater()
        self.inside.clear()
        self.entry_mode.setChecked(True)
        self._start_over()
