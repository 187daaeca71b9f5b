"""Reading the door log, on SQLite and PostgreSQL: newest first, filters, no names, audited."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.clock import now
from core.demo import seed
from core.door import check_door, record_exit
from core.door_log import door_log
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from db.models import DoorEvent
from tests.core.helpers import site_id
from tests.core.test_door import (
    ROOM,
    _edit,
    _user,
    employee,
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


def _three_events(app):
    """An allowed entry, an exit and a refusal, a minute apart (oldest first)."""
    visit_id, token = visit_with_room(app)
    room, escort = zone_id(app), escort_token(app)
    events = [
        check_door(app.uow(), guard(app), room, token, escort).event_id,
        record_exit(app.uow(), guard(app), room, token).event_id,
        check_door(app.uow(), guard(app), room, "no-such-badge", escort).event_id,
    ]
    start = now() - timedelta(hours=1)
    for minutes, event in enumerate(events):
        _edit(app, DoorEvent, event, at=start + timedelta(minutes=minutes))
    return visit_id, events, start


def test_newest_first_with_zone_reason_and_ids_but_no_names(seeded):
    visit_id, events, _start = _three_events(seeded)
    log = door_log(seeded.uow(), guard(seeded), site_id(seeded))
    assert [e.id for e in log] == events[::-1]
    refused, exit_, entry = log
    assert (entry.direction, entry.allowed, entry.reason) == ("in", True, "allowed")
    assert entry.zone_name == ROOM and entry.zone_id == zone_id(seeded)
    assert entry.visit_id == visit_id and entry.escort_id == employee(seeded, "Korhonen")
    assert entry.guard == "user:guard" and entry.at.utcoffset() is not None
    assert str(entry.at.tzinfo) == "Europe/Helsinki"
    assert (exit_.direction, exit_.reason, exit_.message.render()) == (
        "out",
        "exit",
        "Exit recorded.",
    )
    assert (refused.allowed, refused.reason, refused.visit_id) == (False, "unknown_badge", None)
    shown = str([e.as_dict() for e in log])
    assert "Kaisa" not in shown and "Korhonen" not in shown and "Mikko" not in shown
    audit = last_audit(seeded)
    assert audit.action == "door.view_log" and audit.subject_id == site_id(seeded)
    assert audit.details == {"count": 3, "zone": None}


def test_filters_by_zone_time_and_limit(seeded):
    _visit_id, events, start = _three_events(seeded)
    hel = site_id(seeded)
    room = zone_id(seeded)
    assert [e.id for e in door_log(seeded.uow(), guard(seeded), hel, zone_id=room)] == events[::-1]
    assert last_audit(seeded).details == {"count": 3, "zone": room}
    lobby = door_log(seeded.uow(), guard(seeded), hel, zone_id=zone_id(seeded, "Lobby"))
    assert lobby == []
    later = door_log(seeded.uow(), guard(seeded), hel, since=start + timedelta(minutes=1))
    assert [e.id for e in later] == events[:0:-1]
    window = door_log(
        seeded.uow(),
        guard(seeded),
        hel,
        since=start,
        until=start + timedelta(minutes=2),
    )
    assert [e.id for e in window] == events[1::-1]
    # a time without a zone is the site's local time
    local = (
        (start + timedelta(minutes=2)).astimezone(ZoneInfo("Europe/Helsinki")).replace(tzinfo=None)
    )
    assert [e.id for e in door_log(seeded.uow(), guard(seeded), hel, since=local)] == [events[2]]
    assert [e.id for e in door_log(seeded.uow(), guard(seeded), hel, limit=1)] == [events[2]]
    assert door_log(seeded.uow(), Actor.system("test"), site_id(seeded, "esp")) == []


def test_refusals(seeded):
    _three_events(seeded)
    hel = site_id(seeded)
    before = last_audit(seeded)
    with pytest.raises(PermissionDenied):
        door_log(seeded.uow(), _user(seeded, Role.RECEPTION, name="desk"), hel)
    with pytest.raises(PermissionDenied):
        door_log(seeded.uow(), _user(seeded, Role.SECURITY, sites=("esp",), name="esp"), hel)
    with pytest.raises(PermissionDenied):
        door_log(seeded.uow(), _user(seeded, Role.HR, sites=("hel",), name="hr"), hel)
    with pytest.raises(NotFound):
        door_log(seeded.uow(), guard(seeded), hel, zone_id=zone_id(seeded, "Key store", "esp"))
    with pytest.raises(ValidationFailed):
        door_log(seeded.uow(), guard(seeded), hel, limit=0)
    with pytest.raises(ValidationFailed):
        door_log(seeded.uow(), guard(seeded), hel, since=now(), until=now() - timedelta(hours=1))
    assert last_audit(seeded) == before
