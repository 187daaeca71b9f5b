"""Kiosk look: large text, high contrast, touch targets sized in millimetres, not pixels.

Sizes are computed from the screen's logical DPI so a 9 mm target stays 9 mm on a 96 DPI
panel and on a dense one.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

MIN_TARGET_MM = 9.0  # K1: the smallest thing a finger must hit
BUTTON_MM = 14.0  # what the kiosk actually uses for its main buttons
MM_PER_INCH = 25.4

INK = "#111827"
MUTED = "#4b5563"
PAPER = "#ffffff"
CANVAS = "#f3f4f6"
ACCENT = "#0b4f9c"  # white on it: contrast 8.6:1
ACCENT_DARK = "#083a73"
ERROR = "#a4161a"  # on white: 7.6:1
LINE = "#6b7280"


def _screen(where: QWidget | QScreen | None) -> QScreen | None:
    if isinstance(where, QScreen):
        return where
    if isinstance(where, QWidget) and where.screen() is not None:
        return where.screen()
    return QGuiApplication.primaryScreen()


def mm_to_px(where: QWidget | QScreen | None, mm: float) -> int:
    """Logical pixels for ``mm`` millimetres on the screen showing ``where``."""
    screen = _screen(where)
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return max(1, round(mm * dpi / MM_PER_INCH))


def kiosk_stylesheet(where: QWidget | QScreen | None) -> str:
    def px(mm: float) -> int:
        return mm_to_px(where, mm)

    body, title, small, big = px(5.2), px(9.0), px(4.2), px(7.0)
    target, button, field, radius = px(MIN_TARGET_MM), px(BUTTON_MM), px(12), px(1.6)
    return f"""
QWidget {{ color: {INK}; font-size: {body}px; }}
QWidget#kiosk {{ background: {CANVAS}; }}
QLabel[role="title"] {{ font-size: {title}px; font-weight: 600; }}
QLabel[role="lead"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {ERROR}; font-size: {small}px; font-weight: 600; }}
QLabel[role="hint"] {{ color: {MUTED}; font-size: {small}px; }}
QLabel[role="field"] {{ font-size: {small}px; font-weight: 600; }}
QLabel[role="strong"] {{ font-size: {big}px; font-weight: 600; }}
QLabel[role="icon"] {{ font-size: {px(24)}px; color: {ACCENT}; }}
QLabel[role="icon"][problem="true"] {{ color: {ERROR}; }}
QLabel[role="title"][problem="true"] {{ color: {ERROR}; }}
QLabel[role="strong"][problem="true"] {{ color: {ERROR}; }}
QLabel[role="hint"][problem="true"] {{ color: {ERROR}; font-weight: 600; }}
QLabel[role="camera"] {{
    background: #1f2937; color: white; font-size: {small}px; border-radius: {radius}px;
    padding: {px(2)}px;
}}
QDialog {{ background: {PAPER}; border: 2px solid {LINE}; }}
QFrame[role="card"] {{ background: {PAPER}; border: 1px solid #d1d5db; border-radius: {radius}px; }}
QLineEdit {{
    min-height: {field}px; padding: 0 {px(2)}px; background: {PAPER};
    border: 2px solid {LINE}; border-radius: {radius}px;
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {ACCENT}; }}
QPlainTextEdit {{ background: {PAPER}; border: 2px solid {LINE}; border-radius: {radius}px; }}
QDateTimeEdit {{ min-height: {target}px; padding: 0 {px(2)}px; background: {PAPER};
    border: 2px solid {LINE}; border-radius: {radius}px; }}
QTabWidget::pane {{ border: none; border-top: 2px solid {LINE}; padding-top: {px(2)}px; }}
QTabBar::tab {{ min-height: {target}px; min-width: {px(36)}px; padding: 0 {px(4)}px;
    background: transparent; color: {MUTED}; border-bottom: {px(1.2)}px solid transparent; }}
QTabBar::tab:selected {{ color: {INK}; font-weight: 600; border-bottom-color: {ACCENT}; }}
QLineEdit[invalid="true"] {{ border-color: {ERROR}; }}
QPushButton {{
    min-height: {button}px; min-width: {button}px; padding: 0 {px(5)}px;
    background: {PAPER}; border: 2px solid {LINE}; border-radius: {radius}px;
}}
QPushButton:pressed {{ background: #e5e7eb; }}
QPushButton:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT_DARK}; }}
QPushButton:disabled {{ color: #9ca3af; border-color: #d1d5db; }}
QPushButton[role="primary"] {{
    background: {ACCENT}; color: white; border-color: {ACCENT_DARK}; font-weight: 600;
}}
QPushButton[role="primary"]:pressed {{ background: {ACCENT_DARK}; }}
QPushButton[role="primary"]:disabled {{ background: #9db4d3; border-color: #9db4d3; }}
QPushButton[role="primary"][ready="false"] {{ background: #6b8fbf; border-color: #6b8fbf; }}
QPushButton[kind="large"] {{
    min-width: {px(62)}px; min-height: {px(17)}px; font-size: {big}px;
}}
QPushButton[role="primary"][kind="large"] {{ min-width: {px(110)}px; min-height: {px(22)}px; }}
QPushButton[role="quiet"] {{
    min-height: {target}px; min-width: {target}px; font-size: {small}px;
    background: transparent; border: 1px solid #d1d5db; color: {MUTED};
}}
QComboBox {{
    min-height: {target}px; padding: 0 {px(2)}px; background: {PAPER};
    border: 2px solid {LINE}; border-radius: {radius}px;
}}
QListWidget {{ background: {PAPER}; border: 2px solid {LINE}; border-radius: {radius}px; }}
QListWidget::item {{ min-height: {target}px; padding: 0 {px(2)}px; }}
QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
QScrollBar:vertical {{ width: {px(6)}px; background: #e5e7eb; }}
QScrollBar::handle:vertical {{ background: {LINE}; min-height: {target}px; border-radius: 4px; }}
QTextBrowser {{ background: {PAPER}; border: 2px solid {LINE}; border-radius: {radius}px;
    padding: {px(2)}px; }}
"""


def desk_stylesheet() -> str:
    """The admin app keeps the platform's look; only roles that carry meaning are marked."""
    return f"""
QLabel[role="title"] {{ font-size: 18px; font-weight: 600; }}
QLabel[role="strong"] {{ font-weight: 600; }}
QLabel[role="field"] {{ font-weight: 600; }}
QLabel[role="hint"], QLabel[role="lead"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {ERROR}; font-weight: 600; }}
QLabel[problem="true"] {{ color: {ERROR}; font-weight: 600; }}
"""
