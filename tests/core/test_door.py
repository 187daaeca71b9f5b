"""G1 door check service, on SQLite and PostgreSQL: decisions, door log, audit, permissions."""

from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.badges import reprint_badge
from core.checkin import check_in
from core.checkout import check_out
from core.clock import now
from core.demo import seed
from core.denylist import add_entry
from core.door import check_door, door_zones, record_exit, who_is_inside
from core.door_policy import REASON_ORDER, DoorReason
from core.errors import NotFound, PermissionDenied
from core.escorts import NotEscortable, authorise_escort, issue_employee_badge, revoke_escort
from core.permissions import Actor, Role
from core.security import new_token, token_hash
from db.models import AuditEntry, Badge, DoorEvent, Employee, OutboxJob, Visit, VisitZone, Zone
from tests.core.helpers import host_id, site_id, walk_in

ROOM = "Equipment room"
COLUMNS = [c.key for c in DoorEvent.__table__.columns]


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def _user(app, *roles, sites=("hel",), name="guard"):
    return Actor(
        kind="user",
        id=name,
        roles=frozenset(roles),
        site_ids=frozenset(site_id(app, s) for s in sites),
    )


def guard(app):
    return _user(app, Role.SECURITY)


def zone_id(app, name=ROOM, site="hel"):
    with app.uow() as uow:
        return uow.session.scalar(
            select(Zone.id).where(Zone.name == name, Zone.site_id == site_id(app, site))
        )


def employee(app, last):
    with app.uow() as uow:
        for emp in uow.session.scalars(select(Employee)).all():
            if emp.last_name == last:
                return emp.id
    raise AssertionError(last)


def escort_token(app, last="Korhonen"):
    return issue_employee_badge(app.uow(), Actor.system("test"), employee(app, last))


def visit_with_room(app, site="hel", room=True, **overrides):
    """A real check-in at the kiosk; the room added to the visit as the desk would."""
    sid = site_id(app, site)
    request = walk_in(app, **overrides)
    if site != "hel":
        request = replace(request, site_id=sid, host_id=host_id(app, sid, "Emma"))
    result = check_in(app.uow(), Actor.kiosk(sid), request)
    room_id = zone_id(app)
    with app.uow() as uow:
        token = uow.session.get(OutboxJob, result.badge_job_id).secret
        if room:
            uow.session.add(VisitZone(visit_id=result.visit_id, zone_id=room_id))
        uow.commit()
    return result.visit_id, token


def _edit(app, model, ident, **values):
    with app.uow() as uow:
        row = uow.session.get(model, ident)
        for key, value in values.items():
            setattr(row, key, value)
        uow.commit()


def _badge(app, visit_id):
    with app.uow() as uow:
        return uow.session.scalars(select(Badge.id).where(Badge.visit_id == visit_id)).first()


def last_audit(app):
    with app.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        return SimpleNamespace(
            action=entry.action,
            actor=entry.actor,
            subject_id=entry.subject_id,
            details=dict(entry.details),
        )


def door_events(app):
    """The door log, oldest first, as plain values."""
    with app.uow() as uow:
        rows = uow.session.scalars(select(DoorEvent).order_by(DoorEvent.at)).all()
        return [SimpleNamespace(**{c: getattr(r, c) for c in COLUMNS}) for r in rows]


def test_allowed_with_an_authorised_escort_logged_and_audited(seeded):
    visit_id, token = visit_with_room(seeded, carried_media={"laptop": 1, "usb_stick": 2})
    escort = escort_token(seeded)
    result = check_door(seeded.uow(), guard(seeded), zone_id(seeded), token, escort)
    assert result.allowed and result.reason is DoorReason.ALLOWED
    assert result.visitor_first_name == "Kaisa" and result.escort_name == "Mikko Korhonen"
    assert result.carried_media == {"laptop": 1, "usb_stick": 2}
    assert result.visit_id == visit_id and result.zone_name == ROOM
    [event] = door_events(seeded)
    assert (event.direction, event.allowed, event.reason) == ("in", True, "allowed")
    assert event.visit_id == visit_id and event.escort_employee_id == employee(seeded, "Korhonen")
    assert event.guard == "user:guard" and event.id == result.event_id
    entry = last_audit(seeded)
    assert entry.action == "door.allow" and entry.subject_id == zone_id(seeded)
    assert entry.details["reason"] == "allowed" and entry.details["visit"] == visit_id
    assert entry.details["escort"] == event.escort_employee_id
    assert entry.details["guard"] == "user:guard" and entry.details["event"] == event.id
    assert "Kaisa" not in str(entry.details) and token not in str(entry.details)
    assert result.as_dict()["carried_media"] == {"laptop": 1, "usb_stick": 2}


