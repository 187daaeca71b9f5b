"""K5: a photo for the badge from the kiosk's camera. Optional, and skipped without a camera.

The live picture is mirrored (people frame themselves in a mirror); the photo taken is not,
so the badge shows the face as others see it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout

from gui.camera import portrait_png
from gui.camera_view import CameraView
from gui.style import mm_to_px
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button, label


class PhotoScreen(Screen):
    backRequested = Signal()
    nextRequested = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        self._photo: bytes | None = None
        self.lead = label("lead")
        self.body.addWidget(self.lead)
        self.view = CameraView()
        self.view.setMinimumSize(mm_to_px(self, 60), mm_to_px(self, 60))
        kiosk.camera.frameReady.connect(self._frame)
        self.still = label(wrap=False)
        self.still.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addWidget(self.still, 1)
        self.body.addLayout(row, 1)

        self.back = button()
        self.back.clicked.connect(self.backRequested)
        self.skip = button()
        self.skip.clicked.connect(self._skip)
        self.take = button("primary")
        self.take.clicked.connect(self._take_or_use)
        self.retake = button()
        self.retake.clicked.connect(self._retake)
        self.buttons.addWidget(self.back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.skip)
        self.buttons.addWidget(self.retake)
        self.buttons.addWidget(self.take)
        self.reset()

    @property
    def photo_png(self) -> bytes | None:
        return self._photo

    def _frame(self, image: QImage) -> None:
        if self.isVisible() and self._photo is None:
            self.view.show_frame(image)

    def _take_or_use(self) -> None:
        if self._photo is not None:
            self.nextRequested.emit()
            return
        frame = self.k.camera.snapshot()
        if frame is None:
            self.lead.setText(self.k.i18n.tr("The camera gives no picture. You can go on without."))
            return
        self.take.setEnabled(False)
        self.k.runner.run(portrait_png, frame, on_done=self._taken, on_error=self._failed)

    def _taken(self, png: bytes) -> None:
        self.take.setEnabled(True)
        self._photo = png
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.still.setPixmap(
            pixmap.scaledToHeight(mm_to_px(self, 60), Qt.TransformationMode.SmoothTransformation)
        )
        self._show_state()

    def _failed(self, _exc: BaseException) -> None:
        self.take.setEnabled(True)
        self.lead.setText(self.k.i18n.tr("The photo could not be taken. You can go on without."))

    def _retake(self) -> None:
        self._forget()
        self._show_state()

    def _skip(self) -> None:
        self._forget()
        self.nextRequested.emit()

    def _forget(self) -> None:
        self._photo = None
        self.still.clear()

    def _show_state(self) -> None:
        tr = self.k.i18n.tr
        taken = self._photo is not None
        self.view.setVisible(not taken)
        self.still.setVisible(taken)
        self.retake.setVisible(taken)
        self.lead.setText(
            tr("Is this photo good for your badge?")
            if taken
            else tr("Look at the camera and tap “Take photo”.")
        )
        self.take.setText(tr("Use this photo") if taken else tr("Take photo"))

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.title.setText(tr("A photo for your badge"))
        self.view.set_placeholder(tr("Starting the camera…"))
        self.back.setText(tr("Back"))
        self.skip.setText(tr("No photo"))
        self.retake.setText(tr("Take again"))
        self._show_state()

    def reset(self) -> None:
        self._forget()
        self.view.clear_picture()
        self.take.setEnabled(True)
        self.retranslate_ui()
