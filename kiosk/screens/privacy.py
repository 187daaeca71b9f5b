"""Privacy notice before any personal data is entered (K2, GDPR art. 13): who, why, how long."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout

from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, flickable, label


class PrivacyScreen(Screen):
    backRequested = Signal()
    continueRequested = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        card = QFrame()
        card.setProperty("role", "card")
        column = QVBoxLayout(card)
        pad = mm_to_px(self, 6)
        column.setContentsMargins(pad, pad, pad, pad)
        column.setSpacing(mm_to_px(self, 4))
        self.sections = []
        for _ in range(5):
            heading, text = label("field"), label()
            column.addWidget(heading)
            column.addWidget(text)
            self.sections.append((heading, text))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(card)
        flickable(scroll)
        self.body.addWidget(scroll, 1)

        self.back = button()
        self.back.clicked.connect(self.backRequested)
        self.next = button("primary")
        self.next.clicked.connect(self.continueRequested)
        self.buttons.addWidget(self.back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.next)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        site = self.k.site
        self.title.setText(tr("How we use your details"))
        texts = [
            (
                tr("Who is responsible"),
                tr(
                    "{controller} is the controller of the details you give here.",
                    controller=site.privacy_controller,
                ),
            ),
            (
                tr("Why we ask"),
                tr(
                    "To know who is on the premises, to print your visitor badge, and to keep "
                    "people, property and our customers' information safe, for example in an "
                    "evacuation. The legal basis is our legitimate interest in keeping the "
                    "premises secure (GDPR article 6(1)(f))."
                ),
            ),
            (
                tr("What we keep"),
                tr(
                    "Your name, company, e-mail or phone number, the person you visit, the "
                    "purpose and time of your visit, and the agreement you sign. Your details "
                    "are stored encrypted and are not shown to other visitors."
                ),
            ),
            (
                tr("How long"),
                tr(
                    "Visitor records are kept for {days} days and then anonymised.",
                    days=site.retention_days,
                ),
            ),
            (
                tr("Your rights"),
                tr(
                    "You may ask to see, correct or erase your details, or object to their use: "
                    "{contact}. You may also complain to the data protection authority.",
                    contact=site.privacy_contact,
                ),
            ),
        ]
        for (heading, text), (heading_text, body_text) in zip(self.sections, texts, strict=True):
            heading.setText(heading_text)
            text.setText(body_text)
        self.back.setText(tr("Back"))
        self.next.setText(tr("Continue"))

    def reset(self) -> None:
        """Nothing here is the visitor's."""
