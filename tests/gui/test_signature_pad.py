import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from gui.signature_pad import SignaturePad


def draw(qtbot, pad, points):
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def make_pad(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 240)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_drawing_with_the_mouse_makes_a_cropped_png(qtbot):
    pad = make_pad(qtbot)
    assert pad.is_empty()
    with qtbot.waitSignal(pad.changed):
        draw(qtbot, pad, [(100, 120), (160, 90), (220, 150), (300, 100), (380, 130)])
    assert not pad.is_empty()
    png = pad.to_png()
    assert png.startswith(b"\x89PNG")
    image = QImage.fromData(png)
    assert not image.isNull()
    # Cropped to the ink: about 280 x 60 plus margins, much smaller than the pad.
    assert 280 < image.width() < 340 and 60 < image.height() < 120
    assert image.pixelColor(0, 0).name() == "#ffffff"
    dark = sum(
        image.pixelColor(x, y).lightness() < 128
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    assert dark > 50  # the ink is there


def test_clear_empties_the_pad(qtbot):
    pad = make_pad(qtbot)
    draw(qtbot, pad, [(50, 50), (250, 150)])
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty()


def test_a_stray_tap_is_not_a_signature(qtbot):
    pad = make_pad(qtbot)
    draw(qtbot, pad, [(100, 100), (102, 101)])
    assert pad.is_empty()


def test_a_finger_can_sign(qtbot):
    pad = make_pad(qtbot)
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(60, 60))
    for x in range(80, 400, 40):
        QTest.touchEvent(pad, device).move(0, QPoint(x, 60 + x // 5))
    QTest.touchEvent(pad, device).release(0, QPoint(400, 140))
    assert not pad.is_empty()
    assert pad.to_png().startswith(b"\x89PNG")


@pytest.mark.qt_log_ignore("not accepted by receiving widget")
def test_a_disabled_pad_takes_no_ink(qtbot):
    pad = make_pad(qtbot)
    pad.setEnabled(False)
    draw(qtbot, pad, [(50, 50), (250, 150)])
    assert pad.is_empty()
