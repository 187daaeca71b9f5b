"""The sites an actor may act at, for a choice on screen; core decides again on every act."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.permissions import Actor, Permission, check
from core.uow import UnitOfWork
from db.models import Site


@dataclass(frozen=True)
class SiteChoice:
    id: str
    code: str
    name: str
    timezone: str


def sites_for(uow: UnitOfWork, actor: Actor, permission: Permission) -> list[SiteChoice]:
    """The sites where ``actor`` has ``permission``, by name. Names and codes of sites are no
    personal data: not audited."""
    if check(actor, permission, None) is not None:
        return []
    with uow:
        query = select(Site).order_by(Site.name, Site.code)
        if not actor.all_sites:
            query = query.where(Site.id.in_(actor.site_ids))
        return [SiteChoice(s.id, s.code, s.name, s.timezone) for s in uow.session.scalars(query)]
