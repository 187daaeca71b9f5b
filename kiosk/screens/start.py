"""First screen: pick a language (names in their own language), then check in (K1).

Visitors who are leaving, or who bring an invitation, show its QR code to the camera beside
the buttons (or to a scanner typing like a keyboard); the window acts on what is read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout

from gui.camera import CameraState
from gui.camera_view import CameraView
from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, label
from resources.i18n import LANGUAGES


class StartScreen(Screen):
    checkInRequested = Signal()
    staffRequested = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.site_name = label("lead")
        self.site_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.site_name)
        self.body.addStretch(1)

        self.choose = label("field")
        self.choose.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.choose)
        grid = QGridLayout()
        grid.setSpacing(mm_to_px(self, 4))
        self.language_group = QButtonGroup(self)
        self.language_buttons = {}
        for index, (code, name) in enumerate(LANGUAGES.items()):
            choice = button()
            choice.setText(name)  # always in its own language
            choice.setCheckable(True)
            choice.setProperty("kind", "large")
            choice.clicked.connect(lambda _checked, code=code: self.k.i18n.set_language(code))
            self.language_group.addButton(choice)
            self.language_buttons[code] = choice
            grid.addWidget(choice, index // 2, index % 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(1)

        self.check_in = button("primary")
        self.check_in.setProperty("kind", "large")
        self.check_in.clicked.connect(self.checkInRequested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.check_in)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(1)

        # The camera corner: the live picture with one sentence beside it.
        self.camera_view = CameraView()
        self.camera_view.setFixedSize(mm_to_px(self, 64), mm_to_px(self, 36))
        kiosk.camera.frameReady.connect(self.camera_view.show_frame)
        kiosk.camera.stateChanged.connect(self._camera_state)
        self.scan_hint = label("hint")
        row = QHBoxLayout()
        row.setSpacing(mm_to_px(self, 5))
        row.addStretch(1)
        row.addWidget(self.camera_view)
        row.addWidget(self.scan_hint, 1)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(1)

        self.staff = button("quiet")
        self.staff.clicked.connect(self.staffRequested)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.staff)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.title.setText(tr("Welcome"))
        self.site_name.setText(self.k.site.name)
        self.choose.setText(tr("Choose your language"))
        self.check_in.setText(tr("Check in"))
        self.staff.setText(tr("Staff"))
        self.language_buttons[self.k.i18n.language].setChecked(True)
        self.scan_hint.setText(
            tr("Leaving, or invited? Show the QR code of your badge or invitation to the camera.")
        )
        if self.k.camera.state is CameraState.UNAVAILABLE:
            placeholder = tr("No camera here. Please use the scanner, or see reception.")
        else:
            placeholder = tr("Starting the camera…")
        self.camera_view.set_placeholder(placeholder)

    def _camera_state(self, state: str) -> None:
        self.camera_view.show_state(state)
        self.retranslate_ui()

    def reset(self) -> None:
        self.language_buttons[self.k.i18n.language].setChecked(True)
        self.camera_view.clear_picture()
