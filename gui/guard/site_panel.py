"""The whole site at a glance (G2, G3, G5): everyone on site with overstays marked, badges not
returned, a manual check-out with a reason, the open alerts with "Acknowledge", and the
muster list in one tap — printed, or shown here when the printer is down. The lists refresh
themselves; all reading is done by core in the runner (and audited there)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QListWidget, QVBoxLayout, QWidget

from core.alerts import ALERT_TEXT, AlertView, acknowledge, open_alerts
from core.checkout import MANUAL_REASON_TEXT, ManualReason, manual_check_out
from core.clock import to_local
from core.muster import MusterOutcome, print_muster
from core.permissions import Actor
from core.roster import OnSite, Unreturned, badges_not_returned, on_site
from gui.guard.desk import GuardDesk, GuardPanel
from gui.i18n import problem_text
from gui.widgets import button, label, set_flag

REFRESH_MS = 30_000


class SitePanel(GuardPanel):
    def __init__(
        self, desk: GuardDesk, muster_button: bool = True, parent: QWidget | None = None
    ) -> None:
        """``muster_button``: the panel shows its own; the kiosk keeps one in reach instead."""
        super().__init__(desk, parent)
        self._printing = False
        self._on_site: list[OnSite] = []
        self._alerts: list[AlertView] = []
        self._muster: MusterOutcome | None = None
        self._problem = ""
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        left, right = QVBoxLayout(), QVBoxLayout()
        self.on_site_caption = label("field")
        self.on_site = QListWidget()
        self.unreturned = label("hint")
        self.reason_choice = QComboBox()
        self.check_out = button()
        self.check_out.clicked.connect(self._check_out)
        row = QHBoxLayout()
        row.addWidget(self.reason_choice, 1)
        row.addWidget(self.check_out)
        left.addWidget(self.on_site_caption)
        left.addWidget(self.on_site, 1)
        left.addWidget(self.unreturned)
        left.addLayout(row)
        self.muster = button("primary")
        self.muster.clicked.connect(self.print_muster)
        self.muster.setVisible(muster_button)
        self.muster_title = label("title")
        self.muster_counts = label("lead")
        self.muster_people = label()
        self.problem = label("hint")
        self.alerts_caption = label("field")
        self.alerts = QListWidget()
        self.acknowledge = button()
        self.acknowledge.clicked.connect(self._acknowledge)
        for widget in (self.muster, self.muster_title, self.muster_counts, self.muster_people):
            right.addWidget(widget)
        right.addWidget(self.alerts_caption)
        right.addWidget(self.alerts, 1)
        right.addWidget(self.acknowledge)
        right.addWidget(self.problem)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.load)
        self.retranslate_ui()

    def start(self, actor: Actor) -> None:
        self.stop()
        super().start(actor)
        self._refresh.start()
        self.load()

    def stop(self) -> None:
        super().stop()
        self._refresh.stop()
        self._on_site, self._alerts, self._muster, self._problem = [], [], None, ""
        self.unreturned.setText("")
        self._printing = False
        self.muster.setEnabled(True)
        self.retranslate_ui()

    def load(self) -> None:
        site = self.desk.site_id
        self.run(on_site, [site], on_done=self._on_site_loaded, on_error=self._failed)
        self.run(badges_not_returned, site, on_done=self._unreturned, on_error=self._failed)
        self.run(open_alerts, site, on_done=self._alerts_loaded, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._problem = problem_text(self.desk.i18n, exc)
        self.retranslate_ui()

    def _on_site_loaded(self, people: list[OnSite]) -> None:
        self._on_site = people
        self._show_on_site()

    def _show_on_site(self) -> None:
        tr = self.desk.i18n.tr
        keep = self.on_site.currentRow()
        self.on_site.clear()
        for person in self._on_site:
            text = f"{person.first_name} {person.last_name} — {person.host_name}"
            if person.overstay:
                text += " — " + tr("overstay")
            self.on_site.addItem(text)
        if 0 <= keep < self.on_site.count():
            self.on_site.setCurrentRow(keep)
        self.check_out.setEnabled(bool(self._on_site))

    def _unreturned(self, badges: list[Unreturned]) -> None:
        self.unreturned.setText(
            self.desk.i18n.tr("Badges not returned (7 days): {count}", count=len(badges))
        )

    def _check_out(self) -> None:
        row = self.on_site.currentRow()
        if not 0 <= row < len(self._on_site):
            return
        self.run(
            manual_check_out,
            self._on_site[row].visit_id,
            ManualReason(self.reason_choice.currentData()),
            on_done=lambda _result: self.load(),
            on_error=self._failed,
        )

    def _alerts_loaded(self, alerts: list[AlertView]) -> None:
        self._alerts = alerts
        self._show_alerts()

    def _show_alerts(self) -> None:
        tr = self.desk.i18n.tr
        self.alerts.clear()
        for alert in self._alerts:
            text = tr(ALERT_TEXT[alert.kind]) if alert.kind in ALERT_TEXT else alert.kind
            at = to_local(alert.created_at, self.desk.timezone)
            self.alerts.addItem(f"{at:%H:%M}  {text}")
        self.acknowledge.setEnabled(bool(self._alerts))

    def _acknowledge(self) -> None:
        row = self.alerts.currentRow()
        if not 0 <= row < len(self._alerts):
            return
        self.run(
            acknowledge,
            self._alerts[row].id,
            on_done=lambda _alert: self.load(),
            on_error=self._failed,
        )

    def print_muster(self) -> None:
        if self.actor is None or self._printing:
            return
        self._printing = True
        self.muster.setEnabled(False)
        self._problem = ""
        self.desk.runner.run(
            print_muster,
            self.desk.app.uow,
            self.actor,
            self.desk.site_id,
            self.desk.printer,
            self.desk.i18n.language,
            on_done=self._muster_done,
            on_error=self._muster_failed,
        )

    def _muster_failed(self, exc: BaseException) -> None:
        self._printing = False
        self.muster.setEnabled(True)
        self._failed(exc)

    def _muster_done(self, outcome: MusterOutcome) -> None:
        self._printing = False
        self.muster.setEnabled(True)
        # Kept until the guard leaves: a list on screen must not vanish during an evacuation.
        self._muster = outcome
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.desk.i18n.tr
        self.on_site_caption.setText(tr("On site"))
        self.check_out.setText(tr("Check out"))
        self.alerts_caption.setText(tr("Alerts"))
        self.acknowledge.setText(tr("Acknowledge"))
        self.muster.setText(tr("Muster list"))
        chosen = self.reason_choice.currentIndex()
        self.reason_choice.clear()
        for reason, text in MANUAL_REASON_TEXT.items():
            self.reason_choice.addItem(tr(text), reason.value)
        self.reason_choice.setCurrentIndex(max(chosen, 0))
        self._show_on_site()
        self._show_alerts()
        title, counts, people = self._muster_texts()
        shown = (
            (self.muster_title, title),
            (self.muster_counts, counts),
            (self.muster_people, people),
            (self.problem, self._problem),
        )
        for widget, text in shown:
            widget.setText(text)
            widget.setVisible(bool(text))
        set_flag(
            self.muster_title, "problem", self._muster is not None and not self._muster.printed
        )
        set_flag(self.problem, "problem", bool(self._problem))

    def _muster_texts(self) -> tuple[str, str, str]:
        outcome = self._muster
        if outcome is None:
            return "", "", ""
        tr = self.desk.i18n.tr
        listed = outcome.muster
        count = tr("Visitors on site: {count}", count=len(listed.people))
        if outcome.printed:
            return tr("Muster list printed."), count, ""
        # The printer is down: the list itself, on screen, is what the guard needs now.
        lines = [
            f"{p.first_name} {p.last_name}" + (f" — {p.zone_name}" if p.zone_name else "")
            for p in listed.people
        ]
        why = self.desk.i18n.render(outcome.message) if outcome.message else ""
        return tr("Muster list"), f"{why} {count}".strip(), "\n".join(lines)
