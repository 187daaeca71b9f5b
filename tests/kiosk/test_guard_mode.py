"""G1 at the kiosk: a guard's own PIN opens guard mode; visitor badge, then escort badge, and
the door check's answer with its reason and the declared media; exits; who is inside."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from core.checkin import check_in
from core.denylist import add_entry
from core.escorts import issue_employee_badge
from core.hosts import search_hosts
from core.permissions import Actor, Role
from core.users import NewUser, create_user
from db.models import AuditEntry, OutboxJob, VisitZone, Zone
from tests.core.helpers import site_id, walk_in
from tests.kiosk.conftest import click
from tests.kiosk.test_guard import open_guard_dialog
from tests.kiosk.test_scan import _type

NOW_ESCORT = "Now scan the escort's employee badge."


def _visitor(app, into_room: bool) -> str:
    """A checked-in visitor's badge token; ``into_room``: the equipment room is on the visit."""
    site = site_id(app)
    result = check_in(app.uow(), Actor.kiosk(site), walk_in(app, carried_media={"usb_stick": 1}))
    with app.uow() as uow:
        if into_room:
            room = uow.session.scalars(select(Zone).where(Zone.name == "Equipment room")).one()
            uow.session.add(VisitZone(visit_id=result.visit_id, zone_id=room.id))
        token = uow.session.get(OutboxJob, result.badge_job_id).secret
        uow.commit()
    return token


def _escort(app) -> str:
    site = site_id(app)
    korhonen = search_hosts(app.uow(), Actor.kiosk(site), site, "Korhonen")[0].id
    return issue_employee_badge(app.uow(), Actor.system(), korhonen)


def _enter_guard_mode(qtbot, window, username, pin):
    dialog = open_guard_dialog(qtbot, window)
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.pin, pin)
    click(qtbot, dialog.guard)
    return dialog


def test_door_check_allows_refuses_and_records_the_exit(qtbot, make_kiosk, demo_app):
    app, info = demo_app.app, demo_app.info
    allowed_badge, refused_badge, escort = _visitor(app, True), _visitor(app, False), _escort(app)
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    guard = window.guard_mode
    qtbot.waitUntil(lambda: window.stack.currentWidget() is guard, timeout=5000)
    qtbot.waitUntil(lambda: guard.door.zone is not None, timeout=5000)
    assert guard.door.zone.name == "Equipment room"
    assert guard.door.instruction.text() == "Scan the visitor's badge."

    _type(qtbot, window, allowed_badge)
    qtbot.waitUntil(
        lambda: guard.door.instruction.text() == "Now scan the escort's employee badge."
    )
    _type(qtbot, window, escort)
    qtbot.waitUntil(lambda: guard.door.verdict.text() != "", timeout=5000)
    assert guard.door.verdict.text() == "ALLOWED"
    assert guard.door.people.text() == "Visitor: Kaisa. Escort: Mikko Korhonen."
    assert guard.door.media.text() == "Declared media: USB sticks or memory cards"
    qtbot.waitUntil(lambda: guard.door.inside.count() == 1, timeout=5000)
    assert guard.door.inside.item(0).text().startswith("Kaisa with Mikko Korhonen, since ")

    guard.door.start_over()
    _type(qtbot, window, refused_badge)
    qtbot.waitUntil(
        lambda: guard.door.instruction.text() == "Now scan the escort's employee badge."
    )
    _type(qtbot, window, escort)
    qtbot.waitUntil(lambda: guard.door.verdict.text() != "", timeout=5000)
    assert guard.door.verdict.text() == "REFUSED"
    assert guard.door.reason.text() == "This zone is not on the visit."

    click(qtbot, guard.door.exit_mode)
    _type(qtbot, window, allowed_badge)
    qtbot.waitUntil(lambda: guard.door.verdict.text() == "Exit recorded.", timeout=5000)
    qtbot.waitUntil(lambda: guard.door.inside.count() == 0, timeout=5000)
    with app.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action)).all()
    assert {"guard_mode.enter", "door.allow", "door.refuse"} <= set(actions)

    click(qtbot, guard.leave)
    assert window.stack.currentWidget() is window.start
    assert guard.actor is None and guard.door.zone is None


