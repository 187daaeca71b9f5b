"""A3 for HR: which agreements staff must sign, and where each person stands — who signed which
version and when, what expires in the next 30 days, who is missing a required agreement —
for a site, with filters and a CSV export.

[cn: 员工上岗必须签定《竞业禁止协议书》《保密协议书》; contractors too] A requirement names an
agreement kind and a kind of staff (employee or contractor) at a site. Visitors appear with the
agreements they signed at visits to the site. Reading the list is viewing personal data:
audited with counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from core.agreement_admin import Kind
from core.clock import now
from core.csv_export import to_csv
from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.hr_models import AgreementRequirement
from db.models import AgreementSignature, Employee, Site, Visit

EXPIRING_WITHIN = timedelta(days=30)


class StaffKind(StrEnum):
    EMPLOYEE = "employee"
    CONTRACTOR = "contractor"


class State(StrEnum):
    SIGNED = "signed"
    EXPIRING = "expiring"  # valid, but ends within 30 days
    EXPIRED = "expired"
    MISSING = "missing"  # required and never signed


STATE_TEXT = {
    State.SIGNED: N_("Signed"),
    State.EXPIRING: N_("Expires soon"),
    State.EXPIRED: N_("Expired"),
    State.MISSING: N_("Missing"),
}


@dataclass(frozen=True)
class StatusRow:
    person_type: str  # "employee" | "visitor"
    person_id: str
    name: str
    staff_kind: str | None
    kind: str
    required: bool
    state: State
    version: int | None = None
    language: str | None = None
    signed_at: datetime | None = None
    expires_at: datetime | None = None
    signature_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_type": self.person_type,
            "person_id": self.person_id,
            "name": self.name,
            "staff_kind": self.staff_kind,
            "kind": self.kind,
            "required": self.required,
            "state": self.state.value,
            "version": self.version,
            "language": self.language,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "signature_id": self.signature_id,
        }


def _site(uow: UnitOfWork, site_id: str) -> Site:
    site = uow.session.get(Site, site_id) if site_id else None
    if site is None:
        raise NotFound(Message(N_("There is no such site.")))
    return site


def require_agreement(
    uow: UnitOfWork, actor: Actor, site_id: str, kind: str, staff_kind: str
) -> str:
    """Staff of ``staff_kind`` at the site must sign ``kind``; returns the requirement's id
    (the same id when it exists already). Audited."""
    require(actor, Permission.MANAGE_AGREEMENTS, site_id)
    errors: dict[str, Message] = {}
    if kind not in set(Kind):
        errors["kind"] = Message(N_("There is no agreement kind {kind}."), {"kind": kind})
    if staff_kind not in set(StaffKind):
        errors["staff_kind"] = Message(
            N_("Please choose a kind of staff: {choices}."),
            {"choices": ", ".join(StaffKind)},
        )
    if errors:
        raise ValidationFailed(errors)
    with uow:
        _site(uow, site_id)
        existing = uow.session.scalars(
            select(AgreementRequirement).where(
                AgreementRequirement.site_id == site_id,
                AgreementRequirement.kind == kind,
                AgreementRequirement.staff_kind == staff_kind,
            )
        ).first()
        if existing is not None:
            return existing.id
        rule = AgreementRequirement(
            kind=kind, staff_kind=staff_kind, site_id=site_id, created_by=actor.label
        )
        uow.session.add(rule)
        uow.audit(
            actor,
            "agreement.require",
            subject_type="agreement_requirement",
            subject_id=rule.id,
            site_id=site_id,
            details={"kind": kind, "staff_kind": staff_kind},
        )
        uow.commit()
        return rule.id


def drop_requirement(uow: UnitOfWork, actor: Actor, requirement_id: str) -> None:
    """The requirement no longer applies (audited)."""
    with uow:
        rule = uow.session.get(AgreementRequirement, requirement_id) if requirement_id else None
        if rule is None:
            raise NotFound(Message(N_("There is no such requirement.")))
        require(actor, Permission.MANAGE_AGREEMENTS, rule.site_id)
        uow.audit(
            actor,
            "agreement.unrequire",
            subject_type="agreement_requirement",
            subject_id=rule.id,
            site_id=rule.site_id,
            details={"kind": rule.kind, "staff_kind": rule.staff_kind},
        )
        uow.session.delete(rule)
        uow.commit()


def _state(signature: AgreementSignature, at: datetime) -> State:
    if signature.expires_at is not None and signature.expires_at <= at:
        return State.EXPIRED
    if signature.expires_at is not None and signature.expires_at <= at + EXPIRING_WITHIN:
        return State.EXPIRING
    return State.SIGNED


def _latest(signatures: Iterable[AgreementSignature]) -> dict[str, AgreementSignature]:
    """The newest signature of each agreement kind."""
    latest: dict[str, AgreementSignature] = {}
    for signature in sorted(signatures, key=lambda s: s.signed_at):
        latest[signature.template.kind] = signature
    return latest


def _row(
    person_type: str,
    person_id: str,
    name: str,
    staff_kind: str | None,
    kind: str,
    required: bool,
    signature: AgreementSignature | None,
    at: datetime,
) -> StatusRow:
    if signature is None:
        return StatusRow(person_type, person_id, name, staff_kind, kind, required, State.MISSING)
    return StatusRow(
        person_type,
        person_id,
        name,
        staff_kind,
        kind,
        required,
        _state(signature, at),
        version=signature.template.version,
        language=signature.template.language,
        signed_at=signature.signed_at,
        expires_at=signature.expires_at,
        signature_id=signature.id,
    )


def agreement_status(
    uow: UnitOfWork,
    actor: Actor,
    site_id: str,
    kind: str | None = None,
    states: Iterable[State] | None = None,
    person_type: str | None = None,
) -> list[StatusRow]:
    """A row per person and agreement kind that is required of them or that they signed:
    the site's active employees and contractors, and visitors who signed at a visit to the
    site; filtered by kind, state and person type. Sorted by state (missing first), name."""
    require(actor, Permission.MANAGE_AGREEMENTS, site_id)
    wanted = set(states) if states is not None else None
    at = now()
    with uow:
        _site(uow, site_id)
        rules = uow.session.scalars(
            select(AgreementRequirement).where(
                (AgreementRequirement.site_id == site_id) | AgreementRequirement.site_id.is_(None)
            )
        ).all()
        needed: dict[str, set[str]] = {}
        for rule in rules:
            needed.setdefault(rule.staff_kind, set()).add(rule.kind)
        rows: list[StatusRow] = []
        staff = uow.session.scalars(
            select(Employee).where(
                Employee.site_id == site_id, Employee.active.is_(True), Employee.left_on.is_(None)
            )
        ).all()
        for person in staff:
            signed = _latest(
                uow.session.scalars(
                    select(AgreementSignature).where(AgreementSignature.employee_id == person.id)
                )
            )
            name = f"{person.first_name} {person.last_name}"
            for each in sorted(needed.get(person.staff_kind, set()) | set(signed)):
                required = each in needed.get(person.staff_kind, set())
                row = _row("employee", person.id, name, person.staff_kind, each, required,
                           signed.get(each), at)  # fmt: skip
                rows.append(row)
        visitor_ids = select(Visit.visitor_id).where(Visit.site_id == site_id)
        by_visitor: dict[str, list[AgreementSignature]] = {}
        for signature in uow.session.scalars(
            select(AgreementSignature).where(AgreementSignature.visitor_id.in_(visitor_ids))
        ):
            assert signature.visitor_id is not None
            by_visitor.setdefault(signature.visitor_id, []).append(signature)
        for visitor_id, signatures in by_visitor.items():
            for each, signature in _latest(signatures).items():
                visitor = signature.visitor
                assert visitor is not None
                name = f"{visitor.first_name or ''} {visitor.last_name or ''}".strip()
                rows.append(_row("visitor", visitor_id, name, None, each, False, signature, at))
        rows = [
            r
            for r in rows
            if (kind is None or r.kind == kind)
            and (wanted is None or r.state in wanted)
            and (person_type is None or r.person_type == person_type)
        ]
        order = list(State)
        rows.sort(key=lambda r: (order.index(r.state) * -1, r.name.casefold(), r.kind))
        uow.audit(
            actor,
            "agreement.view_status",
            subject_type="site",
            subject_id=site_id,
            site_id=site_id,
            details={"rows": len(rows), "kind": kind},
        )
        uow.commit()
        return rows


CSV_HEADER = (
    "person_type",
    "name",
    "staff_kind",
    "agreement",
    "required",
    "state",
    "version",
    "language",
    "signed_at",
    "expires_at",
)


def status_csv(rows: Iterable[StatusRow]) -> str:
    """The rows as a spreadsheet-safe CSV (formulas neutralised)."""
    return to_csv(
        CSV_HEADER,
        (
            (
                r.person_type,
                r.name,
                r.staff_kind or "",
                r.kind,
                "yes" if r.required else "no",
                r.state.value,
                r.version or "",
                r.language or "",
                r.signed_at.isoformat() if r.signed_at else "",
                r.expires_at.isoformat() if r.expires_at else "",
            )
            for r in rows
        ),
    )
