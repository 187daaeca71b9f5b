"""Who may bring visitors through a restricted zone's door (G1), and employee badges.

An escort authorisation names an employee and a zone of their site; it is revoked, never
deleted, so the record shows who could escort when. An employee badge carries its own
unguessable token; only its SHA-256 is stored, and issuing a new one ends the old.
"""

from __future__ import annotations

from sqlalchemy import select

from core.clock import now
from core.errors import NotFound, ValidationFailed, VartioError
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.security import new_token, token_hash
from core.uow import UnitOfWork
from db.models import Employee, EscortAuthorisation, Zone

UNKNOWN_ZONE = Message(N_("There is no such zone."))


class NotEscortable(VartioError):
    """The zone or the employee cannot take an escort authorisation."""


def get_zone(uow: UnitOfWork, zone_id: str) -> Zone:
    zone = uow.session.get(Zone, zone_id) if zone_id else None
    if zone is None:
        raise NotFound(UNKNOWN_ZONE)
    return zone


def find_employee(uow: UnitOfWork, token: str) -> Employee | None:
    """The employee whose badge token this is, inside an open unit of work."""
    return uow.session.scalars(
        select(Employee).where(Employee.badge_token_hash == token_hash(token))
    ).first()


def authorisation(uow: UnitOfWork, employee_id: str, zone_id: str) -> EscortAuthorisation | None:
    return uow.session.scalars(
        select(EscortAuthorisation).where(
            EscortAuthorisation.employee_id == employee_id,
            EscortAuthorisation.zone_id == zone_id,
            EscortAuthorisation.revoked_at.is_(None),
        )
    ).first()


def _employee(uow: UnitOfWork, employee_id: str) -> Employee:
    employee = uow.session.get(Employee, employee_id) if employee_id else None
    if employee is None:
        raise NotFound(Message(N_("There is no such employee.")))
    return employee


def authorise_escort(uow: UnitOfWork, actor: Actor, employee_id: str, zone_id: str) -> str:
    """Allow the employee to escort visitors into the zone (audited); returns the
    authorisation's id. Already authorised: the same id, nothing written."""
    with uow:
        zone = get_zone(uow, zone_id)
        require(actor, Permission.MANAGE_ESCORTS, zone.site_id)
        employee = _employee(uow, employee_id)
        if not zone.restricted:
            raise NotEscortable(Message(N_("This zone has no door check.")))
        if employee.site_id != zone.site_id:
            raise NotEscortable(Message(N_("The employee works at another site.")))
        if not employee.active or employee.left_on is not None:
            raise NotEscortable(Message(N_("The employee is not active.")))
        existing = authorisation(uow, employee.id, zone.id)
        if existing is not None:
            return existing.id
        at = now()
        grant = EscortAuthorisation(
            employee_id=employee.id, zone_id=zone.id, granted_by=actor.label, granted_at=at
        )
        uow.session.add(grant)
        uow.audit(
            actor,
            "escort.authorise",
            subject_type="employee",
            subject_id=employee.id,
            site_id=zone.site_id,
            details={"zone": zone.id, "authorisation": grant.id},
            at=at,
        )
        uow.commit()
        return grant.id


def revoke_escort(uow: UnitOfWork, actor: Actor, employee_id: str, zone_id: str) -> bool:
    """Withdraw the employee's authorisation for the zone (audited; kept for the record).
    False when there was none."""
    with uow:
        zone = get_zone(uow, zone_id)
        require(actor, Permission.MANAGE_ESCORTS, zone.site_id)
        grant = authorisation(uow, employee_id, zone.id)
        if grant is None:
            return False
        at = now()
        grant.revoked_at, grant.revoked_by = at, actor.label
        uow.audit(
            actor,
            "escort.revoke",
            subject_type="employee",
            subject_id=employee_id,
            site_id=zone.site_id,
            details={"zone": zone.id, "authorisation": grant.id},
            at=at,
        )
        uow.commit()
        return True


def issue_employee_badge(uow: UnitOfWork, actor: Actor, employee_id: str) -> str:
    """A new employee badge token (the clear token is returned once; only its hash is kept).
    Any earlier badge of the employee stops working."""
    with uow:
        employee = _employee(uow, employee_id)
        require(actor, Permission.MANAGE_ESCORTS, employee.site_id)
        if not employee.active or employee.left_on is not None:
            raise ValidationFailed({"employee": Message(N_("The employee is not active."))})
        token = new_token()
        replaced = employee.badge_token_hash is not None
        employee.badge_token_hash = token_hash(token)
        uow.audit(
            actor,
            "employee.badge_issue",
            subject_type="employee",
            subject_id=employee.id,
            site_id=employee.site_id,
            details={"replaced": replaced},
        )
        uow.commit()
        return token
