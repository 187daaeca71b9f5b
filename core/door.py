"""G1: the guard at a restricted zone's door (the equipment room) and the people it admits.

``check_door`` reads the facts in one transaction, asks the pure rule (``core.door_policy``)
and writes the decision to the door log (``DoorEvent``) and to the audit chain, in the same
transaction, refusals included. ``record_exit`` logs leaving the zone. The door log and the
audit entries hold ids and reasons only, never names.

Who may escort into which zone, and employee badges, are kept in ``core.escorts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CompoundSelect, func, select, union

from core.checkin import ON_SITE
from core.checkout import find_badge
from core.clock import now, to_local
from core.denylist import is_denied
from core.door_policy import REASON_TEXT, Decision, DoorFacts, DoorReason, decide
from core.errors import NotFound
from core.escorts import authorisation, find_employee, get_zone
from core.hosts import display_name
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.models import Badge, DoorEvent, Employee, Visit, Zone

IN = "in"
OUT = "out"


@dataclass(frozen=True)
class DoorResult:
    """What the guard's screen shows after a scan at the door."""

    allowed: bool
    reason: DoorReason
    message: Message
    event_id: str
    zone_id: str
    zone_name: str
    at: datetime
    visit_id: str | None = None
    visitor_first_name: str | None = None  # only for a visit of the zone's site
    escort_id: str | None = None
    escort_name: str | None = None
    # K7: what the visitor declared carrying (kind -> count); no outside media may enter.
    carried_media: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "reason": self.reason.value,
            "message": self.message.render(),
            "event_id": self.event_id,
            "zone_id": self.zone_id,
            "zone": self.zone_name,
            "at": self.at.isoformat(),
            "visit_id": self.visit_id,
            "visitor_first_name": self.visitor_first_name,
            "escort_id": self.escort_id,
            "escort_name": self.escort_name,
            "carried_media": dict(self.carried_media),
        }


@dataclass(frozen=True)
class ExitResult:
    event_id: str
    visit_id: str
    zone_id: str
    at: datetime
    was_inside: bool  # the visit's last event at this door was an allowed entry


@dataclass(frozen=True)
class Inside:
    visit_id: str
    visitor_first_name: str
    escort_id: str | None
    escort_name: str | None
    entered_at: datetime  # in the site's time zone
    visit_status: str  # "on_site"; anything else means they checked out without an exit


def _denied(uow: UnitOfWork, site_id: str, visit: Visit) -> bool:
    visitor = visit.visitor
    first, last = visitor.first_name, visitor.last_name
    if not first or not last:  # anonymised: nothing to match
        return False
    return is_denied(uow, site_id, first, last, visitor.company) is not None


def door_facts(
    uow: UnitOfWork,
    zone: Zone,
    badge: Badge | None,
    escort: Employee | None,
    at: datetime,
) -> DoorFacts:
    visit = badge.visit if badge is not None else None
    today = to_local(at, zone.site.timezone).date()
    on_visit = visit is not None and any(vz.zone_id == zone.id for vz in visit.zones)
    same_person = (
        visit is not None
        and escort is not None
        and visit.visitor.name_index is not None
        and visit.visitor.name_index == escort.name_index
    )
    return DoorFacts(
        zone_restricted=zone.restricted,
        badge_found=visit is not None,
        badge_revoked=badge is not None and badge.revoked_at is not None,
        visitor_denied=visit is not None and _denied(uow, zone.site_id, visit),
        visit_status=visit.status if visit is not None else "",
        badge_returned=badge is not None and badge.returned_at is not None,
        badge_expired=badge is not None and badge.expires_at <= at,
        visit_at_zone_site=visit is not None and visit.site_id == zone.site_id,
        zone_on_visit=on_visit,
        escort_found=escort is not None,
        escort_is_visitor=same_person,
        escort_left=escort is not None and escort.left_on is not None and escort.left_on <= today,
        escort_active=escort is not None and escort.active,
        escort_at_zone_site=escort is not None and escort.site_id == zone.site_id,
        escort_authorised=escort is not None and authorisation(uow, escort.id, zone.id) is not None,
    )


