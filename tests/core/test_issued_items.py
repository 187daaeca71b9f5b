"""A4 issued items, on SQLite and PostgreSQL: issued, listed, returned or written off once,
sealed at rest, audited without free text, refused for the wrong people."""

from datetime import date

import pytest
from sqlalchemy import select

from core.demo import seed
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.issued_items import (
    Condition,
    ItemClosed,
    ItemKind,
    ItemStatus,
    issue_item,
    list_items,
    return_item,
    write_off_item,
)
from core.permissions import Actor, Role
from db.hr_models import IssuedItem
from db.models import AuditEntry, Employee
from tests.core.helpers import count, site_id


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def user(app, role, *codes, name=None):
    return Actor(
        kind="user",
        id=name or role.value,
        roles=frozenset({role}),
        site_ids=frozenset(site_id(app, code) for code in codes),
    )


def employee(app, last):
    with app.uow() as uow:
        for emp in uow.session.scalars(select(Employee)).all():
            if emp.last_name == last:
                return emp.id
    raise AssertionError(last)


def audit_entries(app, action):
    with app.uow() as uow:
        rows = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        return [(row.actor, row.subject_id, dict(row.details)) for row in rows]


def state(app):
    """Everything an item change could touch, as plain values."""
    with app.uow() as uow:
        items = uow.session.scalars(select(IssuedItem).order_by(IssuedItem.id)).all()
        rows = [(i.id, i.status, i.closed_by, i.condition, i.write_off_reason_enc) for i in items]
    return rows, count(app, AuditEntry)


def test_issue_list_return_and_write_off(seeded):
    hr = user(seeded, Role.HR, "hel")
    korhonen = employee(seeded, "Korhonen")
    laptop = issue_item(
        seeded.uow(), hr, korhonen, "device", "Laptop of Mikko Korhonen", serial=" SN-1 "
    )
    key = issue_item(seeded.uow(), hr, korhonen, ItemKind.KEY, "Server room key 7")
    plans = issue_item(seeded.uow(), hr, korhonen, "document", "Plans", issued_on=date(2020, 1, 2))
    listed = list_items(seeded.uow(), hr, korhonen)
    assert listed[0].id == plans
    assert {i.kind for i in listed} == {ItemKind.DEVICE, ItemKind.KEY, ItemKind.DOCUMENT}
    by_id = {i.id: i for i in listed}
    assert by_id[laptop].serial == "SN-1" and by_id[laptop].description.startswith("Laptop")
    assert all(i.status is ItemStatus.ISSUED and i.issued_by == "user:hr" for i in listed)

    back = return_item(seeded.uow(), hr, laptop, "damaged")
    assert back.status is ItemStatus.RETURNED and back.condition is Condition.DAMAGED
    assert back.closed_by == "user:hr" and back.closed_at is not None
    gone = write_off_item(seeded.uow(), hr, key, "Lost on the\n\n\nbus  home")
    assert (
        gone.status is ItemStatus.WRITTEN_OFF and gone.write_off_reason == "Lost on the\n\nbus home"
    )
    assert gone.closed_by == "user:hr" and gone.condition is None

    with seeded.uow() as uow:
        row = uow.session.get(IssuedItem, laptop)
        assert b"Laptop" not in row.description_enc
        assert b"Lost" not in uow.session.get(IssuedItem, key).write_off_reason_enc
    for action in ("item.issue", "item.return", "item.write_off", "item.list"):
        entries = audit_entries(seeded, action)
        assert entries, action
        for _actor, _subject, details in entries:
            assert "Laptop" not in str(details) and "Lost" not in str(details)
    [(_a, subject, details)] = audit_entries(seeded, "item.return")
    assert subject == laptop and details == {
        "employee": korhonen,
        "kind": "device",
        "condition": "damaged",
    }


