"""The NDA in the visitor's language: read to the end, then sign with a finger (K6)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QTextBrowser

from core.agreements import AgreementText
from gui.signature_pad import SignaturePad
from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, flickable, label


class AgreementScreen(Screen):
    backRequested = Signal()
    signed = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self._agreement: AgreementText | None = None
        self._read_to_end = False

        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        flickable(self.text)
        bar = self.text.verticalScrollBar()
        bar.valueChanged.connect(self._check_read)
        bar.rangeChanged.connect(self._check_read)
        self.body.addWidget(self.text, 3)
        self.hint = label("lead")
        self.body.addWidget(self.hint)
        self.pad = SignaturePad()
        self.pad.setMinimumHeight(mm_to_px(self, 38))
        self.pad.changed.connect(self._update_buttons)
        self.body.addWidget(self.pad, 2)

        self.back = button()
        self.back.clicked.connect(self.backRequested)
        self.clear = button()
        self.clear.clicked.connect(self.pad.clear)
        self.finish = button("primary")
        self.finish.clicked.connect(self._finish)
        self.buttons.addWidget(self.back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.clear)
        self.buttons.addWidget(self.finish)
        self.reset()

    @property
    def agreement(self) -> AgreementText | None:
        return self._agreement

    @property
    def read_to_end(self) -> bool:
        return self._read_to_end

    def set_agreement(self, agreement: AgreementText) -> None:
        self._agreement = agreement
        self._read_to_end = False
        self.title.setText(agreement.title)
        self.text.setPlainText(agreement.body)
        self.text.verticalScrollBar().setValue(0)
        self.pad.clear()
        self._update_buttons()

    def signature_png(self) -> bytes:
        return self.pad.to_png()

    def _check_read(self, *_args: object) -> None:
        bar = self.text.verticalScrollBar()
        if self._read_to_end or self._agreement is None or not self.text.isVisible():
            return  # the range of a hidden text is not what the visitor sees
        if bar.value() >= bar.maximum():
            self._read_to_end = True
            self._update_buttons()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Once laid out at its real size: a short text that fits on screen counts as read.
        QTimer.singleShot(0, self, self._check_read)

    def _finish(self) -> None:
        if self._read_to_end and not self.pad.is_empty():
            self.signed.emit()

    def _update_buttons(self) -> None:
        self.pad.setEnabled(self._read_to_end)
        self.clear.setEnabled(self._read_to_end and not self.pad.is_empty())
        self.finish.setEnabled(self._read_to_end and not self.pad.is_empty())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        if self._agreement is not None:
            self.title.setText(self._agreement.title)
        if not self._read_to_end:
            self.hint.setText(tr("Please read the agreement to the end. Then you can sign."))
        else:
            self.hint.setText(tr("Sign with your finger in the box below."))
        self.pad.set_placeholder(tr("Sign here") if self._read_to_end else "")
        self.back.setText(tr("Back"))
        self.clear.setText(tr("Clear"))
        self.finish.setText(tr("Sign and finish"))

    def reset(self) -> None:
        self._agreement = None
        self._read_to_end = False
        self.title.clear()
        self.text.clear()
        self.pad.clear()
        self._update_buttons()
