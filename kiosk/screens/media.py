"""K7: which storage media and devices the visitor brings in. One tap each; none is an answer.

[cn: 杜绝外来磁盘、光盘、U盘带入机房] The guard sees the declaration at the door check.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton

from core.media import MEDIA_KINDS
from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, label


class MediaScreen(Screen):
    backRequested = Signal()
    nextRequested = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self.lead = label("lead")
        self.body.addWidget(self.lead)
        self.body.addSpacing(mm_to_px(self, 4))
        grid = QGridLayout()
        grid.setSpacing(mm_to_px(self, 4))
        self.choices: dict[str, QPushButton] = {}
        for index, kind in enumerate(MEDIA_KINDS):
            choice = button()
            choice.setCheckable(True)
            choice.setProperty("kind", "large")
            choice.toggled.connect(lambda _on: self._refresh())
            self.choices[kind] = choice
            grid.addWidget(choice, index // 2, index % 2)
        row = QHBoxLayout()
        row.addLayout(grid)
        row.addStretch(1)
        self.body.addLayout(row)
        self.hint = label("hint")
        self.body.addWidget(self.hint)
        self.body.addStretch(1)

        self.back = button()
        self.back.clicked.connect(self.backRequested)
        self.next = button("primary")
        self.next.clicked.connect(self.nextRequested)
        self.buttons.addWidget(self.back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.next)
        self.retranslate_ui()

    def carried(self) -> dict[str, int]:
        return {kind: 1 for kind, choice in self.choices.items() if choice.isChecked()}

    def _refresh(self) -> None:
        tr = self.k.i18n.tr
        self.next.setText(tr("Next") if self.carried() else tr("I bring none of these"))

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.title.setText(tr("Are you bringing any of these?"))
        self.lead.setText(
            tr("Tap each kind you carry. Data media may not be taken into the equipment room.")
        )
        self.hint.setText(tr("Your phone does not count here."))
        for kind, choice in self.choices.items():
            choice.setText(tr(MEDIA_KINDS[kind]))
        self.back.setText(tr("Back"))
        self._refresh()

    def reset(self) -> None:
        for choice in self.choices.values():
            choice.setChecked(False)
        self._refresh()