def _revoke(app, visit_id, token):
    reprint_badge(app.uow(), Actor.system("test"), visit_id)
    return {}


def _deny(app, visit_id, token):
    add_entry(app.uow(), Actor.system("test"), "Kaisa", "Testinen", site_id=site_id(app))
    return {}


def _check_out(app, visit_id, token):
    check_out(app.uow(), Actor.kiosk(site_id(app)), token)
    return {}


def _status(app, visit_id, token):
    _edit(app, Visit, visit_id, status="expected")
    return {}


def _returned(app, visit_id, token):
    badge_id = _badge(app, visit_id)
    _edit(app, Badge, badge_id, returned_at=now())
    return {}


def _expired(app, visit_id, token):
    badge_id = _badge(app, visit_id)
    _edit(app, Badge, badge_id, expires_at=now() - timedelta(seconds=1))
    return {}


def _left(app, visit_id, token):
    korhonen = employee(app, "Korhonen")
    _edit(app, Employee, korhonen, active=False, left_on=now().date())
    return {}


def _inactive(app, visit_id, token):
    korhonen = employee(app, "Korhonen")
    _edit(app, Employee, korhonen, active=False)
    return {}


def _unknown_escort(app, visit_id, token):
    return {"escort": new_token()}


def _other_site_escort(app, visit_id, token):
    return {"escort": escort_token(app, "Heikkinen")}


def _unauthorised_escort(app, visit_id, token):
    return {"escort": escort_token(app, "Laine")}


def _unknown_badge(app, visit_id, token):
    return {"token": new_token()}


def _lobby(app, visit_id, token):
    return {"zone": zone_id(app, "Lobby")}


def _nothing(app, visit_id, token):
    return {}


# reason -> (visit set-up, change after check-in)
CASES = {
    DoorReason.ZONE_NOT_RESTRICTED: ({}, _lobby),
    DoorReason.UNKNOWN_BADGE: ({}, _unknown_badge),
    DoorReason.BADGE_REVOKED: ({}, _revoke),
    DoorReason.DENY_LIST: ({}, _deny),
    DoorReason.VISIT_CHECKED_OUT: ({}, _check_out),
    DoorReason.VISIT_NOT_ACTIVE: ({}, _status),
    DoorReason.BADGE_RETURNED: ({}, _returned),
    DoorReason.BADGE_EXPIRED: ({}, _expired),
    DoorReason.WRONG_SITE: ({"site": "esp", "room": False}, _nothing),
    DoorReason.ZONE_NOT_ON_VISIT: ({"room": False}, _nothing),
    DoorReason.UNKNOWN_ESCORT: ({}, _unknown_escort),
    DoorReason.ESCORT_IS_VISITOR: ({"first_name": "Mikko", "last_name": "korhonen "}, _nothing),
    DoorReason.ESCORT_LEFT: ({}, _left),
    DoorReason.ESCORT_INACTIVE: ({}, _inactive),
    DoorReason.ESCORT_OTHER_SITE: ({}, _other_site_escort),
    DoorReason.ESCORT_NOT_AUTHORISED: ({}, _unauthorised_escort),
}


def test_every_refusal_is_covered():
    assert set(CASES) == set(REASON_ORDER)


