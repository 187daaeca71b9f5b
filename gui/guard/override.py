"""G5: the guard overrides a refusal at the door — what was refused and why, a reason from a
fixed list (no free text about people in the audit chain), and the guard's own PIN again.
The dialog only asks; the door panel runs the override and reports back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from core.door import DoorResult
from core.door_override import OVERRIDE_REASON_TEXT, OverrideReason
from gui.i18n import Translator
from gui.style import mm_to_px
from gui.widgets import button, label


class OverrideDialog(QDialog):
    confirmed = Signal(object, str)  # OverrideReason, PIN

    def __init__(self, i18n: Translator, refusal: DoorResult, parent: QWidget | None = None):
        super().__init__(parent)
        self.i18n, self.refusal = i18n, refusal
        self.setModal(True)
        layout = QVBoxLayout(self)
        pad = mm_to_px(self, 6)
        layout.setContentsMargins(pad, pad, pad, pad)
        # Sized once when shown; a message appearing later must not resize the dialog.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumWidth(mm_to_px(self, 120))
        self.heading = label("title")
        self.refused = label("lead")
        self.reason_caption, self.pin_caption = label("field"), label("field")
        self.reason = QComboBox()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
        self.pin.returnPressed.connect(self._confirm)
        self.reason_caption.setBuddy(self.reason)
        self.pin_caption.setBuddy(self.pin)
        self.message = label("error")
        self.message.setMinimumHeight(mm_to_px(self, 12))
        for widget in (self.heading, self.refused, self.reason_caption, self.reason,
                       self.pin_caption, self.pin, self.message):  # fmt: skip
            layout.addWidget(widget)
        row = QHBoxLayout()
        self.cancel = button()
        self.cancel.clicked.connect(self.reject)
        self.allow = button("primary")
        self.allow.clicked.connect(self._confirm)
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.allow)
        layout.addLayout(row)
        self.retranslate_ui()
        self.pin.setFocus()

    def retranslate_ui(self) -> None:
        tr = self.i18n.tr
        self.setWindowTitle(tr("Override"))
        self.heading.setText(tr("Let the visitor in anyway?"))
        self.refused.setText(tr("Refused: {reason}", reason=self.i18n.render(self.refusal.message)))
        self.reason_caption.setText(tr("Reason"))
        self.pin_caption.setText(tr("Your PIN"))
        chosen = max(self.reason.currentIndex(), 0)
        self.reason.clear()
        for reason, text in OVERRIDE_REASON_TEXT.items():
            self.reason.addItem(tr(text), reason.value)
        self.reason.setCurrentIndex(chosen)
        self.cancel.setText(tr("Cancel"))
        self.allow.setText(tr("Allow entry"))

    def _confirm(self) -> None:
        if not self.pin.text() or not self.allow.isEnabled():
            return
        self.allow.setEnabled(False)
        self.message.clear()
        pin = self.pin.text()
        self.pin.clear()  # the PIN is not kept on screen while core checks it
        self.confirmed.emit(OverrideReason(self.reason.currentData()), pin)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.allow.setEnabled(True)
        self.pin.setFocus()
