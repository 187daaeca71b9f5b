"""A4: what was issued to an employee (carriers of information, keys, badges, devices) and how
each came back: returned (received by the actor, in a stated condition) or written off (a
reason, approved by the actor). Each item closes once; a refusal leaves the data as it was.

Descriptions and write-off reasons may describe a person, so they are sealed and never audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import now, to_local
from core.errors import NotFound, ValidationFailed, VartioError
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from core.validation import check_lines, check_text, clean, clean_lines
from db.hr_models import IssuedItem
from db.models import Employee

MAX_DESCRIPTION = 500
MAX_SERIAL = 120
MAX_REASON = 2000


class ItemKind(StrEnum):
    DOCUMENT = "document"
    FILE = "file"
    NOTES = "notes"
    REPORT = "report"
    LETTER = "letter"
    FAX = "fax"
    TAPE = "tape"
    DISK = "disk"
    DEVICE = "device"
    KEY = "key"
    BADGE = "badge"
    INSTRUMENT = "instrument"
    OTHER = "other"


KIND_TEXT = {
    ItemKind.DOCUMENT: N_("Document"),
    ItemKind.FILE: N_("File"),
    ItemKind.NOTES: N_("Notes"),
    ItemKind.REPORT: N_("Report"),
    ItemKind.LETTER: N_("Letter"),
    ItemKind.FAX: N_("Fax"),
    ItemKind.TAPE: N_("Tape"),
    ItemKind.DISK: N_("Disk"),
    ItemKind.DEVICE: N_("Device"),
    ItemKind.KEY: N_("Key"),
    ItemKind.BADGE: N_("Badge"),
    ItemKind.INSTRUMENT: N_("Instrument"),
    ItemKind.OTHER: N_("Other item"),
}


class Condition(StrEnum):
    GOOD = "good"
    DAMAGED = "damaged"
    INCOMPLETE = "incomplete"


CONDITION_TEXT = {
    Condition.GOOD: N_("Good"),
    Condition.DAMAGED: N_("Damaged"),
    Condition.INCOMPLETE: N_("Incomplete"),
}


class ItemStatus(StrEnum):
    ISSUED = "issued"
    RETURNED = "returned"
    WRITTEN_OFF = "written_off"


class ItemClosed(VartioError):
    """The item was already returned or written off."""


@dataclass(frozen=True)
class ItemView:
    id: str
    employee_id: str
    kind: ItemKind
    kind_text: str  # msgid
    description: str
    serial: str
    issued_on: date
    issued_by: str
    status: ItemStatus
    closed_at: datetime | None  # UTC
    closed_by: str | None  # actor label: received it, or approved the write-off
    condition: Condition | None
    write_off_reason: str | None


def item_view(item: IssuedItem) -> ItemView:
    """Plain values of one item (inside an open unit of work: the sealed fields open)."""
    kind = ItemKind(item.kind)
    return ItemView(
        id=item.id,
        employee_id=item.employee_id,
        kind=kind,
        kind_text=KIND_TEXT[kind],
        description=item.description or "",
        serial=item.serial or "",
        issued_on=item.issued_on,
        issued_by=item.issued_by,
        status=ItemStatus(item.status),
        closed_at=item.closed_at,
        closed_by=item.closed_by,
        condition=Condition(item.condition) if item.condition else None,
        write_off_reason=item.write_off_reason,
    )


def open_item_count(session: Session, employee_id: str) -> int:
    """How many items the employee still holds."""
    return (
        session.scalar(
            select(func.count())
            .select_from(IssuedItem)
            .where(IssuedItem.employee_id == employee_id, IssuedItem.status == ItemStatus.ISSUED)
        )
        or 0
    )


def employee_items(session: Session, employee_id: str) -> list[IssuedItem]:
    return list(
        session.scalars(
            select(IssuedItem)
            .where(IssuedItem.employee_id == employee_id)
            .order_by(IssuedItem.issued_on, IssuedItem.kind, IssuedItem.id)
        )
    )


def get_employee(uow: UnitOfWork, employee_id: str) -> Employee:
    employee = uow.session.get(Employee, employee_id) if employee_id else None
    if employee is None:
        raise NotFound(Message(N_("There is no such employee.")))
    return employee


def _item(uow: UnitOfWork, actor: Actor, item_id: str) -> IssuedItem:
    """The item, once the actor may manage offboarding at its employee's site."""
    item = uow.session.get(IssuedItem, item_id) if item_id else None
    if item is None:
        raise NotFound(Message(N_("There is no such item.")))
    require(actor, Permission.MANAGE_OFFBOARDING, get_employee(uow, item.employee_id).site_id)
    if item.status != ItemStatus.ISSUED:
        raise ItemClosed(Message(N_("This item was already returned or written off.")))
    return item


