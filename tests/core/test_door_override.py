"""G5 door override (SQLite and PostgreSQL): own PIN, a reason, one refusal, nothing else waived."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.demo import GUARD_PIN, seed
from core.denylist import add_entry
from core.door import check_door, who_is_inside
from core.door_override import NotOverridable, OverrideReason, override_door
from core.door_policy import DoorReason
from core.errors import AuthenticationFailed, NotFound, PermissionDenied
from core.permissions import Actor, Role
from core.users import NewUser, authenticate_pin, create_user
from db.models import Badge, DoorEvent, EscortAuthorisation, UserAccount, UserSite, VisitZone
from tests.core.helpers import site_id
from tests.core.test_door import (
    _edit,
    door_events,
    escort_token,
    last_audit,
    visit_with_room,
    zone_id,
)


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def the_guard(app):
    return authenticate_pin(app.uow(), "guard", GUARD_PIN)


def refused(app, **setup):
    """A refusal at the equipment room: the visit without the room unless told otherwise."""
    visit_id, token = visit_with_room(app, **{"room": False, **setup})
    result = check_door(app.uow(), the_guard(app), zone_id(app), token, escort_token(app))
    assert not result.allowed
    return visit_id, token, result


def test_a_zone_missing_from_the_visit_is_overridden_logged_and_audited(seeded):
    visit_id, _token, refusal = refused(seeded)
    assert refusal.reason is DoorReason.ZONE_NOT_ON_VISIT
    guard = the_guard(seeded)
    result = override_door(
        seeded.uow, guard, refusal.event_id, OverrideReason.APPROVED_BY_MANAGER, GUARD_PIN
    )
    assert result.allowed and result.reason is DoorReason.OVERRIDE
    assert result.visit_id == visit_id and result.escort_name == "Mikko Korhonen"
    first, second = door_events(seeded)
    assert (second.direction, second.allowed, second.reason) == ("in", True, "override")
    assert second.id == result.event_id and second.escort_employee_id == first.escort_employee_id
    entry = last_audit(seeded)
    assert entry.action == "door.override" and entry.actor == guard.label
    assert entry.details["overrides"] == refusal.event_id
    assert entry.details["refused"] == "zone_not_on_visit"
    assert entry.details["why"] == "approved_by_manager"
    assert [p.visit_id for p in who_is_inside(seeded.uow(), guard, zone_id(seeded))] == [visit_id]
    with pytest.raises(NotOverridable):  # answered already: one override per refusal
        override_door(seeded.uow, guard, refusal.event_id, OverrideReason.OTHER, GUARD_PIN)
    assert len(door_events(seeded)) == 2


def test_an_unknown_escort_badge_and_an_expired_badge_can_be_overridden(seeded):
    guard = the_guard(seeded)
    _visit, token = visit_with_room(seeded)
    unknown = check_door(seeded.uow(), guard, zone_id(seeded), token, "not-an-employee-badge")
    assert unknown.reason is DoorReason.UNKNOWN_ESCORT
    result = override_door(
        seeded.uow, guard, unknown.event_id, OverrideReason.BADGE_FAULT, GUARD_PIN
    )
    assert result.allowed and result.escort_id is None
    visit_id, token = visit_with_room(seeded)
    with seeded.uow() as uow:
        badge = uow.session.scalars(select(Badge).where(Badge.visit_id == visit_id)).one()
        badge.expires_at = badge.issued_at
        uow.commit()
    expired = check_door(seeded.uow(), guard, zone_id(seeded), token, escort_token(seeded))
    assert expired.reason is DoorReason.BADGE_EXPIRED
    assert override_door(
        seeded.uow, guard, expired.event_id, OverrideReason.EMERGENCY, GUARD_PIN
    ).allowed


def test_a_wrong_pin_writes_nothing_and_counts_towards_lockout(seeded):
    _visit, _token, refusal = refused(seeded)
    guard = the_guard(seeded)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            override_door(seeded.uow, guard, refusal.event_id, OverrideReason.OTHER, "0000")
    with pytest.raises(AuthenticationFailed):  # locked now, even with the right PIN
        override_door(seeded.uow, guard, refusal.event_id, OverrideReason.OTHER, GUARD_PIN)
    assert len(door_events(seeded)) == 1


def test_what_the_rule_exists_to_stop_is_never_overridden(seeded):
    guard = the_guard(seeded)
    with seeded.uow() as uow:  # the escort loses the authorisation
        for grant in uow.session.scalars(select(EscortAuthorisation)):
            grant.revoked_at = grant.granted_at
        uow.commit()
    _visit, token = visit_with_room(seeded)
    no_escort = check_door(seeded.uow(), guard, zone_id(seeded), token, escort_token(seeded))
    assert no_escort.reason is DoorReason.ESCORT_NOT_AUTHORISED
    with pytest.raises(NotOverridable) as exc:
        override_door(seeded.uow, guard, no_escort.event_id, OverrideReason.OTHER, GUARD_PIN)
    assert "escort" in exc.value.message.render()
    assert door_events(seeded)[-1].id == no_escort.event_id


def test_an_override_reads_the_facts_again(seeded):
    guard = the_guard(seeded)
    _visit, _token, refusal = refused(seeded)
    add_entry(seeded.uow(), Actor.system("test"), "Kaisa", "Testinen")  # on the deny list now
    with pytest.raises(NotOverridable) as exc:
        override_door(seeded.uow, guard, refusal.event_id, OverrideReason.OTHER, GUARD_PIN)
    assert "security desk" in exc.value.message.render()
    assert not any(e.allowed for e in door_events(seeded))


def test_only_a_current_refusal_of_a_visitor_at_ones_own_site(seeded):
    guard = the_guard(seeded)
    visit_id, token, refusal = refused(seeded)
    _edit(seeded, DoorEvent, refusal.event_id, at=refusal.at - timedelta(minutes=6))
    with pytest.raises(NotOverridable):
        override_door(seeded.uow, guard, refusal.event_id, OverrideReason.OTHER, GUARD_PIN)
    with seeded.uow() as uow:
        uow.session.add(VisitZone(visit_id=visit_id, zone_id=zone_id(seeded)))
        uow.commit()
    allowed = check_door(seeded.uow(), guard, zone_id(seeded), token, escort_token(seeded))
    with pytest.raises(NotOverridable):  # nothing to override
        override_door(seeded.uow, guard, allowed.event_id, OverrideReason.OTHER, GUARD_PIN)
    with pytest.raises(NotFound):
        override_door(seeded.uow, guard, "no-such-event", OverrideReason.OTHER, GUARD_PIN)
    with pytest.raises(AuthenticationFailed):  # the CLI operator has no PIN to give
        override_door(seeded.uow, Actor.system(), allowed.event_id, OverrideReason.OTHER, "1")
    _v, _t, current = refused(seeded)
    esp = site_id(seeded, "esp")
    with seeded.uow() as uow:  # the guard is moved to another site meanwhile
        account = uow.session.scalars(
            select(UserAccount).where(UserAccount.username == "guard")
        ).one()
        for link in list(account.sites):
            uow.session.delete(link)
        uow.session.flush()
        uow.session.add(UserSite(user_id=account.id, site_id=esp))
        uow.commit()
    with pytest.raises(PermissionDenied):
        override_door(seeded.uow, guard, current.event_id, OverrideReason.OTHER, GUARD_PIN)


def test_an_account_without_door_checks_cannot_override(seeded):
    _visit, _token, refusal = refused(seeded)
    create_user(
        seeded.uow(),
        Actor.system(),
        NewUser("desk", "a long password 1", (Role.RECEPTION,), ("hel",), pin="1357"),
    )
    desk = authenticate_pin(seeded.uow(), "desk", "1357")
    with pytest.raises(PermissionDenied):
        override_door(seeded.uow, desk, refusal.event_id, OverrideReason.OTHER, "1357")
