"""Visitors on site now, with "Reprint badge" for the selected one (K8); work in the runner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin.roster_model import RosterModel
from core.app import App
from core.badges import reprint_badge
from core.errors import VartioError
from core.messages import N_, Message
from core.outbox import JobOutcome, deliver_pending
from core.permissions import Actor, Permission, granted_somewhere
from core.printing import Printer
from core.roster import OnSite, on_site
from gui.i18n import Translator
from gui.table_model import ROW_ROLE
from gui.tasks import TaskRunner

NOT_READ = Message(N_("The list could not be read. Is the database reachable?"))
NO_ACCESS = N_(
    "Visitors on site are shown to reception and security. Your role does not include them."
)
NOT_REPRINTED = Message(N_("The badge could not be reprinted. Is the database reachable?"))


def may_see_roster(actor: Actor) -> bool:
    """Whether the actor manages visits at any site (core decides again for each site)."""
    return granted_somewhere(actor, Permission.MANAGE_VISITS)


def reprint_and_print(app: App, actor: Actor, printer: Printer, visit_id: str) -> JobOutcome:
    """A new badge for the visit, printed at once; a printer failure leaves it queued."""
    reprint = reprint_badge(app.uow(), actor, visit_id)
    return deliver_pending(app.uow, printer, [reprint.job_id])[0]


class RosterPanel(QWidget):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        printer: Printer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.i18n, self.actor = app, runner, i18n, actor
        self.printer = printer
        self.allowed = may_see_roster(actor)
        self._loads = 0  # only the latest load's answer fills the table
        self._reprinting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        layout.addWidget(self.title)
        self.no_access = QLabel()
        self.no_access.setWordWrap(True)
        self.table: QTableView | None = None
        self.model: RosterModel | None = None
        self.refresh_button = QPushButton()
        self.reprint_button = QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        if not self.allowed:
            layout.addWidget(self.no_access)
            self.refresh_button.hide()
            self.reprint_button.hide()
            self.status.hide()
        else:
            self.no_access.hide()
            self.model = RosterModel(i18n, self)
            self.table = QTableView()
            self.table.setModel(self.model)
            self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.table.verticalHeader().hide()
            self.table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
            self.table.horizontalHeader().setStretchLastSection(True)
            self.table.selectionModel().selectionChanged.connect(self._update_buttons)
            layout.addWidget(self.table, 1)
            buttons = QHBoxLayout()
            buttons.addWidget(self.refresh_button)
            buttons.addStretch(1)
            buttons.addWidget(self.reprint_button)
            layout.addLayout(buttons)
            layout.addWidget(self.status)
            self.refresh_button.clicked.connect(self.refresh)
            self.reprint_button.clicked.connect(self.reprint)
        self._update_buttons()
        self.retranslate_ui()
        i18n.languageChanged.connect(self.retranslate_ui)

    def retranslate_ui(self, _language: str = "") -> None:
        tr = self.i18n.tr
        self.title.setText(tr("Visitors on site now"))
        self.no_access.setText(tr(NO_ACCESS))
        self.refresh_button.setText(tr("Refresh"))
        self.reprint_button.setText(tr("Reprint badge"))

    def selected_visit(self) -> str | None:
        if self.table is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE).visit_id if rows else None

    def _update_buttons(self, *_args: object) -> None:
        self.reprint_button.setEnabled(not self._reprinting and self.selected_visit() is not None)

    def refresh(self) -> None:
        if not self.allowed:
            return
        self._loads += 1
        load = self._loads
        self.refresh_button.setEnabled(False)
        self.runner.run(
            on_site,
            self.app.uow(),
            self.actor,
            on_done=lambda rows: self._loaded(load, rows),
            on_error=lambda exc: self._not_loaded(load, exc),
        )

    def _loaded(self, load: int, rows: list[OnSite]) -> None:
        if load != self._loads or self.model is None or self.table is None:
            return
        keep = self.selected_visit()
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep else None
        if row is not None:
            self.table.selectRow(row)
        self.refresh_button.setEnabled(True)
        self._update_buttons()

    def _not_loaded(self, load: int, exc: BaseException) -> None:
        if load != self._loads:
            return
        self.refresh_button.setEnabled(True)
        message = exc.message if isinstance(exc, VartioError) else NOT_READ
        self.status.setText(self.i18n.render(message))

    def reprint(self) -> None:
        visit_id = self.selected_visit()
        if visit_id is None or self._reprinting:
            return
        self._reprinting = True
        self._update_buttons()
        self.status.setText(self.i18n.tr("Printing a new badge…"))
        self.runner.run(
            reprint_and_print,
            self.app,
            self.actor,
            self.printer,
            visit_id,
            on_done=self._reprinted,
            on_error=self._not_reprinted,
        )

    def _reprinted(self, outcome: JobOutcome) -> None:
        tr = self.i18n.tr
        if outcome.ok:
            self.status.setText(tr("The new badge was printed. The old one no longer works."))
        else:
            problem = self.i18n.render(outcome.message) if outcome.message else ""
            self.status.setText(tr("{problem} The badge stays queued.", problem=problem).strip())
        self._reprint_finished()

    def _not_reprinted(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, VartioError) else NOT_REPRINTED
        self.status.setText(self.i18n.render(message))
        self._reprint_finished()

    def _reprint_finished(self) -> None:
        self._reprinting = False
        self._update_buttons()
        self.refresh()