def _kind(value: str) -> ItemKind:
    try:
        return ItemKind(value)
    except ValueError:
        raise ValidationFailed(
            {"kind": Message(N_("Please choose what kind of item this is."))}
        ) from None


def issue_item(
    uow: UnitOfWork,
    actor: Actor,
    employee_id: str,
    kind: str,
    description: str,
    serial: str = "",
    issued_on: date | None = None,
) -> str:
    """Record an item handed to the employee (audited); returns its id."""
    errors: dict[str, Message] = {}
    problem = check_text(description, Message(N_("a description")), True, MAX_DESCRIPTION)
    if problem:
        errors["description"] = problem
    problem = check_text(serial, Message(N_("a serial number")), False, MAX_SERIAL)
    if problem:
        errors["serial"] = problem
    with uow:
        employee = get_employee(uow, employee_id)
        require(actor, Permission.MANAGE_OFFBOARDING, employee.site_id)
        item_kind = _kind(kind)
        if errors:
            raise ValidationFailed(errors)
        if not employee.active or employee.left_on is not None:
            raise ValidationFailed({"employee": Message(N_("The employee is not active."))})
        at = now()
        item = IssuedItem(
            employee_id=employee.id,
            kind=item_kind.value,
            serial=clean(serial) or None,
            issued_on=issued_on or to_local(at, employee.site.timezone).date(),
            issued_by=actor.label,
            status=ItemStatus.ISSUED.value,
        )
        item.description = clean(description)
        uow.session.add(item)
        uow.audit(
            actor,
            "item.issue",
            subject_type="issued_item",
            subject_id=item.id,
            site_id=employee.site_id,
            details={"employee": employee.id, "kind": item_kind.value},
            at=at,
        )
        uow.commit()
        return item.id


def list_items(uow: UnitOfWork, actor: Actor, employee_id: str) -> list[ItemView]:
    """Every item ever issued to the employee, oldest first (a view of personal data: audited
    with the count)."""
    with uow:
        employee = get_employee(uow, employee_id)
        require(actor, Permission.MANAGE_OFFBOARDING, employee.site_id)
        items = [item_view(item) for item in employee_items(uow.session, employee.id)]
        uow.audit(
            actor,
            "item.list",
            subject_type="employee",
            subject_id=employee.id,
            site_id=employee.site_id,
            details={"count": len(items)},
        )
        uow.commit()
        return items


def return_item(uow: UnitOfWork, actor: Actor, item_id: str, condition: str) -> ItemView:
    """The item came back, received by the actor, in ``condition`` (audited)."""
    with uow:
        item = _item(uow, actor, item_id)
        try:
            state = Condition(condition)
        except ValueError:
            raise ValidationFailed(
                {"condition": Message(N_("Please choose the item's condition."))}
            ) from None
        at = now()
        item.status, item.condition = ItemStatus.RETURNED.value, state.value
        item.closed_at, item.closed_by = at, actor.label
        _audit_close(uow, actor, item, "item.return", {"condition": state.value}, at)
        view = item_view(item)
        uow.commit()
        return view


def write_off_item(uow: UnitOfWork, actor: Actor, item_id: str, reason: str) -> ItemView:
    """The item will not come back: why (sealed), approved by the actor (audited)."""
    problem = check_lines(reason, Message(N_("a reason")), True, MAX_REASON)
    with uow:
        item = _item(uow, actor, item_id)
        if problem:
            raise ValidationFailed({"reason": problem})
        at = now()
        item.status = ItemStatus.WRITTEN_OFF.value
        item.closed_at, item.closed_by = at, actor.label
        item.write_off_reason = clean_lines(reason)
        _audit_close(uow, actor, item, "item.write_off", {}, at)
        view = item_view(item)
        uow.commit()
        return view


def _audit_close(
    uow: UnitOfWork, actor: Actor, item: IssuedItem, action: str, extra: dict, at: datetime
) -> None:
    employee = get_employee(uow, item.employee_id)
    uow.audit(
        actor,
        action,
        subject_type="issued_item",
        subject_id=item.id,
        site_id=employee.site_id,
        details={"employee": employee.id, "kind": item.kind, **extra},
        at=at,
    )
