"""What a kiosk needs to know about the site it stands in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.errors import NotFound
from core.messages import N_, Message
from core.uow import UnitOfWork
from db.models import Site


@dataclass(frozen=True)
class KioskSite:
    id: str
    code: str
    name: str
    timezone: str
    privacy_controller: str
    privacy_contact: str
    retention_days: int
    id_policy: str


def kiosk_site(uow: UnitOfWork, code: str | None) -> KioskSite:
    """The site this kiosk is configured for; the first site when no code is configured.

    This is device configuration read at start-up, before any actor exists.
    """
    with uow:
        query = select(Site).order_by(Site.created_at, Site.code)
        if code is not None:
            query = query.where(Site.code == code)
        site = uow.session.scalars(query.limit(1)).first()
        if site is None:
            if code is None:
                raise NotFound(Message(N_("No site is set up yet. Run `vartio demo` or add one.")))
            raise NotFound(Message(N_("There is no site with the code {code}."), {"code": code}))
        return KioskSite(
            id=site.id,
            code=site.code,
            name=site.name,
            timezone=site.timezone,
            privacy_controller=site.privacy_controller,
            privacy_contact=site.privacy_contact,
            retention_days=site.retention_days,
            id_policy=site.id_policy,
        )