def test_an_account_without_door_checks_gets_no_guard_mode(qtbot, make_kiosk, demo_app):
    create_user(
        demo_app.app.uow(),
        Actor.system("test"),
        NewUser("desk", "desk-password-1", (Role.RECEPTION,), ("hel",), pin="1357"),
    )
    window = make_kiosk()
    dialog = _enter_guard_mode(qtbot, window, "desk", "1357")
    qtbot.waitUntil(
        lambda: dialog.message.text() == "This account may not use guard mode at this site.",
        timeout=5000,
    )
    assert window.stack.currentWidget() is window.start


def test_idle_time_ends_guard_mode(qtbot, make_kiosk, demo_app):
    window = make_kiosk(idle_seconds=1)
    _enter_guard_mode(qtbot, window, demo_app.info.guard_username, demo_app.info.guard_pin)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.guard_mode, timeout=5000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=5000)
    assert window.guard_mode.actor is None


def test_the_guard_sees_and_acknowledges_a_held_check_in(qtbot, make_kiosk, demo_app):
    app, info = demo_app.app, demo_app.info
    add_entry(app.uow(), Actor.system(), "Kaisa", "Testinen")
    held = check_in(app.uow(), Actor.kiosk(site_id(app)), walk_in(app))
    assert held.held
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    guard = window.guard_mode
    qtbot.waitUntil(lambda: guard.site.alerts.count() == 1, timeout=5000)
    assert (
        guard.site.alerts.item(0)
        .text()
        .endswith("Deny-list match: a check-in is held. Meet the visitor at reception.")
    )
    assert "Kaisa" not in guard.site.alerts.item(0).text()
    guard.pages.setCurrentWidget(guard.site)
    guard.site.alerts.setCurrentRow(0)
    click(qtbot, guard.site.acknowledge)
    qtbot.waitUntil(lambda: guard.site.alerts.count() == 0, timeout=5000)
    assert not guard.site.acknowledge.isEnabled()


def test_one_tap_prints_the_muster_list_or_shows_it_when_the_printer_is_down(
    qtbot, make_kiosk, demo_app, spool, tmp_path
):
    app, info = demo_app.app, demo_app.info
    _visitor(app, True)
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    guard = window.guard_mode
    qtbot.waitUntil(lambda: guard.door.zone is not None, timeout=5000)
    click(qtbot, guard.muster)
    assert guard.pages.currentWidget() is guard.site
    site = guard.site
    qtbot.waitUntil(lambda: site.muster_title.text() == "Muster list printed.", timeout=15_000)
    assert site.muster_counts.text() == "Visitors on site: 1"
    assert len(list(spool.glob("muster-*.pdf"))) == 1

    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    window.k.printer.directory = blocked / "spool"  # the printer is down
    click(qtbot, guard.muster)
    qtbot.waitUntil(lambda: site.muster_title.text() == "Muster list", timeout=15_000)
    assert site.muster_counts.text().startswith("The muster list did not print.")
    assert site.muster_people.text() == "Kaisa Testinen"


def test_the_guard_checks_a_visitor_out_by_hand_with_a_reason(qtbot, make_kiosk, demo_app):
    app, info = demo_app.app, demo_app.info
    _visitor(app, False)
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    guard = window.guard_mode
    qtbot.waitUntil(lambda: guard.site.on_site.count() == 1, timeout=5000)
    assert guard.site.on_site.item(0).text() == "Kaisa Testinen — Aino Laine"
    qtbot.waitUntil(lambda: guard.site.unreturned.text() == "Badges not returned (7 days): 0")
    guard.pages.setCurrentWidget(guard.site)
    guard.site.on_site.setCurrentRow(0)
    guard.site.reason_choice.setCurrentIndex(1)  # badge lost
    click(qtbot, guard.site.check_out)
    qtbot.waitUntil(lambda: guard.site.on_site.count() == 0, timeout=5000)
    qtbot.waitUntil(lambda: guard.site.unreturned.text() == "Badges not returned (7 days): 1")
    with app.uow() as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "visit.manual_check_out")
        ).one()
        assert entry.details["reason"] == "badge_lost"


