"""Emptying a text field for good: QLineEdit.clear() keeps the old text in its undo history."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def wipe(edit: QLineEdit) -> None:
    """Empty ``edit`` so that not even Ctrl+Z brings the previous person's text back."""
    edit.setText("")  # unlike clear(), setText() drops the undo/redo history
    edit.setModified(False)
