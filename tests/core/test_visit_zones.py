"""A visit's zones changed by the desk, on SQLite and PostgreSQL: the door follows, refusals
leave everything as it was."""

import pytest
from sqlalchemy import func, select

from core.checkout import check_out
from core.demo import seed
from core.door import check_door, record_exit
from core.door_policy import DoorReason
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from core.visit_zones import (
    VisitZoneRefused,
    add_visit_zone,
    remove_visit_zone,
    visit_zones,
    zone_id_for,
)
from db.models import AuditEntry, Visit, VisitZone
from tests.core.helpers import site_id
from tests.core.test_door import (
    ROOM,
    _edit,
    _user,
    escort_token,
    guard,
    last_audit,
    visit_with_room,
    zone_id,
)


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


CLI = Actor.system("test")


def _state(app, visit_id):
    """What a refusal must leave unchanged."""
    with app.uow() as uow:
        visit = uow.session.get(Visit, visit_id)
        zones = set(
            uow.session.scalars(select(VisitZone.zone_id).where(VisitZone.visit_id == visit_id))
        )
        audits = uow.session.scalar(select(func.count()).select_from(AuditEntry))
        return zones, visit.escort_required, visit.status, audits


def _reception(app, site="hel"):
    return _user(app, Role.RECEPTION, sites=(site,), name="desk")


def test_adding_the_room_lets_the_door_allow_entry(seeded):
    visit_id, token = visit_with_room(seeded, room=False)
    escort = escort_token(seeded)
    before = check_door(seeded.uow(), guard(seeded), zone_id(seeded), token, escort)
    assert before.reason is DoorReason.ZONE_NOT_ON_VISIT
    result = add_visit_zone(seeded.uow(), _reception(seeded), visit_id, zone_name=ROOM)
    assert ROOM in [z.name for z in result.zones] and result.escort_required
    entry = last_audit(seeded)
    assert entry.action == "visit.zone_add" and entry.subject_id == visit_id
    assert entry.details == {"zone": zone_id(seeded), "escort_required": True}
    after = check_door(seeded.uow(), guard(seeded), zone_id(seeded), token, escort)
    assert after.allowed and after.reason is DoorReason.ALLOWED
    assert visit_zones(seeded.uow(), _reception(seeded), visit_id) == result


def test_adding_again_is_a_no_op_with_the_same_result(seeded):
    visit_id, _token = visit_with_room(seeded, room=False)
    first = add_visit_zone(seeded.uow(), CLI, visit_id, zone_id=zone_id(seeded))
    state = _state(seeded, visit_id)
    again = add_visit_zone(seeded.uow(), CLI, visit_id, zone_id=zone_id(seeded))
    assert again == first and _state(seeded, visit_id) == state


def test_escort_required_follows_the_zones(seeded):
    visit_id, _token = visit_with_room(seeded, room=False)
    lobby = zone_id(seeded, "Lobby")
    with seeded.uow() as uow:  # only the lobby, which needs no escort
        uow.session.query(VisitZone).filter_by(visit_id=visit_id).delete()
        uow.session.add(VisitZone(visit_id=visit_id, zone_id=lobby))
        uow.session.get(Visit, visit_id).escort_required = False
        uow.commit()
    added = add_visit_zone(seeded.uow(), CLI, visit_id, zone_name=ROOM)
    assert added.escort_required and _state(seeded, visit_id)[1] is True
    removed = remove_visit_zone(seeded.uow(), CLI, visit_id, zone_name=ROOM)
    assert [z.name for z in removed.zones] == ["Lobby"] and not removed.escort_required
    assert _state(seeded, visit_id)[:2] == ({lobby}, False)
    assert last_audit(seeded).action == "visit.zone_remove"


def test_removing_the_room_refuses_the_door_again(seeded):
    visit_id, token = visit_with_room(seeded)
    result = remove_visit_zone(seeded.uow(), CLI, visit_id, zone_id=zone_id(seeded))
    assert ROOM not in [z.name for z in result.zones]
    refused = check_door(seeded.uow(), guard(seeded), zone_id(seeded), token, escort_token(seeded))
    assert refused.reason is DoorReason.ZONE_NOT_ON_VISIT
    state = _state(seeded, visit_id)
    again = remove_visit_zone(seeded.uow(), CLI, visit_id, zone_id=zone_id(seeded))
    assert again == result and _state(seeded, visit_id) == state


