from PySide6.QtWidgets import QLineEdit

from gui.wipe import wipe


def test_wiped_text_cannot_be_undone(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "Kaisa")
    wipe(edit)
    edit.undo()
    assert edit.text() == "" and not edit.isModified()
