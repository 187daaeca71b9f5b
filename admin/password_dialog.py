"""A1: a person changes their own password — the old one, the new one twice. Core checks the
old one (a wrong one counts towards lockout) and the new one's length."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from core.accounts import change_own_password
from core.app import App
from gui.i18n import Translator, problem_text
from gui.tasks import TaskRunner
from gui.widgets import button, label


class PasswordDialog(QDialog):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        username: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.i18n, self.username = app, runner, i18n, username
        tr = i18n.tr
        self.setWindowTitle(tr("Change your password"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        form = QFormLayout()
        self.old, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for caption, field in (
            (tr("Current password"), self.old),
            (tr("New password"), self.new),
            (tr("New password again"), self.again),
        ):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(caption, field)
        layout.addLayout(form)
        self.message = label("error")
        self.message.setMinimumHeight(40)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        cancel = button()
        cancel.setText(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.change = button("primary")
        self.change.setText(tr("Change"))
        self.change.clicked.connect(self._change)
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(self.change)
        layout.addLayout(row)

    def _change(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText(self.i18n.tr("The two new passwords differ."))
            return
        self.change.setEnabled(False)
        self.message.setText(self.i18n.tr("Checking…"))
        self.runner.run(
            change_own_password,
            self.app.uow,
            self.username,
            self.old.text(),
            self.new.text(),
            on_done=lambda _none: self.accept(),
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.change.setEnabled(True)
        self.old.clear()
        self.message.setText(problem_text(self.i18n, exc))
