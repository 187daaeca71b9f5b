"""G1 at the kiosk: a guard's own PIN opens guard mode; visitor badge, then escort badge, and
the door check's answer with its reason and the declared media; exits; who is inside."""

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
    qtbot.waitUntil(lambda: guard.zone is not None, timeout=5000)
    assert guard.zone.name == "Equipment room"
    assert guard.instruction.text() == "Scan the visitor's badge."

    _type(qtbot, window, allowed_badge)
    qtbot.waitUntil(lambda: guard.instruction.text() == "Now scan the escort's employee badge.")
    _type(qtbot, window, escort)
    qtbot.waitUntil(lambda: guard.verdict.text() != "", timeout=5000)
    assert guard.verdict.text() == "ALLOWED"
    assert guard.people.text() == "Visitor: Kaisa. Escort: Mikko Korhonen."
    assert guard.media.text() == "Declared media: USB sticks or memory cards"
    qtbot.waitUntil(lambda: guard.inside.count() == 1, timeout=5000)
    assert guard.inside.item(0).text().startswith("Kaisa with Mikko Korhonen, since ")

    guard._start_over()
    _type(qtbot, window, refused_badge)
    qtbot.waitUntil(lambda: guard.instruction.text() == "Now scan the escort's employee badge.")
    _type(qtbot, window, escort)
    qtbot.waitUntil(lambda: guard.verdict.text() != "", timeout=5000)
    assert guard.verdict.text() == "REFUSED"
    assert guard.reason.text() == "This zone is not on the visit."

    click(qtbot, guard.exit_mode)
    _type(qtbot, window, allowed_badge)
    qtbot.waitUntil(lambda: guard.verdict.text() == "Exit recorded.", timeout=5000)
    qtbot.waitUntil(lambda: guard.inside.count() == 0, timeout=5000)
    with app.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action)).all()
    assert {"guard_mode.enter", "door.allow", "door.refuse"} <= set(actions)

    click(qtbot, guard.leave)
    assert window.stack.currentWidget() is window.start
    assert guard.actor is None and guard.zone is None


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
    qtbot.waitUntil(lambda: guard.alerts.count() == 1, timeout=5000)
    assert (
        guard.alerts.item(0)
        .text()
        .endswith("Deny-list match: a check-in is held. Meet the visitor at reception.")
    )
    assert "Kaisa" not in guard.alerts.item(0).text()
    guard.alerts.setCurrentRow(0)
    click(qtbot, guard.acknowledge)
    qtbot.waitUntil(lambda: guard.alerts.count() == 0, timeout=5000)
    assert not guard.acknowledge.isEnabled()


def test_one_tap_prints_the_muster_list_or_shows_it_when_the_printer_is_down(
    qtbot, make_kiosk, demo_app, spool, tmp_path
):
    app, info = demo_app.app, demo_app.info
    _visitor(app, True)
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    guard = window.guard_mode
    qtbot.waitUntil(lambda: guard.zone is not None, timeout=5000)
    click(qtbot, guard.muster)
    qtbot.waitUntil(lambda: guard.verdict.text() == "Muster list printed.", timeout=15_000)
    assert guard.reason.text() == "Visitors on site: 1"
    assert len(list(spool.glob("muster-*.pdf"))) == 1

    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    window.k.printer.directory = blocked / "spool"  # the printer is down
    click(qtbot, guard.muster)
    qtbot.waitUntil(lambda: guard.verdict.text() == "Muster list", timeout=15_000)
    assert guard.reason.text().startswith("The muster list did not print. Show it on screen.")
    assert guard.people.text() == "Kaisa Testinen"


def test_the_guard_checks_a_visitor_out_by_hand_with_a_reason(qtbot, make_kiosk, demo_app):
    app, info = demo_app.app, demo_app.info
    _visitor(app, False)
    window = make_kiosk()
    _enter_guard_mode(qtbot, window, info.guard_username, info.guard_pin)
    guard = window.guard_mode
    qtbot.waitUntil(lambda: guard.on_site.count() == 1, timeout=5000)
    assert guard.on_site.item(0).text() == "Kaisa Testinen — Aino Laine"
    qtbot.waitUntil(lambda: guard.unreturned.text() == "Badges not returned (7 days): 0")
    guard.on_site.setCurrentRow(0)
    guard.reason_choice.setCurrentIndex(1)  # badge lost
    click(qtbot, guard.check_out)
    qtbot.waitUntil(lambda: guard.on_site.count() == 0, timeout=5000)
    qtbot.waitUntil(lambda: guard.unreturned.text() == "Badges not returned (7 days): 1")
    with app.uow() as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "visit.manual_check_out")
        ).one()
        assert entry.details["reason"] == "badge_lost"
