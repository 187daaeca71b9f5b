"""What every kiosk screen has: a title, a body, a row of buttons, and the two duties.

``retranslate_ui()`` redraws every visible text in the current language without touching
what the visitor typed; ``reset()`` forgets everything the visitor entered (K12).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from gui.style import mm_to_px
from gui.widgets import button, label, set_flag
from kiosk.context import Kiosk

__all__ = ["OutcomeScreen", "Screen", "button", "flickable", "label", "set_flag"]


def flickable(area: QAbstractScrollArea) -> None:
    """Let a finger drag the content (touch arrives as mouse presses), like on a phone."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


class Screen(QWidget):
    def __init__(self, kiosk: Kiosk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.k = kiosk
        outer = QVBoxLayout(self)
        side, top = mm_to_px(self, 14), mm_to_px(self, 9)
        outer.setContentsMargins(side, top, side, top)
        outer.setSpacing(mm_to_px(self, 4))
        self.title = label("title")
        outer.addWidget(self.title)
        self.body = QVBoxLayout()
        self.body.setSpacing(mm_to_px(self, 3))
        outer.addLayout(self.body, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(mm_to_px(self, 5))
        outer.addLayout(self.buttons)

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError


class OutcomeScreen(Screen):
    """One calm block in the middle — sign, title, a few lines — and a Done button; it goes
    back to the first screen by itself after ``return_after_ms`` (the finish and notice
    screens)."""

    finished = Signal()

    def __init__(self, kiosk: Kiosk, roles: tuple[str, ...], return_after_ms: int) -> None:
        super().__init__(kiosk)
        self.layout().removeWidget(self.title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.icon = label("icon")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.icon)
        self.body.addWidget(self.title)
        self.lines: list[QLabel] = []
        for role in roles:
            line = label(role)
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.body.addWidget(line)
            self.lines.append(line)
        self.body.addStretch(1)
        self.done = button("primary")
        self.done.setMinimumWidth(mm_to_px(self, 70))
        self.done.clicked.connect(self.finished)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.done)
        self.buttons.addStretch(1)
        self._return = QTimer(self)
        self._return.setSingleShot(True)
        self._return.setInterval(return_after_ms)
        self._return.timeout.connect(self.finished)

    def show_block(self, icon: str, problem: bool, title: str, lines: list[str]) -> None:
        """Set the block's texts; empty lines are hidden."""
        self.icon.setText(icon)
        set_flag(self.icon, "problem", problem)
        self.title.setText(title)
        for line, text in zip(self.lines, lines, strict=True):
            line.setText(text)
            line.setVisible(bool(text))
