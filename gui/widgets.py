"""Small widget makers the kiosk and the admin app share; a ``role`` property is what the
stylesheets (``gui.style``) select on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def label(role: str | None = None, wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # what people typed is never markup
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


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a boolean property the stylesheet reacts to, and make it restyle."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
