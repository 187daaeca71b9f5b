"""K12 lockdown: Esc and closing do nothing; only a guard's username and PIN close the kiosk."""

from PySide6.QtCore import Qt

from core.permissions import Actor, Role
from core.users import NewUser, create_user
from tests.kiosk.conftest import click


def open_guard_dialog(qtbot, window):
    click(qtbot, window.start.staff)
    dialog = window.guard_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def try_pin(qtbot, dialog, username, pin):
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.pin, pin)
    click(qtbot, dialog.unlock)


def test_escape_and_close_are_ignored_in_kiosk_mode(qtbot, make_kiosk):
    window = make_kiosk(locked=True)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.close()
    assert window.isVisible()


def test_wrong_pin_is_refused_and_the_right_one_closes(qtbot, make_kiosk, demo_app):
    window = make_kiosk(locked=True)
    dialog = open_guard_dialog(qtbot, window)
    try_pin(qtbot, dialog, demo_app.info.guard_username, "0000")
    qtbot.waitUntil(lambda: dialog.message.text() == "Wrong username or PIN.", timeout=5000)
    assert dialog.isVisible() and window.isVisible() and dialog.pin.text() == ""

    try_pin(qtbot, dialog, demo_app.info.guard_username, demo_app.info.guard_pin)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.guard_dialog is None


def test_an_account_that_is_no_guard_here_cannot_close_it(qtbot, make_kiosk, demo_app):
    create_user(
        demo_app.app.uow(),
        Actor.system("test"),
        NewUser("desk", "desk-password-1", (Role.RECEPTION,), ("hel",), pin="1357"),
    )
    window = make_kiosk(locked=True)
    dialog = open_guard_dialog(qtbot, window)
    try_pin(qtbot, dialog, "desk", "1357")
    qtbot.waitUntil(
        lambda: dialog.message.text() == "This account may not close the kiosk at this site.",
        timeout=5000,
    )
    assert window.isVisible()


def test_cancel_returns_to_the_kiosk(qtbot, make_kiosk):
    window = make_kiosk(locked=True)
    dialog = open_guard_dialog(qtbot, window)
    click(qtbot, dialog.cancel)
    assert window.guard_dialog is None and window.isVisible()


def test_the_guard_dialog_closes_with_the_idle_timeout(qtbot, make_kiosk):
    window = make_kiosk(locked=True, idle_seconds=0.5)
    dialog = open_guard_dialog(qtbot, window)
    left_behind = []
    dialog.finished.connect(lambda _result: left_behind.append(dialog.pin.text()))
    qtbot.keyClicks(dialog.pin, "12")
    qtbot.waitUntil(lambda: window.guard_dialog is None, timeout=3000)
    assert left_behind == [""] and window.isVisible()
