"""The admin app's main window: who is logged in, visitors on site (K8), the guard views
(G1-G5) for those who check doors; log out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from admin.agreements_tab import AgreementsTab
from admin.audit_tab import AuditTab
from admin.guard_tab import GuardTab
from admin.noncompete_tab import NonCompeteTab
from admin.offboarding_tab import OffboardingTab
from admin.password_dialog import PasswordDialog
from admin.roster_panel import RosterPanel
from core.app import App
from core.messages import N_
from core.offboarding import overdue_summary
from core.offboarding_certificate import DueCounts
from core.permissions import Actor, Permission, Role, granted_somewhere
from core.printing import Printer
from gui.i18n import Translator
from gui.idle import IdleWatcher
from gui.style import desk_stylesheet
from gui.tasks import TaskRunner
from gui.widgets import set_flag

ROLE_LABELS = {
    Role.ADMINISTRATOR: N_("Administrator"),
    Role.HR: N_("HR"),
    Role.SECURITY: N_("Security"),
    Role.RECEPTION: N_("Reception"),
}


class MainWindow(QMainWindow):
    loggedOut = Signal()

    def __init__(
        self,
        actor: Actor,
        username: str,
        i18n: Translator,
        app: App,
        runner: TaskRunner,
        printer: Printer,
        idle_seconds: float = 600,
    ) -> None:
        super().__init__()
        # A1: an unattended desk logs itself out; personal data does not stay on screen.
        self.idled = False
        self.idle = IdleWatcher(idle_seconds, self)
        self.idle.timedOut.connect(self._idle_out)
        self.actor, self.username, self.i18n = actor, username, i18n
        self.setStyleSheet(desk_stylesheet())
        self.setMinimumSize(560, 320)
        self.resize(960, 600)
        self.log_out = QAction(self)
        self.log_out.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.log_out.triggered.connect(self._log_out)
        self.password = QAction(self)
        self.password.triggered.connect(self.ask_password)
        self.password_dialog: PasswordDialog | None = None
        self._app, self._runner = app, runner
        self.quit = QAction(self)
        self.quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit.triggered.connect(self.close)
        self.session_menu = self.menuBar().addMenu("")
        self.session_menu.addAction(self.password)
        self.session_menu.addAction(self.log_out)
        self.session_menu.addAction(self.quit)
        toolbar = self.addToolBar("session")
        toolbar.setMovable(False)
        toolbar.addAction(self.log_out)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(32, 24, 32, 24)
        self.who = QLabel()
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.roles = QLabel()
        self.sites = QLabel()
        # A4: overdue offboarding tasks at a glance, for those who handle them.
        self.overdue = QLabel()
        self.overdue.setProperty("role", "strong")
        self.overdue.hide()
        for line in (self.who, self.roles, self.sites, self.overdue):
            line.setWordWrap(True)
            layout.addWidget(line)
        layout.addSpacing(16)
        self.tabs = QTabWidget()
        self.roster = RosterPanel(app, runner, i18n, actor, printer)
        self.tabs.addTab(self.roster, "")
        # Guard views (G1-G5) for people who check doors somewhere.
        self.guard: GuardTab | None = None
        if granted_somewhere(actor, Permission.DOOR_CHECK):
            self.guard = GuardTab(app, runner, i18n, actor, printer)
            self.tabs.addTab(self.guard, "")
        # Agreements (A3) for HR and administrators.
        self.agreements: AgreementsTab | None = None
        self.noncompete: NonCompeteTab | None = None
        if granted_somewhere(actor, Permission.MANAGE_AGREEMENTS):
            self.agreements = AgreementsTab(app, runner, i18n, actor)
            self.tabs.addTab(self.agreements, "")
            self.noncompete = NonCompeteTab(app, runner, i18n, actor)
            self.tabs.addTab(self.noncompete, "")
        # Offboarding (A4) for HR and administrators.
        self.offboarding: OffboardingTab | None = None
        if granted_somewhere(actor, Permission.MANAGE_OFFBOARDING):
            self.offboarding = OffboardingTab(app, runner, i18n, actor)
            self.tabs.addTab(self.offboarding, "")
        # The audit log (A7) for security and administrators.
        self.audit: AuditTab | None = None
        if granted_somewhere(actor, Permission.VIEW_AUDIT):
            self.audit = AuditTab(app, runner, i18n, actor)
            self.tabs.addTab(self.audit, "")
        layout.addWidget(self.tabs, 1)
        self._overdue: tuple[int, int] | None = None
        if self.offboarding is not None:
            runner.run(
                overdue_summary, app.uow(), actor, on_done=self._overdue_loaded, on_error=None
            )
        self.setCentralWidget(central)
        self.retranslate_ui()
        self.roster.refresh()

    def retranslate_ui(self) -> None:
        tr = self.i18n.tr
        self.setWindowTitle(tr("Vartio administration"))
        self.session_menu.setTitle(tr("&Session"))
        self.log_out.setText(tr("Log out"))
        self.password.setText(tr("Change your password…"))
        self.quit.setText(tr("Quit"))
        self.who.setText(tr("Logged in as {username}", username=self.username))
        roles = ", ".join(tr(ROLE_LABELS[role]) for role in sorted(self.actor.roles))
        self.roles.setText(tr("Roles: {roles}", roles=roles))
        self.sites.setText(tr("Assigned sites: {count}", count=len(self.actor.site_ids)))
        self.tabs.setTabText(0, tr("Visitors on site now"))
        if self.guard is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.guard), tr("Guard"))
        if self.agreements is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.agreements), tr("Agreements"))
        if self.audit is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.audit), tr("Audit log"))
        if self.noncompete is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.noncompete), tr("Non-compete"))
        if self.offboarding is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.offboarding), tr("Offboarding"))
        if self._overdue is not None:
            overdue, soon = self._overdue
            self.overdue.setText(
                tr(
                    "Offboarding tasks overdue: {overdue}; due within 2 days: {soon}",
                    overdue=overdue,
                    soon=soon,
                )
            )
            set_flag(self.overdue, "problem", overdue > 0)
            self.overdue.show()

    def _overdue_loaded(self, counts: dict[str, DueCounts]) -> None:
        self._overdue = (
            sum(c.overdue for c in counts.values()),
            sum(c.due_soon for c in counts.values()),
        )
        self.retranslate_ui()

    def ask_password(self) -> None:
        if self.password_dialog is not None:
            return
        self.password_dialog = PasswordDialog(
            self._app, self._runner, self.i18n, self.username, self
        )
        self.password_dialog.finished.connect(self._password_closed)
        self.password_dialog.open()

    def _password_closed(self, result: int) -> None:
        self.password_dialog = None
        if result == PasswordDialog.DialogCode.Accepted:
            self.statusBar().showMessage(self.i18n.tr("Your password was changed."), 10_000)

    def _idle_out(self) -> None:
        self.idled = True
        self._log_out()

    def _log_out(self) -> None:
        self.idle.stop()
        if self.guard is not None:
            self.guard.stop()
        self.loggedOut.emit()
        self.close()
