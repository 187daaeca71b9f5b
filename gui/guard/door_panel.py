"""The equipment-room door (G1): pick the door, scan the visitor's badge, then the escort's
employee badge; core decides, logs and audits. The answer shows allowed or refused with the
reason and the media the visitor declared (K7: none may enter the machine room). A refusal a
guard may override (G5) offers "Override…" (own PIN and a reason). "Exit" records a visitor
leaving the zone. Who is inside the zone, and with whom, is listed beside it and refreshes
itself.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

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
from core.door_override import OverrideReason, override_door
from core.door_policy import OVERRIDABLE
from core.media import MEDIA_KINDS
from core.messages import N_, Message
from core.permissions import Actor
from core.scans import ScanKind, read_scan
from gui.guard.desk import GuardDesk, GuardPanel
from gui.guard.override import OverrideDialog
from gui.i18n import problem_text
from gui.widgets import button, label, set_flag

NEXT_SCAN_AFTER_MS = 8_000
REFRESH_MS = 30_000
NOT_A_BADGE = Message(N_("This is not a badge. Please scan the badge's QR code."))


class Step(Enum):
    VISITOR = "visitor"
    ESCORT = "escort"
    SHOWN = "shown"


class DoorPanel(GuardPanel):
    # Whether scans are wanted here changed (the override dialog opened or closed).
    scanningChanged = Signal()

    def __init__(self, desk: GuardDesk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self._zones: list[DoorZone] = []
        self._step = Step.VISITOR
        self._visitor_token: str | None = None
        self._result: DoorResult | None = None
        self._problem: str | None = None
        self._exit: ExitResult | None = None
        self.dialog: OverrideDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.zone_row = QHBoxLayout()
        self.zone_group = QButtonGroup(self)
        self.zone_group.buttonClicked.connect(lambda _b: self._zone_changed())
        self.zone_row.addStretch(1)
        outer.addLayout(self.zone_row)
        modes = QHBoxLayout()
        self.entry_mode, self.exit_mode = button(), button()
        self.mode_group = QButtonGroup(self)
        for mode in (self.entry_mode, self.exit_mode):
            mode.setCheckable(True)
            self.mode_group.addButton(mode)
            modes.addWidget(mode)
        self.entry_mode.setChecked(True)
        self.mode_group.buttonClicked.connect(lambda _b: self.start_over())
        modes.addStretch(1)
        outer.addLayout(modes)
        self.scan = QLineEdit()  # the admin app's scanner types here, then Enter
        self.scan.setVisible(desk.scan_field)
        self.scan.returnPressed.connect(self._scan_typed)
        outer.addWidget(self.scan)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        self.instruction = label("strong")
        self.verdict = label("title")
        self.reason = label("lead")
        self.people = label()
        self.media = label("strong")
        for widget in (self.instruction, self.verdict, self.reason, self.people, self.media):
            left.addWidget(widget)
        self.override = button()
        self.override.clicked.connect(self._ask_override)
        left.addWidget(self.override, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        right = QVBoxLayout()
        self.inside_caption = label("field")
        self.inside = QListWidget()
        self.inside.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        right.addWidget(self.inside_caption)
        right.addWidget(self.inside, 1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        outer.addLayout(columns, 1)

        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(NEXT_SCAN_AFTER_MS)
        self._next.timeout.connect(self.start_over)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.load_inside)
        self.start_over()

    # -- the guard and the doors ----------------------------------------------------------------

    def start(self, actor: Actor) -> None:
        self.stop()
        super().start(actor)
        self._refresh.start()
        self.run(door_zones, self.desk.site_id, on_done=self._zones_loaded, on_error=self._failed)

    def stop(self) -> None:
        """Forget the guard and what the screen showed."""
        super().stop()
        self._refresh.stop()
        if self.dialog is not None:
            self.dialog.reject()
        self._zones = []
        for choice in list(self.zone_group.buttons()):
            self.zone_group.removeButton(choice)
            self.zone_row.removeWidget(choice)
            choice.hide()  # gone from the screen now; deleted when Qt next runs its loop
            choice.deleteLater()
        self.inside.clear()
        self.entry_mode.setChecked(True)
        self.start_over()

    @property
    def zone(self) -> DoorZone | None:
        checked = self.zone_group.checkedButton()
        index = self.zone_group.id(checked) if checked is not None else -1
        return self._zones[index] if 0 <= index < len(self._zones) else None

    @property
    def wants_scans(self) -> bool:
        return self.actor is not None and self.dialog is None

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
        self.start_over()
        self.load_inside()

    def load_inside(self) -> None:
        if self.zone is not None:
            self.run(
                who_is_inside, self.zone.id, on_done=self._inside_loaded, on_error=self._failed
            )

    def _inside_loaded(self, people: list[Inside]) -> None:
        tr = self.desk.i18n.tr
        self.inside.clear()
        for person in people:
            self.inside.addItem(
                tr(
                    "{visitor} with {escort}, since {time}",
                    visitor=person.visitor_first_name,
                    escort=person.escort_name or "?",
                    time=f"{person.entered_at:%H:%M}",
                )
            )

    # -- scans ----------------------------------------------------------------------------------

    def _scan_typed(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        self.scanned(text)

    def scanned(self, text: str) -> None:
        if self.actor is None or self.zone is None or self._step is Step.SHOWN:
            return
        scan = read_scan(text)
        if scan.kind is not ScanKind.TOKEN or scan.token is None:
            self._show_problem(self.desk.i18n.render(NOT_A_BADGE))
            return
        if self.exit_mode.isChecked():
            self._decide(record_exit, scan.token, on_done=self._exit_recorded)
        elif self._step is Step.VISITOR:
            self._visitor_token, self._step = scan.token, Step.ESCORT
            self._problem = None
            self.retranslate_ui()
        else:
            visitor, self._visitor_token = self._visitor_token, None
            self._decide(check_door, visitor, scan.token, on_done=self._decided)

    def _decide(self, work: Any, *tokens: str | None, on_done: Any) -> None:
        assert self.zone is not None
        self._step = Step.SHOWN
        self.run(work, self.zone.id, *tokens, on_done=on_done, on_error=self._failed)

    def _decided(self, result: DoorResult) -> None:
        self._result, self._problem = result, None
        self._shown()

    def _exit_recorded(self, result: ExitResult) -> None:
        self._exit, self._problem = result, None
        self._shown()

    def _failed(self, exc: BaseException) -> None:
        self._show_problem(problem_text(self.desk.i18n, exc))

    def _show_problem(self, text: str) -> None:
        self._problem = text
        self._shown()

    def _shown(self) -> None:
        self._step = Step.SHOWN
        self._next.start()
        self.retranslate_ui()
        self.load_inside()

    def start_over(self) -> None:
        self._next.stop()
        self._step, self._visitor_token = Step.VISITOR, None
        self._result, self._problem, self._exit = None, None, None
        self.retranslate_ui()

    # -- override (G5) --------------------------------------------------------------------------

    def _ask_override(self) -> None:
        result = self._result
        if self.actor is None or result is None or self.dialog is not None:
            return
        self._next.stop()  # the refusal stays on screen while the guard decides
        self.dialog = OverrideDialog(self.desk.i18n, result, self)
        self.dialog.setStyleSheet(self.window().styleSheet())
        self.dialog.confirmed.connect(self._override)
        self.dialog.finished.connect(self._override_closed)
        self.dialog.open()
        self.scanningChanged.emit()

    def _override(self, reason: OverrideReason, pin: str) -> None:
        if self.actor is None or self._result is None or self.dialog is None:
            return
        self.desk.runner.run(
            override_door,
            self.desk.app.uow,
            self.actor,
            self._result.event_id,
            reason,
            pin,
            on_done=self._overridden,
            on_error=self._override_failed,
        )

    def _overridden(self, result: DoorResult) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        self._decided(result)

    def _override_failed(self, exc: BaseException) -> None:
        if self.dialog is not None:
            self.dialog.show_problem(problem_text(self.desk.i18n, exc))

    def _override_closed(self, _result: int) -> None:
        self.dialog = None
        if self._step is Step.SHOWN:
            self._next.start()
        self.scanningChanged.emit()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        tr = self.desk.i18n.tr
        self.entry_mode.setText(tr("Entry check"))
        self.exit_mode.setText(tr("Exit"))
        self.inside_caption.setText(tr("Inside now"))
        self.override.setText(tr("Override…"))
        self.scan.setPlaceholderText(tr("Scan a badge here"))
        result, problem, left = self._result, self._problem, self._exit
        verdict = reason = people = media = ""
        if self.exit_mode.isChecked():
            instruction = tr("Scan the badge of the visitor who is leaving.")
        elif self._step is Step.ESCORT:
            instruction = tr("Now scan the escort's employee badge.")
        else:
            instruction = tr("Scan the visitor's badge.")
        if problem is not None:
            verdict, reason = tr("Not checked"), problem
        elif left is not None:
            verdict = tr("Exit recorded.")
        elif result is not None:
            verdict = tr("ALLOWED") if result.allowed else tr("REFUSED")
            reason = self.desk.i18n.render(result.message)
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
        set_flag(
            self.verdict,
            "problem",
            problem is not None or (result is not None and not result.allowed),
        )
        for widget, text in ((self.reason, reason), (self.people, people), (self.media, media)):
            widget.setText(text)
            widget.setVisible(bool(text))
        set_flag(self.media, "problem", result is not None and bool(result.carried_media))
        self.override.setVisible(
            problem is None
            and result is not None
            and not result.allowed
            and result.visit_id is not None
            and result.reason in OVERRIDABLE
        )
        if self.dialog is not None:
            self.dialog.retranslate_ui()
