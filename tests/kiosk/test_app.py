"""Starting `vartio-kiosk`: clear words instead of tracebacks when something is missing."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from admin.cli import main as vartio
from db.crypto import KEYRING_SERVICE, KEYRING_USERNAME
from kiosk import app as kiosk_app


@pytest.fixture
def shown(monkeypatch):
    """Startup errors that would pop up a message box, collected instead."""
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: messages.append(text))
    # As on a real screen: offscreen, startup errors go to stderr only (a box would hang).
    monkeypatch.setattr(QApplication, "platformName", staticmethod(lambda: "xcb"))
    return messages


def test_offscreen_startup_error_goes_to_stderr_without_a_box(monkeypatch, capsys):
    from gui.startup import show_startup_error

    def no_box(*_args):
        raise AssertionError("a message box would hang offscreen")

    monkeypatch.setattr(QMessageBox, "critical", no_box)
    show_startup_error("vartio-kiosk", "The database is gone.")
    assert "The database is gone." in capsys.readouterr().err


@pytest.fixture
def data_key(memory_keyring):
    """No data key in the (test) keyring until the test makes one; as before afterwards."""
    entry = (KEYRING_SERVICE, KEYRING_USERNAME)
    saved = memory_keyring.store.pop(entry, None)
    yield
    memory_keyring.store.pop(entry, None)
    if saved is not None:
        memory_keyring.store[entry] = saved


def test_without_a_display_it_says_how_to_run_it(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert kiosk_app.main(["--db", "nowhere.db"]) == 1
    assert "xvfb-run -a vartio-kiosk --windowed" in capsys.readouterr().err


def test_a_missing_data_key_is_explained(tmp_path, shown, capsys, data_key):
    assert kiosk_app.main(["--db", str(tmp_path / "vartio.db"), "--windowed"]) == 1
    assert "vartio init" in capsys.readouterr().err
    assert "holds no Vartio data key" in shown[0]


def test_a_missing_database_is_explained(tmp_path, shown, data_key):
    assert vartio(["--db", str(tmp_path / "other.db"), "init"]) == 0  # creates the data key
    missing = tmp_path / "missing.db"
    assert kiosk_app.main(["--db", str(missing), "--windowed"]) == 1
    assert f"There is no Vartio database at {missing}" in shown[0]
    assert not missing.exists()


def test_an_empty_database_is_explained(tmp_path, shown, data_key):
    assert vartio(["--db", str(tmp_path / "other.db"), "init"]) == 0
    empty = tmp_path / "empty.db"
    empty.touch()
    assert kiosk_app.main(["--db", str(empty), "--windowed"]) == 1
    assert "could not be read" in shown[0] and "vartio init" in shown[0]


def test_an_unknown_site_is_explained(tmp_path, shown, data_key):
    db = str(tmp_path / "demo.db")
    assert vartio(["--db", db, "demo"]) == 0
    assert kiosk_app.main(["--db", db, "--site", "nope", "--windowed"]) == 1
    assert shown == ["There is no site with the code nope."]


def test_it_starts_on_the_demo_database(tmp_path, monkeypatch, qapp, data_key):
    db = str(tmp_path / "demo.db")
    assert vartio(["--db", db, "demo"]) == 0
    started = []

    def run_event_loop(_app):
        window = QApplication.topLevelWidgets()
        started.extend(w for w in window if w.objectName() == "kiosk" and w.isVisible())
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    spool = tmp_path / "spool"
    assert kiosk_app.main(["--db", db, "--site", "esp", "--spool", str(spool), "--windowed"]) == 0
    assert len(started) == 1
    kiosk = started[0].k
    assert kiosk.site.code == "esp" and kiosk.printer.directory == spool
    assert not started[0].locked


def test_a_bad_printer_spec_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        kiosk_app.main(["--printer", "fax:123", "--windowed"])
    assert exited.value.code == 2
    assert "printer 'fax:123'" in capsys.readouterr().err


def test_a_cups_printer_is_taken_from_the_spec():
    args = kiosk_app.build_parser().parse_args(["--printer", "cups:badges@/run/cups.sock"])
    assert (args.printer.queue, args.printer.server) == ("badges", "/run/cups.sock")


def test_check_start_paints_the_first_screen_and_exits(tmp_path, qapp, data_key, monkeypatch):
    db = str(tmp_path / "demo.db")
    assert vartio(["--db", db, "demo"]) == 0
    painted = []
    monkeypatch.setattr(
        QApplication, "exec", lambda _app: pytest.fail("--check-start must not run the loop")
    )
    real_repaint = kiosk_app.KioskWindow.repaint
    monkeypatch.setattr(
        kiosk_app.KioskWindow,
        "repaint",
        lambda window: (painted.append(window.stack.currentWidget()), real_repaint(window)),
    )
    argv = ["--db", db, "--windowed", "--camera", "none", "--spool", str(tmp_path), "--check-start"]
    assert kiosk_app.main(argv) == 0
    assert [type(screen).__name__ for screen in painted] == ["StartScreen"]
