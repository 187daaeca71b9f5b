"""Logging in to the admin app with one's own account (A1); core checks it in a worker."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.app import App
from core.errors import VartioError
from core.messages import N_, Message
from core.permissions import Actor
from core.users import authenticate_password
from gui.i18n import Translator
from gui.tasks import TaskRunner
from gui.wipe import wipe

UNREADABLE = Message(N_("The log-in could not be checked. Is the database reachable?"))


class LoginDialog(QDialog):
    def __init__(
        self, app: App, runner: TaskRunner, i18n: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.i18n = app, runner, i18n
        self.actor: Actor | None = None
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(1024)
        self.username_caption, self.password_caption = QLabel(), QLabel()
        form.addRow(self.username_caption, self.username)
        form.addRow(self.password_caption, self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4161a; font-weight: 600;")
        self.message.setMinimumHeight(40)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._log_in)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    @property
    def log_in_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def retranslate_ui(self) -> None:
        tr = self.i18n.tr
        self.setWindowTitle(tr("Vartio: log in"))
        self.username_caption.setText(tr("Username"))
        self.password_caption.setText(tr("Password"))
        self.log_in_button.setText(tr("Log in"))

    def _log_in(self) -> None:
        if not self.log_in_button.isEnabled():
            return
        self.log_in_button.setEnabled(False)
        self.message.setText(self.i18n.tr("Checking…"))
        self.runner.run(
            authenticate_password,
            self.app.uow(),
            self.username.text().strip(),
            self.password.text(),
            on_done=self._accepted,
            on_error=self._refused,
        )

    def _accepted(self, actor: Actor) -> None:
        if not self.isVisible():  # cancelled while the password was being checked
            return
        self.actor = actor
        wipe(self.password)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.log_in_button.setEnabled(True)
        wipe(self.password)
        self.password.setFocus()
        message = exc.message if isinstance(exc, VartioError) else UNREADABLE
        self.message.setText(self.i18n.render(message))

    def done(self, result: int) -> None:
        wipe(self.password)  # the password never stays in a widget
        super().done(result)
