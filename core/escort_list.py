"""Who may escort visitors into a site's restricted zones now (G1): the active escort
authorisations, for the security desk. Reading the names is audited (site and count only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.clock import to_local
from core.hosts import display_name
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.models import EscortAuthorisation, Site, Zone


@dataclass(frozen=True)
class EscortGrant:
    id: str
    employee_id: str
    employee_name: str
    zone_id: str
    zone_name: str
    granted_by: str
    granted_at: datetime  # in the site's time zone

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "employee_id": self.employee_id,
            "employee": self.employee_name,
            "zone_id": self.zone_id,
            "zone": self.zone_name,
            "granted_by": self.granted_by,
            "granted_at": self.granted_at.isoformat(),
        }


def list_escorts(uow: UnitOfWork, actor: Actor, site_id: str) -> list[EscortGrant]:
    """The site's unrevoked escort authorisations by zone, then employee (MANAGE_ESCORTS)."""
    require(actor, Permission.MANAGE_ESCORTS, site_id)
    with uow:
        site = uow.session.get(Site, site_id)
        timezone = site.timezone if site is not None else "UTC"
        grants = uow.session.scalars(
            select(EscortAuthorisation)
            .join(Zone, Zone.id == EscortAuthorisation.zone_id)
            .where(Zone.site_id == site_id, EscortAuthorisation.revoked_at.is_(None))
        ).all()
        found = sorted(
            (
                EscortGrant(
                    id=g.id,
                    employee_id=g.employee_id,
                    employee_name=display_name(g.employee),
                    zone_id=g.zone_id,
                    zone_name=g.zone.name,
                    granted_by=g.granted_by,
                    granted_at=to_local(g.granted_at, timezone),
                )
                for g in grants
            ),
            key=lambda e: (e.zone_name, e.employee_name, e.id),
        )
        uow.audit(
            actor,
            "escort.view_list",
            subject_type="site",
            subject_id=site_id,
            site_id=site_id,
            details={"count": len(found)},
        )
        uow.commit()
        return found