def log_door_event(
    uow: UnitOfWork,
    actor: Actor,
    zone: Zone,
    direction: str,
    decision: Decision,
    at: datetime,
    visit_id: str | None,
    escort_id: str | None,
    action: str | None = None,
    extra: dict[str, Any] | None = None,
) -> DoorEvent:
    """A door-log row and its audit entry (the action follows from the decision unless
    given; ``extra`` adds ids or codes to the audit details, never names)."""
    event = DoorEvent(
        site_id=zone.site_id,
        zone_id=zone.id,
        visit_id=visit_id,
        escort_employee_id=escort_id,
        guard=actor.label,
        direction=direction,
        allowed=decision.allowed,
        reason=decision.reason.value,
        at=at,
    )
    uow.session.add(event)
    if action is None and direction == OUT:
        action = "door.exit"
    elif action is None:
        action = "door.allow" if decision.allowed else "door.refuse"
    uow.audit(
        actor,
        action,
        subject_type="zone",
        subject_id=zone.id,
        site_id=zone.site_id,
        details={
            "event": event.id,
            "direction": direction,
            "allowed": decision.allowed,
            "reason": decision.reason.value,
            "visit": visit_id,
            "escort": escort_id,
            "zone": zone.id,
            "guard": actor.label,
            **(extra or {}),
        },
        at=at,
    )
    return event


def door_result(
    zone: Zone,
    decision: Decision,
    event: DoorEvent,
    at: datetime,
    visit: Visit | None,
    escort: Employee | None,
) -> DoorResult:
    """What the guard's screen shows; the visitor only for a visit of the zone's site."""
    here = visit if visit is not None and visit.site_id == zone.site_id else None
    return DoorResult(
        allowed=decision.allowed,
        reason=decision.reason,
        message=Message(REASON_TEXT[decision.reason]),
        event_id=event.id,
        zone_id=zone.id,
        zone_name=zone.name,
        at=at,
        visit_id=here.id if here is not None else None,
        visitor_first_name=(here.visitor.first_name or "") if here is not None else None,
        escort_id=escort.id if escort is not None else None,
        escort_name=display_name(escort) if escort is not None else None,
        carried_media=dict(here.carried_media or {}) if here is not None else {},
    )


def check_door(
    uow: UnitOfWork, actor: Actor, zone_id: str, visitor_token: str, escort_token: str
) -> DoorResult:
    """Decide entry into ``zone_id`` for the holder of ``visitor_token`` escorted by the holder
    of ``escort_token`` (an employee badge). Any token is answered with a decision; only an
    unknown zone (NotFound) or a missing DOOR_CHECK at the zone's site (PermissionDenied)
    raise, and then nothing is logged."""
    with uow:
        zone = get_zone(uow, zone_id)
        require(actor, Permission.DOOR_CHECK, zone.site_id)
        at = now()
        badge = find_badge(uow, visitor_token)
        escort = find_employee(uow, escort_token)
        decision = decide(door_facts(uow, zone, badge, escort, at))
        visit = badge.visit if badge is not None else None
        event = log_door_event(
            uow,
            actor,
            zone,
            IN,
            decision,
            at,
            visit.id if visit is not None else None,
            escort.id if escort is not None else None,
        )
        result = door_result(zone, decision, event, at, visit, escort)
        uow.commit()
        return result


def _last_event(uow: UnitOfWork, zone_id: str, visit_id: str) -> DoorEvent | None:
    return uow.session.scalars(
        select(DoorEvent)
        .where(DoorEvent.zone_id == zone_id, DoorEvent.visit_id == visit_id)
        .order_by(DoorEvent.at.desc())
        .limit(1)
    ).first()


def record_exit(uow: UnitOfWork, actor: Actor, zone_id: str, visitor_token: str) -> ExitResult:
    """Log that the badge's holder left the zone. Leaving is recorded whatever the badge's
    state (expired, returned, revoked): the log must show the visitor is out. A code that is
    no badge of a visit at the zone's site is refused (NotFound), and nothing is written."""
    with uow:
        zone = get_zone(uow, zone_id)
        require(actor, Permission.DOOR_CHECK, zone.site_id)
        badge = find_badge(uow, visitor_token)
        visit = badge.visit if badge is not None else None
        if visit is None or visit.site_id != zone.site_id:
            raise NotFound(Message(N_("The visitor's code is not a valid badge here.")))
        at = now()
        last = _last_event(uow, zone.id, visit.id)
        inside = last is not None and last.direction == IN and last.allowed
        escort_id = last.escort_employee_id if last is not None and inside else None
        event = log_door_event(
            uow, actor, zone, OUT, Decision(True, DoorReason.EXIT), at, visit.id, escort_id
        )
        result = ExitResult(event.id, visit.id, zone.id, at, inside)
        uow.commit()
        return result


