"""The live picture from the camera, or a plain sentence saying there is none."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QImage, QPixmap, QTransform
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from gui.camera import CameraState

MIRROR = QTransform().scale(-1, 1)


class CameraView(QLabel):
    """Shows frames scaled to fit, mirrored like a mirror (people aim a code more easily at
    their own mirror image), and ``placeholder`` text whenever no picture is live."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Preferred with a fixed hint: the frames never grow the label, and layouts still
        # reserve its room (Ignored would let neighbours overlap it).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setProperty("role", "camera")
        self._placeholder = ""
        self._live = False

    def sizeHint(self) -> QSize:
        return QSize(320, 180)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 90)

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        if not self._live:
            self.setText(text)

    @property
    def live(self) -> bool:
        return self._live

    @Slot(QImage)
    def show_frame(self, image: QImage) -> None:
        self._live = True
        scaled = image.transformed(MIRROR).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.setPixmap(QPixmap.fromImage(scaled))

    @Slot(str)
    def show_state(self, state: str) -> None:
        if state != CameraState.LIVE:
            self.clear_picture()

    def clear_picture(self) -> None:
        """No picture left on screen (a camera that stopped, or the kiosk's wipe)."""
        self._live = False
        self.clear()
        self.setText(self._placeholder)
