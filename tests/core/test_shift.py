"""Shift handover log (G4): written by the site's guard, sealed at rest, listed and audited."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.demo import seed
from core.errors import PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from core.shift import HandoverInput, list_handovers, record_handover
from core.validation import clean_lines
from db.models import AuditEntry, Handover
from tests.core.helpers import count, site_id


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def test_a_handover_is_recorded_sealed_and_listed(seeded):
    hel = site_id(seeded)
    guard = user(Role.SECURITY, hel)
    data = HandoverInput(
        incoming="guard",
        open_items="Door B2 alarm fault, technician Matti Virtanen due 10:00",
        keys="Server room key 7 to the incoming guard",
        notes="Visitor Liisa Laine waited for her host for an hour",
    )
    done = record_handover(seeded.uow(), guard, hel, data)
    assert done.outgoing == guard.label and done.incoming == "guard"
    with seeded.uow() as uow:
        row = uow.session.get(Handover, done.id)
        for field, plain in (("open_items_enc", "Matti"), ("keys_enc", "Server room"),
                             ("notes_enc", "Liisa")):  # fmt: skip
            assert plain.encode() not in getattr(row, field)
    later = record_handover(seeded.uow(), guard, hel, HandoverInput(notes="Quiet night"))
    listed = list_handovers(seeded.uow(), guard, hel)
    assert [h.id for h in listed] == [later.id, done.id]
    assert listed[1].open_items == data.open_items and listed[1].keys == data.keys
    assert listed[1].notes == data.notes and listed[0].incoming is None
    assert [h.id for h in list_handovers(seeded.uow(), guard, hel, limit=1)] == [later.id]
    with seeded.uow() as uow:
        audited = uow.session.execute(
            select(AuditEntry.action, AuditEntry.details)
            .where(AuditEntry.action.like("handover.%"))
            .order_by(AuditEntry.seq)
        ).all()
    assert [a for a, _ in audited] == ["handover.record"] * 2 + ["handover.view"] * 2
    assert audited[2][1] == {"handovers": 2, "text_search": False}
    for _, details in audited:
        assert "Matti" not in str(details) and "Quiet" not in str(details)


def test_only_the_sites_guards_and_administrators_keep_the_log(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    admin = user(Role.ADMINISTRATOR, hel)
    record_handover(seeded.uow(), admin, hel, HandoverInput(notes="ok"))
    assert len(list_handovers(seeded.uow(), admin, hel)) == 1
    refused = (user(Role.HR, hel), user(Role.RECEPTION, hel), Actor.kiosk(hel),
               user(Role.SECURITY, esp), user(Role.ADMINISTRATOR, esp))  # fmt: skip
    for actor in refused:
        with pytest.raises(PermissionDenied):
            record_handover(seeded.uow(), actor, hel, HandoverInput(notes="x"))
        with pytest.raises(PermissionDenied):
            list_handovers(seeded.uow(), actor, hel)
    assert count(seeded, Handover) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (HandoverInput(incoming="nobody-such"), "incoming"),
        (HandoverInput(notes="bad\x00byte"), "notes"),
        (HandoverInput(keys="k" * 4001), "keys"),
        (HandoverInput(open_items="\u202eevil"), "open_items"),
    ],
)
def test_bad_fields_are_refused_per_field(seeded, data, field):
    hel = site_id(seeded)
    with pytest.raises(ValidationFailed) as exc:
        record_handover(seeded.uow(), user(Role.SECURITY, hel), hel, data)
    assert field in exc.value.errors and str(exc.value.errors[field])
    assert count(seeded, Handover) == 0


texts = st.text(max_size=60)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(open_items=texts, keys=texts, notes=texts)
def test_random_text_is_stored_or_refused_plainly(sqlite_app, open_items, keys, notes):
    if site_id(sqlite_app) is None:
        seed(sqlite_app.uow)
    hel = site_id(sqlite_app)
    guard = user(Role.SECURITY, hel)
    try:
        done = record_handover(
            sqlite_app.uow(),
            guard,
            hel,
            HandoverInput(open_items=open_items, keys=keys, notes=notes),
        )
    except ValidationFailed as exc:
        assert exc.errors and all(str(m) for m in exc.errors.values())
        return
    [shown] = [
        h for h in list_handovers(sqlite_app.uow(), guard, hel, limit=1000) if h.id == done.id
    ]
    assert (shown.open_items or "") == clean_lines(open_items)
    assert (shown.keys or "") == clean_lines(keys) and (shown.notes or "") == clean_lines(notes)


def test_notes_keep_their_lines(seeded):
    hel = site_id(seeded)
    guard = user(Role.SECURITY, hel)
    notes = "  Door B2:\talarm fault \r\n\n\n\n  Technician due 10:00  \n\n"
    done = record_handover(seeded.uow(), guard, hel, HandoverInput(notes=notes, keys="7\n9"))
    assert done.notes == "Door B2: alarm fault\n\nTechnician due 10:00"
    assert done.keys == "7\n9"


def test_handovers_are_searched_by_text_and_the_search_is_not_audited_in_clear(seeded):
    hel = site_id(seeded)
    guard = user(Role.SECURITY, hel)
    door = record_handover(seeded.uow(), guard, hel, HandoverInput(open_items="Door B2 alarm"))
    keys = record_handover(seeded.uow(), guard, hel, HandoverInput(keys="Server room KEY 7"))
    record_handover(seeded.uow(), guard, hel, HandoverInput(notes="Quiet night", incoming="guard"))
    assert [h.id for h in list_handovers(seeded.uow(), guard, hel, text="key 7")] == [keys.id]
    assert [h.id for h in list_handovers(seeded.uow(), guard, hel, text=" b2 ")] == [door.id]
    assert len(list_handovers(seeded.uow(), guard, hel, text="guard")) == 1  # the incoming
    assert list_handovers(seeded.uow(), guard, hel, text="nothing like it") == []
    with pytest.raises(ValidationFailed):
        list_handovers(seeded.uow(), guard, hel, text="x\x00")
    with seeded.uow() as uow:
        details = uow.session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "handover.view")
        ).all()
    assert all(d["text_search"] for d in details) and "B2" not in str(details)


def test_the_outgoing_guard_is_shown_by_username(seeded):
    from core.demo import GUARD_PIN
    from core.users import authenticate_pin

    hel = site_id(seeded)
    guard = authenticate_pin(seeded.uow(), "guard", GUARD_PIN)
    done = record_handover(seeded.uow(), guard, hel, HandoverInput(notes="ok"))
    assert done.outgoing == guard.label and done.outgoing_name == "guard"
    [listed] = list_handovers(seeded.uow(), guard, hel, text="GUARD")
    assert listed.outgoing_name == "guard" and listed.as_dict()["outgoing_name"] == "guard"