def entries_inside(
    uow: UnitOfWork,
    *,
    zone_id: str | None = None,
    site_id: str | None = None,
    recent: timedelta = timedelta(hours=24),
) -> list[DoorEvent]:
    """The allowed entries that are still the last door event of their visit in their zone —
    who is inside — for one zone or every zone of a site, earliest first. Caller holds the
    uow open.

    Only two kinds of visit are looked at, so that years of door log are not read: visits on
    site (inside however long ago they entered) and visits with a door event in scope within
    the last ``recent`` (24 h). A visit that checked out without an exit is therefore shown
    until a day after its last door event here, then dropped."""
    if zone_id is not None:
        scope = DoorEvent.zone_id == zone_id
        zone_site = select(Zone.site_id).where(Zone.id == zone_id).scalar_subquery()
        at_site = Visit.site_id == zone_site
    else:
        scope = DoorEvent.site_id == site_id
        at_site = Visit.site_id == site_id
    candidates: CompoundSelect[tuple[str | None]] = union(
        select(Visit.id).where(at_site, Visit.status == ON_SITE),
        select(DoorEvent.visit_id).where(
            scope, DoorEvent.at >= now() - recent, DoorEvent.visit_id.is_not(None)
        ),
    )
    ranked = (
        select(
            DoorEvent.id,
            func.row_number()
            .over(
                partition_by=(DoorEvent.visit_id, DoorEvent.zone_id),
                order_by=DoorEvent.at.desc(),
            )
            .label("n"),
        )
        .where(scope, DoorEvent.visit_id.in_(candidates))
        .subquery()
    )
    return list(
        uow.session.scalars(
            select(DoorEvent)
            .join(ranked, ranked.c.id == DoorEvent.id)
            .where(ranked.c.n == 1, DoorEvent.direction == IN, DoorEvent.allowed.is_(True))
            .order_by(DoorEvent.at)
        )
    )


def who_is_inside(uow: UnitOfWork, actor: Actor, zone_id: str) -> list[Inside]:
    """Visits whose last door event at this zone is an allowed entry, earliest entry first.
    Reading the names is audited (zone and count only)."""
    with uow:
        zone = get_zone(uow, zone_id)
        require(actor, Permission.DOOR_CHECK, zone.site_id)
        events = entries_inside(uow, zone_id=zone.id)
        rows = []
        for event in events:
            visit = uow.session.get(Visit, event.visit_id)
            assert visit is not None
            escort = (
                uow.session.get(Employee, event.escort_employee_id)
                if event.escort_employee_id
                else None
            )
            rows.append(
                Inside(
                    visit_id=visit.id,
                    visitor_first_name=visit.visitor.first_name or "",
                    escort_id=escort.id if escort is not None else None,
                    escort_name=display_name(escort) if escort is not None else None,
                    entered_at=to_local(event.at, zone.site.timezone),
                    visit_status=visit.status,
                )
            )
        uow.audit(
            actor,
            "door.view_inside",
            subject_type="zone",
            subject_id=zone.id,
            site_id=zone.site_id,
            details={"count": len(rows)},
        )
        uow.commit()
        return rows


@dataclass(frozen=True)
class DoorZone:
    id: str
    name: str


def door_zones(uow: UnitOfWork, actor: Actor, site_id: str) -> list[DoorZone]:
    """The site's restricted zones: the doors a guard checks."""
    require(actor, Permission.DOOR_CHECK, site_id)
    with uow:
        zones = uow.session.scalars(
            select(Zone)
            .where(Zone.site_id == site_id, Zone.restricted.is_(True))
            .order_by(Zone.name)
        ).all()
        return [DoorZone(z.id, z.name) for z in zones]