def test_the_zone_the_visitor_is_inside_cannot_be_removed(seeded):
    visit_id, token = visit_with_room(seeded)
    room = zone_id(seeded)
    assert check_door(seeded.uow(), guard(seeded), room, token, escort_token(seeded)).allowed
    state = _state(seeded, visit_id)
    with pytest.raises(VisitZoneRefused) as refused:
        remove_visit_zone(seeded.uow(), CLI, visit_id, zone_id=room)
    assert "inside Equipment room" in str(refused.value) and "exit" in str(refused.value)
    assert _state(seeded, visit_id) == state
    record_exit(seeded.uow(), guard(seeded), room, token)
    assert ROOM not in [
        z.name for z in remove_visit_zone(seeded.uow(), CLI, visit_id, zone_id=room).zones
    ]


@pytest.mark.parametrize("status", ["checked_out", "cancelled"])
def test_an_ended_visit_keeps_its_zones(seeded, status):
    visit_id, token = visit_with_room(seeded, room=False)
    if status == "checked_out":
        check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), token)
    else:
        _edit(seeded, Visit, visit_id, status="cancelled")
    state = _state(seeded, visit_id)
    for change in (add_visit_zone, remove_visit_zone):
        with pytest.raises(VisitZoneRefused, match="ended"):
            change(seeded.uow(), CLI, visit_id, zone_name="Office floor")
    assert _state(seeded, visit_id) == state


def test_unknown_visit_zone_or_zone_of_another_site(seeded):
    visit_id, _token = visit_with_room(seeded, room=False)
    state = _state(seeded, visit_id)
    with pytest.raises(NotFound, match="no such visit"):
        add_visit_zone(seeded.uow(), CLI, "nope", zone_name=ROOM)
    with pytest.raises(NotFound, match="no such zone"):
        add_visit_zone(seeded.uow(), CLI, visit_id, zone_id="nope")
    with pytest.raises(NotFound, match="no zone called Key store"):
        add_visit_zone(seeded.uow(), CLI, visit_id, zone_name="Key store")
    with pytest.raises(ValidationFailed) as other:
        add_visit_zone(seeded.uow(), CLI, visit_id, zone_id=zone_id(seeded, "Key store", "esp"))
    assert "another site" in str(other.value.errors["zone"])
    assert _state(seeded, visit_id) == state


def test_permissions(seeded):
    visit_id, _token = visit_with_room(seeded, room=False)
    state = _state(seeded, visit_id)
    hr = _user(seeded, Role.HR, sites=("hel", "esp"), name="hr")
    for actor in (_reception(seeded, "esp"), hr, Actor.kiosk(site_id(seeded))):
        for call in (add_visit_zone, remove_visit_zone):
            with pytest.raises(PermissionDenied):
                call(seeded.uow(), actor, visit_id, zone_name=ROOM)
        with pytest.raises(PermissionDenied):
            visit_zones(seeded.uow(), actor, visit_id)
    assert _state(seeded, visit_id) == state
    assert add_visit_zone(seeded.uow(), guard(seeded), visit_id, zone_name=ROOM).zones


def test_zone_id_for_names_the_zone_within_its_site(seeded):
    hel, esp = site_id(seeded), site_id(seeded, "esp")
    assert zone_id_for(seeded.uow(), CLI, hel, ROOM) == zone_id(seeded)
    assert zone_id_for(seeded.uow(), CLI, esp, "Lobby") == zone_id(seeded, "Lobby", "esp")
    with pytest.raises(NotFound, match="no zone called Key store"):
        zone_id_for(seeded.uow(), CLI, hel, "Key store")
    with pytest.raises(PermissionDenied):
        zone_id_for(seeded.uow(), _reception(seeded), esp, "Lobby")
