"""K8 at the desk: the admin window lists visitors on site and reprints a badge."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from admin import app as admin_app
from core.checkin import check_in
from core.outbox import deliver_pending
from core.permissions import Actor
from core.printing import SpoolPrinter
from tests.admin.test_app import log_in
from tests.core.helpers import site_id, walk_in


def _password(demo_app, username):
    return next(p for u, p, _r in demo_app.info.users if u == username)


def _logged_in(qtbot, session, demo_app, username):
    log_in(qtbot, session.login, username, _password(demo_app, username))
    qtbot.waitUntil(lambda: session.window is not None, timeout=5000)
    return session.window


def test_reception_reprints_a_badge_that_failed_to_print(qtbot, session, demo_app, tmp_path, spool):
    app = demo_app.app
    request = replace(walk_in(app), first_name="Väinö", company="Huolto Oy")
    visit = check_in(app.uow(), Actor.kiosk(site_id(app)), request)
    jammed = tmp_path / "jammed"
    jammed.write_text("a file, not a directory: printing fails")
    assert not deliver_pending(app.uow, SpoolPrinter(jammed), [visit.badge_job_id])[0].ok

    window = _logged_in(qtbot, session, demo_app, "reception")
    roster = window.roster
    assert roster.table is not None and not roster.no_access.isVisibleTo(window)
    model = roster.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[0].startswith("Helsinki") and texts[1] == "Väinö Testinen"
    assert texts[2] == "Huolto Oy" and texts[3].startswith("Aino ")
    assert texts[5].startswith("Printing failed")
    assert not roster.reprint_button.isEnabled()  # nothing selected yet

    roster.table.selectRow(0)
    assert roster.reprint_button.isEnabled()
    qtbot.mouseClick(roster.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "printed" in roster.status.text(), timeout=10000)
    assert roster.status.text() == "The new badge was printed. The old one no longer works."
    assert len(list(spool.glob("badge-*.pdf"))) == 1
    qtbot.waitUntil(lambda: model.index(0, 5).data() == "Printed", timeout=5000)

    # Refresh reloads the list: a visitor who just arrived appears.
    check_in(app.uow(), Actor.kiosk(site_id(app)), replace(walk_in(app), first_name="Kalle"))
    qtbot.mouseClick(roster.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5000)
    assert model.index(1, 5).data() == "Waiting to print"


def test_a_printer_failure_is_said_and_the_badge_stays_queued(qtbot, session, demo_app, tmp_path):
    app = demo_app.app
    check_in(app.uow(), Actor.kiosk(site_id(app)), walk_in(app))
    jammed = tmp_path / "jammed"
    jammed.write_text("not a directory")
    session.printer = SpoolPrinter(jammed)
    window = _logged_in(qtbot, session, demo_app, "reception")
    roster = window.roster
    qtbot.waitUntil(lambda: roster.model.rowCount() == 1, timeout=5000)
    roster.table.selectRow(0)
    qtbot.mouseClick(roster.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "queued" in roster.status.text(), timeout=10000)
    assert roster.status.text() == (
        "The badge could not be saved for printing. The badge stays queued."
    )
    qtbot.waitUntil(lambda: roster.model.index(0, 5).data().startswith("Printing failed"))


def test_hr_sees_a_sentence_and_no_table(qtbot, session, demo_app):
    window = _logged_in(qtbot, session, demo_app, "hr")
    roster = window.roster
    assert roster.table is None and roster.model is None
    assert roster.no_access.isVisibleTo(window)
    assert "reception and security" in roster.no_access.text()
    assert not roster.reprint_button.isVisibleTo(window)


def test_a_bad_printer_spec_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        admin_app.main(["--printer", "fax:nowhere"])
    assert exit_.value.code == 2
    assert "spool:DIRECTORY or cups:QUEUE" in capsys.readouterr().err
