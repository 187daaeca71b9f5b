"""The zones a visit may enter (G1): the desk adds a restricted zone, such as the equipment
room, to a visit so the door check can let the visitor in with an escort, and takes it off.

A visit's zones change only while the visit has not ended, and a zone the visitor is inside
right now (their last door event there is an allowed entry) cannot be taken off: the door log
would show someone inside a zone they may not be in. ``Visit.escort_required`` follows the
zones, as at pre-registration. Zones are named by their name within the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.errors import NotFound, ValidationFailed, VartioError
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.models import DoorEvent, Visit, VisitZone, Zone

ENDED = ("checked_out", "cancelled")


class VisitZoneRefused(VartioError):
    """The visit's zones cannot change like this now."""


@dataclass(frozen=True)
class ZoneInfo:
    id: str
    name: str
    restricted: bool
    escort_required: bool


@dataclass(frozen=True)
class VisitZones:
    visit_id: str
    site_id: str
    escort_required: bool
    zones: tuple[ZoneInfo, ...]  # by name

    def as_dict(self) -> dict[str, Any]:
        return {
            "visit_id": self.visit_id,
            "escort_required": self.escort_required,
            "zones": [
                {
                    "id": z.id,
                    "name": z.name,
                    "restricted": z.restricted,
                    "escort_required": z.escort_required,
                }
                for z in self.zones
            ],
        }


def _zone_named(uow: UnitOfWork, site_id: str, name: str) -> Zone:
    zone = uow.session.scalar(select(Zone).where(Zone.site_id == site_id, Zone.name == name))
    if zone is None:
        raise NotFound(
            Message(N_("There is no zone called {name} at this site."), {"name": name[:120]})
        )
    return zone


def zone_id_for(uow: UnitOfWork, actor: Actor, site_id: str, name: str) -> str:
    """The id of the site's zone with this name (NotFound otherwise)."""
    require(actor, Permission.READ_SITE, site_id)
    with uow:
        return _zone_named(uow, site_id, name).id


def _visit(uow: UnitOfWork, actor: Actor, visit_id: str) -> Visit:
    visit = uow.session.get(Visit, visit_id) if visit_id else None
    if visit is None:
        raise NotFound(Message(N_("There is no such visit.")))
    require(actor, Permission.MANAGE_VISITS, visit.site_id)
    return visit


def _zone(uow: UnitOfWork, visit: Visit, zone_id: str | None, zone_name: str | None) -> Zone:
    if (zone_id is None) == (zone_name is None):
        raise ValueError("give exactly one of zone_id and zone_name")
    if zone_name is not None:
        return _zone_named(uow, visit.site_id, zone_name)
    zone = uow.session.get(Zone, zone_id) if zone_id else None
    if zone is None:
        raise NotFound(Message(N_("There is no such zone.")))
    if zone.site_id != visit.site_id:
        raise ValidationFailed({"zone": Message(N_("The zone belongs to another site."))})
    return zone


def _open(visit: Visit) -> None:
    if visit.status in ENDED:
        raise VisitZoneRefused(
            Message(
                N_("The visit has ended (checked out or cancelled); its zones stay as they were.")
            )
        )


def _inside(uow: UnitOfWork, visit_id: str, zone_id: str) -> bool:
    last = uow.session.scalars(
        select(DoorEvent)
        .where(DoorEvent.visit_id == visit_id, DoorEvent.zone_id == zone_id)
        .order_by(DoorEvent.at.desc())
        .limit(1)
    ).first()
    return last is not None and last.direction == "in" and last.allowed


def _result(visit: Visit) -> VisitZones:
    zones = sorted((vz.zone for vz in visit.zones), key=lambda z: z.name)
    return VisitZones(
        visit_id=visit.id,
        site_id=visit.site_id,
        escort_required=visit.escort_required,
        zones=tuple(ZoneInfo(z.id, z.name, z.restricted, z.escort_required) for z in zones),
    )


def _changed(uow: UnitOfWork, actor: Actor, visit: Visit, zone: Zone, action: str) -> None:
    uow.session.flush()
    uow.session.refresh(visit, ["zones"])
    visit.escort_required = any(vz.zone.escort_required for vz in visit.zones)
    uow.audit(
        actor,
        action,
        subject_type="visit",
        subject_id=visit.id,
        site_id=visit.site_id,
        details={"zone": zone.id, "escort_required": visit.escort_required},
    )


def visit_zones(uow: UnitOfWork, actor: Actor, visit_id: str) -> VisitZones:
    """The zones on the visit (MANAGE_VISITS at its site)."""
    with uow:
        return _result(_visit(uow, actor, visit_id))


def add_visit_zone(
    uow: UnitOfWork,
    actor: Actor,
    visit_id: str,
    *,
    zone_id: str | None = None,
    zone_name: str | None = None,
) -> VisitZones:
    """Put a zone of the visit's site on the visit (audited). Already on it: nothing written."""
    with uow:
        visit = _visit(uow, actor, visit_id)
        zone = _zone(uow, visit, zone_id, zone_name)
        _open(visit)
        if any(vz.zone_id == zone.id for vz in visit.zones):
            return _result(visit)
        visit.zones.append(VisitZone(visit_id=visit.id, zone_id=zone.id))
        _changed(uow, actor, visit, zone, "visit.zone_add")
        result = _result(visit)
        uow.commit()
        return result


def remove_visit_zone(
    uow: UnitOfWork,
    actor: Actor,
    visit_id: str,
    *,
    zone_id: str | None = None,
    zone_name: str | None = None,
) -> VisitZones:
    """Take a zone off the visit (audited). Not on it: nothing written. Refused while the
    visitor is inside the zone."""
    with uow:
        visit = _visit(uow, actor, visit_id)
        zone = _zone(uow, visit, zone_id, zone_name)
        _open(visit)
        link = next((vz for vz in visit.zones if vz.zone_id == zone.id), None)
        if link is None:
            return _result(visit)
        if _inside(uow, visit.id, zone.id):
            raise VisitZoneRefused(
                Message(
                    N_(
                        "The visitor is inside {zone} now. Record their exit at the door "
                        "before taking the zone off the visit."
                    ),
                    {"zone": zone.name},
                )
            )
        visit.zones.remove(link)
        _changed(uow, actor, visit, zone, "visit.zone_remove")
        result = _result(visit)
        uow.commit()
        return result