def test_the_guard_overrides_a_refusal_with_their_own_pin(qtbot, make_kiosk, demo_app):
    app, info = demo_app.app, demo_app.info
    badge, escort = _visitor(app, False), _escort(app)
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    door = window.guard_mode.door
    qtbot.waitUntil(lambda: door.zone is not None, timeout=5000)
    _type(qtbot, window, badge)
    qtbot.waitUntil(lambda: door.instruction.text() == NOW_ESCORT)
    _type(qtbot, window, escort)
    qtbot.waitUntil(lambda: door.verdict.text() == "REFUSED", timeout=5000)
    assert door.override.isVisible()
    click(qtbot, door.override)
    dialog = door.dialog
    assert dialog is not None and not window.scanning  # the PIN is typed, not scanned
    assert dialog.refused.text() == "Refused: This zone is not on the visit."
    dialog.reason.setCurrentIndex(1)  # approved by the zone's manager
    qtbot.keyClicks(dialog.pin, "0000")
    click(qtbot, dialog.allow)
    qtbot.waitUntil(lambda: dialog.message.text() == "Wrong username or PIN.", timeout=5000)
    assert dialog.pin.text() == ""
    qtbot.keyClicks(dialog.pin, info.guard_pin)
    click(qtbot, dialog.allow)
    qtbot.waitUntil(lambda: door.dialog is None, timeout=5000)
    assert window.scanning
    assert door.verdict.text() == "ALLOWED"
    assert door.reason.text() == "Entry allowed by the guard's override."
    assert not door.override.isVisible()
    qtbot.waitUntil(lambda: door.inside.count() == 1, timeout=5000)
    with app.uow() as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "door.override")
        ).one()
        assert entry.details["why"] == "approved_by_manager"


def test_a_refusal_that_may_not_be_overridden_offers_no_override(qtbot, make_kiosk, demo_app):
    app, info = demo_app.app, demo_app.info
    badge = _visitor(app, True)
    add_entry(app.uow(), Actor.system(), "Kaisa", "Testinen")
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    door = window.guard_mode.door
    qtbot.waitUntil(lambda: door.zone is not None, timeout=5000)
    escort = _escort(app)
    _type(qtbot, window, badge)
    qtbot.waitUntil(lambda: door.instruction.text() == NOW_ESCORT)
    _type(qtbot, window, escort)
    qtbot.waitUntil(lambda: door.verdict.text() == "REFUSED", timeout=5000)
    assert door.reason.text() == "Do not let this visitor in. Call the security desk."
    assert not door.override.isVisible()


def test_the_guard_writes_and_finds_a_handover_and_an_incident(qtbot, make_kiosk, demo_app):
    info = demo_app.info
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    guard = window.guard_mode
    qtbot.waitUntil(lambda: window.stack.currentWidget() is guard, timeout=5000)
    guard.pages.setCurrentWidget(guard.shift)
    assert not window.scanning  # keys typed here are the guard's, not a reader's
    page = guard.shift.handovers
    qtbot.keyClicks(page.incoming, "guard")
    page.open_items.setPlainText("Door B2 alarm fault\nTechnician due 10:00")
    qtbot.keyClicks(page.keys, "Server room key 7")
    click(qtbot, page.save)
    qtbot.waitUntil(lambda: page.message.text() == "Saved.", timeout=5000)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=5000)
    assert page.open_items.toPlainText() == "" and page.incoming.text() == ""
    assert page.list.item(0).text().endswith("guard → guard")
    page.list.setCurrentRow(0)
    assert "Open items:\nDoor B2 alarm fault\nTechnician due 10:00" in page.shown.toPlainText()
    qtbot.keyClicks(page.search, "nothing like it")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.list.count() == 0, timeout=5000)
    page.search.clear()
    qtbot.keyClicks(page.search, "key 7")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=5000)

    guard.shift.pages.setCurrentWidget(guard.shift.incidents)
    report = guard.shift.incidents
    qtbot.keyClicks(report.place, "Equipment room door")
    click(qtbot, report.save)  # nothing said about what happened
    qtbot.waitUntil(lambda: report.message.text() == "Please enter what happened.", timeout=5000)
    assert report.place.text() == "Equipment room door"  # what was typed stays
    report.category.setCurrentIndex(1)  # information security
    report.description.setPlainText("Tailgating attempt\nstopped at the door")
    click(qtbot, report.save)
    qtbot.waitUntil(lambda: report.list.count() == 1, timeout=5000)
    assert "Information security — Equipment room door" in report.list.item(0).text()
    report.list.setCurrentRow(0)
    assert "Tailgating attempt\nstopped at the door" in report.shown.toPlainText()
    assert "Reported by guard" in report.shown.toPlainText()

    click(qtbot, guard.leave)
    assert page.list.count() == 0 and report.list.count() == 0 and report.shown.toPlainText() == ""
