"""Reading the door log (G1): every decision at a site's restricted doors and every exit,
newest first. The log holds ids and reasons only; no visitor or escort names are shown here,
and each reading is audited with how many rows it returned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.clock import to_local
from core.door_policy import REASON_TEXT, DoorReason
from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.models import DoorEvent, Site, Zone

MAX_LIMIT = 1000


@dataclass(frozen=True)
class DoorLogEntry:
    id: str
    zone_id: str
    zone_name: str
    direction: str  # "in" | "out"
    allowed: bool
    reason: str  # a DoorReason value
    message: Message
    guard: str  # the actor label of who checked
    at: datetime  # in the site's time zone
    visit_id: str | None
    escort_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "zone_id": self.zone_id,
            "zone": self.zone_name,
            "direction": self.direction,
            "allowed": self.allowed,
            "reason": self.reason,
            "message": self.message.render(),
            "guard": self.guard,
            "at": self.at.isoformat(),
            "visit_id": self.visit_id,
            "escort_id": self.escort_id,
        }


def _aware(value: datetime | None, timezone: str) -> datetime | None:
    """A time without a zone is read as the site's local time."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=ZoneInfo(timezone))


def _message(reason: str) -> Message:
    try:
        return Message(REASON_TEXT[DoorReason(reason)])
    except ValueError:  # a reason this version does not know: show the code itself
        return Message(reason)


def door_log(
    uow: UnitOfWork,
    actor: Actor,
    site_id: str,
    zone_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 200,
) -> list[DoorLogEntry]:
    """The site's door log (or one zone's), newest first, at most ``limit`` rows, from
    ``since`` (inclusive) to ``until`` (exclusive). DOOR_CHECK at the site."""
    require(actor, Permission.DOOR_CHECK, site_id)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(
            {"limit": Message(N_("Show between 1 and {max} rows."), {"max": MAX_LIMIT})}
        )
    with uow:
        site = uow.session.get(Site, site_id)
        if site is None:
            raise NotFound(Message(N_("There is no such site.")))
        since, until = _aware(since, site.timezone), _aware(until, site.timezone)
        if since is not None and until is not None and until <= since:
            raise ValidationFailed({"until": Message(N_("The end must be after the start."))})
        query = select(DoorEvent, Zone.name).join(Zone, Zone.id == DoorEvent.zone_id)
        query = query.where(DoorEvent.site_id == site_id)
        if zone_id is not None:
            zone = uow.session.get(Zone, zone_id)
            if zone is None or zone.site_id != site_id:
                raise NotFound(Message(N_("There is no such zone.")))
            query = query.where(DoorEvent.zone_id == zone_id)
        if since is not None:
            query = query.where(DoorEvent.at >= since)
        if until is not None:
            query = query.where(DoorEvent.at < until)
        rows = uow.session.execute(
            query.order_by(DoorEvent.at.desc(), DoorEvent.id.desc()).limit(limit)
        ).all()
        entries = [
            DoorLogEntry(
                id=event.id,
                zone_id=event.zone_id,
                zone_name=name,
                direction=event.direction,
                allowed=event.allowed,
                reason=event.reason,
                message=_message(event.reason),
                guard=event.guard,
                at=to_local(event.at, site.timezone),
                visit_id=event.visit_id,
                escort_id=event.escort_employee_id,
            )
            for event, name in rows
        ]
        uow.audit(
            actor,
            "door.view_log",
            subject_type="site",
            subject_id=site_id,
            site_id=site_id,
            details={"count": len(entries), "zone": zone_id},
        )
        uow.commit()
        return entries
