"""A7 at the desk: security reads the site's audit log with filters, pages back, and verifies
the chain; HR has no audit tab."""

from sqlalchemy import update

from core.checkin import check_in
from core.permissions import Actor
from db.models import AuditEntry
from tests.admin.test_offboarding_tab import _hel
from tests.admin.test_roster_window import _logged_in
from tests.core.helpers import site_id, walk_in
from tests.kiosk.conftest import click


def test_security_filters_the_log_and_verifies_the_chain(qtbot, session, demo_app, monkeypatch):
    app = demo_app.app
    for _ in range(3):
        check_in(app.uow(), Actor.kiosk(site_id(app, "hel")), walk_in(app))
    window = _logged_in(qtbot, session, demo_app, "guard")
    tab = window.audit
    assert tab is not None and window.agreements is None
    qtbot.waitUntil(lambda: len(tab.model.rows) > 0, timeout=15_000)
    tab.site.setCurrentIndex(_hel(tab))
    qtbot.keyClicks(tab.action, "visit.check_in")
    click(qtbot, tab.find)
    qtbot.waitUntil(lambda: tab.status.text() == "Entries shown: 3", timeout=15_000)
    assert {tab.model.index(r, 3).data() for r in range(3)} == {"visit.check_in"}
    monkeypatch.setattr("admin.audit_tab.PAGE", 2)
    click(qtbot, tab.find)
    qtbot.waitUntil(lambda: tab.status.text() == "Entries shown: 2", timeout=15_000)
    assert tab.more.isEnabled()
    click(qtbot, tab.more)
    qtbot.waitUntil(lambda: tab.status.text() == "Entries shown: 3", timeout=15_000)
    click(qtbot, tab.verify)
    qtbot.waitUntil(lambda: "intact" in tab.status.text(), timeout=15_000)
    with app.uow() as uow:
        uow.session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(action="x"))
        uow.commit()
    click(qtbot, tab.verify)
    qtbot.waitUntil(lambda: "broken at entry 3" in tab.status.text(), timeout=15_000)
    assert tab.status.property("problem") is True


def test_hr_has_no_audit_tab(qtbot, session, demo_app):
    window = _logged_in(qtbot, session, demo_app, "hr")
    assert window.audit is None
