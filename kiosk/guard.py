"""Staff at the kiosk: a guard's username and PIN, checked by core in a worker, either opens
guard mode (G1, the guard's own account acts from then on) or closes the kiosk (K12)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from core.errors import VartioError
from core.messages import N_, Message
from core.permissions import Actor
from core.users import authorise_kiosk_exit, enter_guard_mode
from gui.style import mm_to_px
from gui.wipe import wipe
from kiosk.context import Kiosk
from kiosk.screens.base import button, label

GUARD_MODE, CLOSE = "guard_mode", "close"


class GuardDialog(QDialog):
    def __init__(self, kiosk: Kiosk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.k = kiosk
        self.setModal(True)
        self._checking = False
        self.choice: str | None = None  # GUARD_MODE or CLOSE, once accepted
        self.actor: Actor | None = None
        layout = QVBoxLayout(self)
        pad = mm_to_px(self, 8)
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(mm_to_px(self, 2))
        # Sized once when shown; a message appearing later must not resize the dialog.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumWidth(mm_to_px(self, 120))
        self.heading = label("title")
        layout.addWidget(self.heading)
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
        self.pin.returnPressed.connect(lambda: self._unlock(GUARD_MODE))
        self.username_caption, self.pin_caption = label("field"), label("field")
        for caption, edit in ((self.username_caption, self.username), (self.pin_caption, self.pin)):
            caption.setBuddy(edit)
            layout.addWidget(caption)
            layout.addWidget(edit)
        self.message = label("error")
        self.message.setMinimumHeight(mm_to_px(self, 12))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.cancel = button()
        self.cancel.clicked.connect(self.reject)
        self.unlock = button()
        self.unlock.clicked.connect(lambda: self._unlock(CLOSE))
        self.guard = button("primary")
        self.guard.clicked.connect(lambda: self._unlock(GUARD_MODE))
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.unlock)
        row.addWidget(self.guard)
        layout.addLayout(row)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.setWindowTitle(tr("Staff"))
        self.heading.setText(tr("Staff"))
        self.username_caption.setText(tr("Username"))
        self.pin_caption.setText(tr("PIN"))
        self.cancel.setText(tr("Cancel"))
        self.unlock.setText(tr("Close the kiosk"))
        self.guard.setText(tr("Guard mode"))

    def _unlock(self, choice: str) -> None:
        if self._checking:
            return
        self._checking, self.choice = True, choice
        self.unlock.setEnabled(False)
        self.guard.setEnabled(False)
        self.message.setText(self.k.i18n.tr("Checking…"))
        self.k.runner.run(
            enter_guard_mode if choice == GUARD_MODE else authorise_kiosk_exit,
            self.k.app.uow,
            self.username.text().strip(),
            self.pin.text(),
            self.k.site.id,
            on_done=self._checked,
            on_error=self._refused,
        )

    def _checked(self, actor: Actor) -> None:
        if not self.isVisible():  # cancelled while the PIN was being checked
            return
        wipe(self.pin)
        self.actor = actor
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, VartioError):  # wrong PIN, locked out, or not a guard here
            self._refuse(exc.message)
        else:
            self._refuse(Message(N_("The PIN could not be checked. Please try again.")))

    def _refuse(self, message: Message) -> None:
        self._checking = False
        wipe(self.pin)
        self.pin.setFocus()
        self.unlock.setEnabled(True)
        self.guard.setEnabled(True)
        self.message.setText(self.k.i18n.render(message))

    def done(self, result: int) -> None:
        wipe(self.pin)  # the PIN never stays in a widget
        super().done(result)
