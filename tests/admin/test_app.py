"""`vartio-admin`: log in with one's own account, see who one is, log out."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from admin import app as admin_app
from admin.app import AdminSession
from gui.i18n import Translator
from gui.tasks import TaskRunner


@pytest.fixture
def session(qtbot, demo_app):
    runner = TaskRunner()
    admin = AdminSession(demo_app.app, runner, Translator())
    admin.show_login()
    yield admin
    runner.shutdown()
    for widget in (admin.login, admin.window):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def log_in(qtbot, login, username, password):
    login.username.clear()
    qtbot.keyClicks(login.username, username)
    qtbot.keyClicks(login.password, password)
    qtbot.mouseClick(login.log_in_button, Qt.MouseButton.LeftButton)


def test_a_wrong_password_is_refused_with_a_clear_message(qtbot, session):
    login = session.login
    log_in(qtbot, login, "admin", "not-the-password")
    qtbot.waitUntil(lambda: login.message.text() == "Wrong username or password.", timeout=5000)
    assert login.isVisible() and session.window is None
    assert login.password.text() == "" and login.log_in_button.isEnabled()


def test_repeated_failures_lock_the_account(qtbot, session):
    login = session.login
    for _ in range(5):
        log_in(qtbot, login, "hr", "wrong-password")
        qtbot.waitUntil(login.log_in_button.isEnabled, timeout=5000)
    assert login.message.text() == "Too many failed attempts. Try again in 15 minutes."
    log_in(qtbot, login, "hr", "demo-hr-pass")  # even the right password, for now
    qtbot.waitUntil(login.log_in_button.isEnabled, timeout=5000)
    assert "Too many failed attempts" in login.message.text() and session.window is None


def test_logging_in_shows_who_and_logging_out_asks_again(qtbot, session, demo_app):
    username, password, _roles = demo_app.info.users[2]  # the guard: security at one site
    log_in(qtbot, session.login, username, password)
    qtbot.waitUntil(lambda: session.window is not None, timeout=5000)
    window = session.window
    assert window.who.text() == f"Logged in as {username}"
    assert window.roles.text() == "Roles: Security"
    assert window.sites.text() == "Assigned sites: 1"

    window.log_out.trigger()
    assert session.window is None and session.login is not None and session.login.isVisible()
    assert session.login.username.text() == "" and session.login.password.text() == ""


def test_without_a_display_it_says_how_to_run_it(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert admin_app.main([]) == 1
    assert "xvfb-run -a vartio-admin" in capsys.readouterr().err


def test_a_missing_database_is_explained(tmp_path, monkeypatch, memory_keyring):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QApplication, "platformName", staticmethod(lambda: "xcb"))
    monkeypatch.setitem(memory_keyring.store, ("vartio", "data-key"), "A" * 43 + "=")
    assert admin_app.main(["--db", str(tmp_path / "missing.db")]) == 1
    assert "There is no Vartio database" in shown[0]


def test_an_unattended_desk_logs_itself_out(qtbot, demo_app):
    runner = TaskRunner()
    admin = AdminSession(demo_app.app, runner, Translator(), idle_seconds=0.5)
    admin.show_login()
    log_in(qtbot, admin.login, "reception", "demo-reception-pass")
    qtbot.waitUntil(lambda: admin.window is not None, timeout=5000)
    qtbot.waitUntil(lambda: admin.login is not None, timeout=5000)  # back at the log-in
    assert admin.window is None
    assert admin.login.message.text() == "You were logged out after 1 min without use."
    runner.wait_idle()
    runner.shutdown()
    admin.login.close()


def test_a_person_changes_their_own_password(qtbot, session, demo_app):
    from core.users import authenticate_password

    log_in(qtbot, session.login, "reception", "demo-reception-pass")
    qtbot.waitUntil(lambda: session.window is not None, timeout=5000)
    window = session.window
    window.ask_password()
    dialog = window.password_dialog
    qtbot.keyClicks(dialog.old, "demo-reception-pass")
    qtbot.keyClicks(dialog.new, "a brand new secret 1")
    qtbot.keyClicks(dialog.again, "a brand new secret 2")
    qtbot.mouseClick(dialog.change, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "The two new passwords differ."
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "a brand new secret 1")
    qtbot.mouseClick(dialog.change, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.password_dialog is None, timeout=10_000)
    assert authenticate_password(demo_app.app.uow(), "reception", "a brand new secret 1")
