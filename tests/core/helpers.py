"""Small builders shared by core tests."""

from __future__ import annotations

from sqlalchemy import func, select

from core.checkin import WalkInRequest
from core.hosts import search_hosts
from core.permissions import Actor
from db.models import Site

# A 1x1 PNG, enough to stand for a signature.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def site_id(app, code: str = "hel") -> str:
    with app.uow() as uow:
        return uow.session.scalar(select(Site.id).where(Site.code == code))


def host_id(app, site: str, name: str) -> str:
    return search_hosts(app.uow(), Actor.kiosk(site), site, name)[0].id


def walk_in(app, **overrides) -> WalkInRequest:
    site = overrides.pop("site_id", None) or site_id(app)
    values = dict(
        site_id=site,
        language="en",
        first_name="Kaisa",
        last_name="Testinen",
        company="Huolto Oy",
        email="kaisa.testinen@example.fi",
        phone="+358 40 765 4321",
        host_id=host_id(app, site, "Aino"),
        purpose="meeting",
    )
    values.update(overrides)
    return WalkInRequest(**values)


def count(app, model) -> int:
    with app.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))
