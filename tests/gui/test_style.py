from PySide6.QtWidgets import QPushButton, QWidget

from gui.style import MIN_TARGET_MM, kiosk_stylesheet, mm_to_px


def test_millimetres_follow_the_screen_dpi(qapp):
    screen = qapp.primaryScreen()
    dpi = screen.logicalDotsPerInch()
    assert mm_to_px(screen, 25.4) == round(dpi)
    assert mm_to_px(None, 9) == round(9 * dpi / 25.4)


def test_buttons_are_at_least_nine_millimetres(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(400, 300)
    window.setStyleSheet(kiosk_stylesheet(window))
    button = QPushButton("OK", window)
    window.show()
    qtbot.waitExposed(window)
    button.adjustSize()
    assert button.height() >= mm_to_px(button, MIN_TARGET_MM)
    assert button.width() >= mm_to_px(button, MIN_TARGET_MM)
