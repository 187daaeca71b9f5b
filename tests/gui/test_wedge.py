"""A keyboard-wedge reader's typing becomes one scanned text; a person's typing does not."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from gui.wedge import WedgeReader


@pytest.fixture
def reader(qtbot):
    wedge = WedgeReader()
    QApplication.instance().installEventFilter(wedge)
    button = QPushButton("Check in")
    qtbot.addWidget(button)
    button.show()
    button.setFocus()
    yield wedge, button
    QApplication.instance().removeEventFilter(wedge)


def type_like_a_reader(qtbot, widget, lines):
    for line in lines:
        qtbot.keyClicks(widget, line)
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_an_mrz_typed_line_by_line_arrives_as_one_text(qtbot, reader):
    wedge, button = reader
    wedge.set_enabled(True)
    lines = ["P<FINVIRTANEN<<AINO<MARIA" + "<" * 19, "X12345678" + "<" * 35]
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as signal:
        type_like_a_reader(qtbot, button, lines)
    assert signal.args == ["\n".join(lines)]


def test_a_token_with_its_enter_arrives_and_the_button_is_not_pressed(qtbot, reader):
    wedge, button = reader
    wedge.set_enabled(True)
    pressed = []
    button.clicked.connect(lambda: pressed.append(True))
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as signal:
        qtbot.keyClicks(button, "abc DEF_123-xyz")
        qtbot.keyClick(button, Qt.Key.Key_Return)
    assert signal.args == ["abc DEF_123-xyz"] and not pressed


def test_short_fragments_and_a_lone_space_are_left_alone(qtbot, reader):
    wedge, button = reader
    wedge.set_enabled(True)
    with qtbot.assertNotEmitted(wedge.scanned, wait=400):
        qtbot.keyClicks(button, "hi")
    pressed = []
    button.clicked.connect(lambda: pressed.append(True))
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert pressed  # space still presses the focused button


def test_disabled_reader_lets_typing_through(qtbot, reader):
    wedge, _ = reader
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    with qtbot.assertNotEmitted(wedge.scanned, wait=400):
        qtbot.keyClicks(edit, "Kaisa Testinen")
    assert edit.text() == "Kaisa Testinen"
    wedge.set_enabled(True)
    with qtbot.waitSignal(wedge.scanned, timeout=2000):
        qtbot.keyClicks(edit, "131052-308T")
    assert edit.text() == "Kaisa Testinen"  # taken by the reader, not typed into the field