def test_an_item_closes_once(seeded):
    hr = user(seeded, Role.HR, "hel")
    item = issue_item(seeded.uow(), hr, employee(seeded, "Korhonen"), "disk", "Backup disk")
    return_item(seeded.uow(), hr, item, "good")
    before = state(seeded)
    with pytest.raises(ItemClosed):
        return_item(seeded.uow(), hr, item, "good")
    with pytest.raises(ItemClosed):
        write_off_item(seeded.uow(), hr, item, "Broken")
    assert state(seeded) == before


def test_bad_input_changes_nothing(seeded):
    hr = user(seeded, Role.HR, "hel")
    korhonen = employee(seeded, "Korhonen")
    item = issue_item(seeded.uow(), hr, korhonen, "key", "Key 1")
    before = state(seeded)
    attempts = [
        (issue_item, (korhonen, "spaceship", "x"), "kind"),
        (issue_item, (korhonen, "key", "   "), "description"),
        (issue_item, (korhonen, "key", "a\x00b"), "description"),
        (issue_item, (korhonen, "key", "x" * 501), "description"),
        (issue_item, (korhonen, "key", "Key", "s" * 121), "serial"),
        (return_item, (item, "lovely"), "condition"),
        (write_off_item, (item, "  \n "), "reason"),
        (write_off_item, (item, "a\x1bb"), "reason"),
    ]
    for call, args, field in attempts:
        with pytest.raises(ValidationFailed) as caught:
            call(seeded.uow(), hr, *args)
        assert field in caught.value.errors, (call.__name__, args)
    with pytest.raises(NotFound):
        return_item(seeded.uow(), hr, "nope", "good")
    with pytest.raises(NotFound):
        issue_item(seeded.uow(), hr, "nope", "key", "Key")
    assert state(seeded) == before


def test_no_items_for_someone_who_has_left(seeded):
    hr = user(seeded, Role.HR, "hel")
    with seeded.uow() as uow:
        left = next(e for e in uow.session.scalars(select(Employee)) if not e.active)
        left_id, left_site = left.id, left.site_id
    actor = Actor(kind="user", id="hr", roles=frozenset({Role.HR}), site_ids=frozenset({left_site}))
    before = state(seeded)
    with pytest.raises(ValidationFailed):
        issue_item(seeded.uow(), actor, left_id, "key", "Key")
    assert state(seeded) == before and hr


@pytest.mark.parametrize(
    "who",
    ["hr_other_site", "security", "reception", "kiosk", "inactive_admin"],
)
def test_refused_for_the_wrong_people_and_nothing_written(seeded, who):
    hr = user(seeded, Role.HR, "hel")
    korhonen = employee(seeded, "Korhonen")
    item = issue_item(seeded.uow(), hr, korhonen, "badge", "Old badge")
    actor = {
        "hr_other_site": user(seeded, Role.HR, "esp"),
        "security": user(seeded, Role.SECURITY, "hel"),
        "reception": user(seeded, Role.RECEPTION, "hel"),
        "kiosk": Actor.kiosk(site_id(seeded)),
        "inactive_admin": Actor(
            kind="user", id="a", roles=frozenset({Role.ADMINISTRATOR}), all_sites=True, active=False
        ),
    }[who]
    before = state(seeded)
    for call, args in (
        (issue_item, (korhonen, "key", "Key")),
        (list_items, (korhonen,)),
        (return_item, (item, "good")),
        (write_off_item, (item, "Lost")),
    ):
        with pytest.raises(PermissionDenied):
            call(seeded.uow(), actor, *args)
    assert state(seeded) == before


def test_an_administrator_of_all_sites_may(seeded):
    admin = Actor(kind="user", id="boss", roles=frozenset({Role.ADMINISTRATOR}), all_sites=True)
    item = issue_item(seeded.uow(), admin, employee(seeded, "Heikkinen"), "instrument", "Scope")
    assert write_off_item(seeded.uow(), admin, item, "Sold").closed_by == "user:boss"
