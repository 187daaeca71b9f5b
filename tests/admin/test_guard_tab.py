"""G1-G5 at the desk: the admin app shows the guard views to people who check doors; a USB
scanner types into the door page; the site's lists and the shift log are the kiosk's own."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import AuditEntry
from tests.admin.test_roster_window import _logged_in
from tests.kiosk.test_guard_mode import _escort, _visitor


def scan(qtbot, field, text):
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_a_guard_checks_the_door_from_the_desk(qtbot, session, demo_app):
    app = demo_app.app
    badge, escort = _visitor(app, True), _escort(app)
    window = _logged_in(qtbot, session, demo_app, "guard")
    tab = window.guard
    assert tab is not None
    qtbot.waitUntil(lambda: tab.door is not None and tab.door.zone is not None, timeout=5000)
    assert tab.site_choice.count() == 1 and tab.pages.count() == 3
    door = tab.door
    assert not door.scan.isHidden()
    scan(qtbot, door.scan, badge)
    assert door.instruction.text() == "Now scan the escort's employee badge."
    assert door.scan.text() == ""
    scan(qtbot, door.scan, escort)
    qtbot.waitUntil(lambda: door.verdict.text() == "ALLOWED", timeout=5000)
    qtbot.waitUntil(lambda: door.inside.count() == 1, timeout=5000)
    site = tab.site
    qtbot.waitUntil(lambda: site.on_site.count() == 1, timeout=5000)
    assert not site.muster.isHidden()  # the desk has its own muster button
    with app.uow() as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "door.allow")
        ).one()
        assert entry.actor.startswith("user:")  # the person logged in, not a shared account


def test_an_administrator_picks_the_site_and_writes_the_handover(qtbot, session, demo_app):
    window = _logged_in(qtbot, session, demo_app, "admin")
    tab = window.guard
    qtbot.waitUntil(lambda: tab.site_choice.count() == 2, timeout=5000)
    espoo = next(i for i in range(2) if "(esp)" in tab.site_choice.itemText(i))
    tab.site_choice.setCurrentIndex(espoo)
    page = tab.shift.handovers
    page.notes.setPlainText("Key store checked\nAll quiet")
    qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=5000)
    assert page.list.item(0).text().endswith("admin → –")
    tab.site_choice.setCurrentIndex(1 - espoo)  # the other site has its own log
    qtbot.waitUntil(lambda: tab.shift.handovers.message.text() == "", timeout=5000)
    assert tab.shift.handovers.list.count() == 0


def test_reception_and_hr_get_no_guard_views(qtbot, session, demo_app):
    window = _logged_in(qtbot, session, demo_app, "reception")
    assert window.guard is None and window.tabs.count() == 1