@pytest.mark.parametrize("reason", list(CASES), ids=str)
def test_each_refusal_end_to_end(seeded, reason):
    setup, change = CASES[reason]
    visit_id, token = visit_with_room(seeded, **setup)
    escort = escort_token(seeded)
    given_ = change(seeded, visit_id, token)
    zone = given_.get("zone", zone_id(seeded))
    result = check_door(
        seeded.uow(), guard(seeded), zone, given_.get("token", token), given_.get("escort", escort)
    )
    assert not result.allowed and result.reason is reason
    [event] = door_events(seeded)
    assert (event.direction, event.allowed, event.reason) == ("in", False, reason.value)
    assert event.zone_id == zone and event.id == result.event_id
    entry = last_audit(seeded)
    assert entry.action == "door.refuse" and entry.details["reason"] == reason.value
    assert entry.details["event"] == event.id and entry.actor == "user:guard"
    if reason is DoorReason.WRONG_SITE:  # another site's visitor is not shown to this guard
        assert result.visitor_first_name is None and result.carried_media == {}


def test_exit_is_logged_and_who_is_inside_follows(seeded):
    visit_a, token_a = visit_with_room(seeded)
    visit_b, token_b = visit_with_room(seeded, first_name="Ville", email="ville@example.fi")
    _, token_c = visit_with_room(seeded, first_name="Outi", email="outi@example.fi")
    g, room, escort = guard(seeded), zone_id(seeded), escort_token(seeded)
    assert check_door(seeded.uow(), g, room, token_a, escort).allowed
    assert check_door(seeded.uow(), g, room, token_b, escort).allowed
    assert not check_door(seeded.uow(), g, room, token_c, new_token()).allowed
    inside = who_is_inside(seeded.uow(), g, room)
    assert [i.visit_id for i in inside] == [visit_a, visit_b]
    assert inside[0].escort_name == "Mikko Korhonen" and inside[0].visitor_first_name == "Kaisa"
    assert last_audit(seeded).action == "door.view_inside"
    out = record_exit(seeded.uow(), g, room, token_a)
    assert out.was_inside and out.visit_id == visit_a
    entry = last_audit(seeded)
    assert entry.action == "door.exit" and entry.details["visit"] == visit_a
    assert entry.details["direction"] == "out" and entry.details["reason"] == "exit"
    event = door_events(seeded)[-1]
    assert (event.direction, event.reason, event.visit_id) == ("out", "exit", visit_a)
    assert event.escort_employee_id == employee(seeded, "Korhonen")
    assert [i.visit_id for i in who_is_inside(seeded.uow(), g, room)] == [visit_b]
    # Leaving is recorded even when the visitor was never let in, and after check-out.
    check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), token_c)
    assert not record_exit(seeded.uow(), g, room, token_c).was_inside
    with pytest.raises(NotFound):
        record_exit(seeded.uow(), g, room, new_token())


def test_permissions(seeded):
    _, token = visit_with_room(seeded)
    escort, room = escort_token(seeded), zone_id(seeded)
    reception = _user(seeded, Role.RECEPTION, name="desk")
    espoo_guard = _user(seeded, Role.SECURITY, sites=("esp",), name="espguard")
    for actor in (reception, espoo_guard, Actor.kiosk(site_id(seeded))):
        with pytest.raises(PermissionDenied):
            check_door(seeded.uow(), actor, room, token, escort)
        with pytest.raises(PermissionDenied):
            record_exit(seeded.uow(), actor, room, token)
        with pytest.raises(PermissionDenied):
            who_is_inside(seeded.uow(), actor, room)
        with pytest.raises(PermissionDenied):
            authorise_escort(seeded.uow(), actor, employee(seeded, "Laine"), room)
        with pytest.raises(PermissionDenied):
            issue_employee_badge(seeded.uow(), actor, employee(seeded, "Laine"))
    assert door_events(seeded) == []
    with pytest.raises(NotFound):
        check_door(seeded.uow(), guard(seeded), "no-such-zone", token, escort)


