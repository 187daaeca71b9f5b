"""What every kiosk screen has: a title, a body, a row of buttons, and the two duties.

``retranslate_ui()`` redraws every visible text in the current language without touching
what the visitor typed; ``reset()`` forgets everything the visitor entered (K12).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from gui.style import mm_to_px
from kiosk.context import Kiosk


def label(role: str | None = None, wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # visitor input is never markup
    if role:
        widget.setProperty("role", role)
    return widget


def button(role: str | None = None) -> QPushButton:
    widget = QPushButton()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.setAutoDefault(False)
    if role:
        widget.setProperty("role", role)
    return widget


def flickable(area: QAbstractScrollArea) -> None:
    """Let a finger drag the content (touch arrives as mouse presses), like on a phone."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a boolean property the stylesheet reacts to, and make it restyle."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


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