def test_escort_authorisation_granted_revoked_and_granted_again(seeded):
    g, room = guard(seeded), zone_id(seeded)
    laine = employee(seeded, "Laine")
    _, token = visit_with_room(seeded)
    escort = escort_token(seeded, "Laine")
    assert check_door(seeded.uow(), g, room, token, escort).reason is (
        DoorReason.ESCORT_NOT_AUTHORISED
    )
    first = authorise_escort(seeded.uow(), g, laine, room)
    assert last_audit(seeded).action == "escort.authorise"
    assert authorise_escort(seeded.uow(), g, laine, room) == first  # nothing new
    assert check_door(seeded.uow(), g, room, token, escort).allowed
    assert revoke_escort(seeded.uow(), g, laine, room)
    assert last_audit(seeded).action == "escort.revoke"
    assert not revoke_escort(seeded.uow(), g, laine, room)
    assert check_door(seeded.uow(), g, room, token, escort).reason is (
        DoorReason.ESCORT_NOT_AUTHORISED
    )
    assert authorise_escort(seeded.uow(), g, laine, room) != first
    assert check_door(seeded.uow(), g, room, token, escort).allowed
    admin = Actor.system("test")
    with pytest.raises(NotEscortable):  # another site's employee
        authorise_escort(seeded.uow(), admin, employee(seeded, "Heikkinen"), room)
    with pytest.raises(NotEscortable):  # no door check there
        authorise_escort(seeded.uow(), admin, laine, zone_id(seeded, "Lobby"))
    with pytest.raises(NotEscortable):  # left the company
        authorise_escort(seeded.uow(), admin, employee(seeded, "Nieminen"), room)


def test_employee_badge_token_is_stored_only_as_hash_and_replaced(seeded):
    korhonen = employee(seeded, "Korhonen")
    old = escort_token(seeded)
    new = issue_employee_badge(seeded.uow(), guard(seeded), korhonen)
    assert new != old
    with seeded.uow() as uow:
        assert uow.session.get(Employee, korhonen).badge_token_hash == token_hash(new)
        found = uow.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "employee.badge_issue")
        )
        assert found == 2
    entry = last_audit(seeded)
    assert entry.details == {"replaced": True} and new not in str(entry.details)
    _, token = visit_with_room(seeded)
    room = zone_id(seeded)
    assert check_door(seeded.uow(), guard(seeded), room, token, old).reason is (
        DoorReason.UNKNOWN_ESCORT
    )
    assert check_door(seeded.uow(), guard(seeded), room, token, new).allowed


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(visitor=st.text(max_size=80), escort=st.text(max_size=80))
def test_any_text_is_a_clean_refusal(demo_app, visitor, escort):
    app = demo_app.app
    result = check_door(app.uow(), guard(app), zone_id(app), visitor, escort)
    assert not result.allowed and result.reason is DoorReason.UNKNOWN_BADGE
    assert last_audit(app).details["event"] == result.event_id


def test_door_zones_are_the_sites_restricted_zones_for_its_guards(seeded):
    zones = door_zones(seeded.uow(), guard(seeded), site_id(seeded))
    assert [z.name for z in zones] == [ROOM]
    with pytest.raises(PermissionDenied):
        door_zones(seeded.uow(), guard(seeded), site_id(seeded, "esp"))
    with pytest.raises(PermissionDenied):
        door_zones(seeded.uow(), _user(seeded, Role.RECEPTION, name="desk"), site_id(seeded))


def test_inside_on_site_however_long_ago_and_checked_out_without_exit_for_a_day(seeded):
    """entries_inside reads on-site visits and the last 24 h of the door log: an on-site visit
    is inside whenever it entered; one that checked out without an exit is shown as checked
    out until a day after its last door event, then dropped."""
    g, room, escort = guard(seeded), zone_id(seeded), escort_token(seeded)
    staying, staying_token = visit_with_room(seeded)
    gone, gone_token = visit_with_room(seeded, first_name="Ville", email="ville@example.fi")
    for token in (staying_token, gone_token):
        assert check_door(seeded.uow(), g, room, token, escort).allowed
    check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), gone_token)
    with seeded.uow() as uow:
        entry = {e.visit_id: e.id for e in uow.session.scalars(select(DoorEvent))}
    _edit(seeded, DoorEvent, entry[staying], at=now() - timedelta(days=3))
    _edit(seeded, DoorEvent, entry[gone], at=now() - timedelta(hours=23))
    inside = {i.visit_id: i.visit_status for i in who_is_inside(seeded.uow(), g, room)}
    assert inside == {staying: "on_site", gone: "checked_out"}
    _edit(seeded, DoorEvent, entry[gone], at=now() - timedelta(hours=25))
    assert [i.visit_id for i in who_is_inside(seeded.uow(), g, room)] == [staying]
