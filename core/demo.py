"""Demo data: two sites, zones, employees, staff accounts, NDA texts, today's expected visitors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from core.clock import end_of_local_day, now
from core.offboarding import ensure_default_template
from core.permissions import Actor, Role
from core.security import new_token, token_hash
from core.uow import UnitOfWork
from core.users import NewUser, create_user
from db.models import (
    AgreementTemplate,
    Employee,
    EscortAuthorisation,
    Invitation,
    Site,
    Visit,
    Visitor,
    VisitZone,
    Zone,
)
from resources import path
from resources.i18n import LANGUAGES

GUARD_PIN = "2468"
# Default agreement texts shipped in resources/agreements/<kind>.<language>.txt.
AGREEMENT_KINDS = ("nda", "exit_reminder", "non_compete", "security_policy")
SITES = [
    ("hel", "Helsinki HQ, Ruoholahti", "Europe/Helsinki"),
    ("esp", "Espoo service centre", "Europe/Helsinki"),
]
# (site, name, restricted, escort required)
ZONES = [
    ("hel", "Lobby", False, False),
    ("hel", "Office floor", False, True),
    ("hel", "Equipment room", True, True),
    ("esp", "Lobby", False, False),
    ("esp", "Key store", True, True),
]
EMPLOYEES = [
    ("hel", "Aino", "Laine", "aino.laine@vartio-demo.fi", True),
    ("hel", "Mikko", "Korhonen", "mikko.korhonen@vartio-demo.fi", True),
    ("hel", "Li", "Wei", "li.wei@vartio-demo.fi", True),
    ("hel", "Sofia", "Lindqvist", "sofia.lindqvist@vartio-demo.fi", True),
    ("hel", "Jukka", "Nieminen", "jukka.nieminen@vartio-demo.fi", False),
    ("esp", "Emma", "Mäkinen", "emma.makinen@vartio-demo.fi", True),
    ("esp", "Antti", "Heikkinen", "antti.heikkinen@vartio-demo.fi", True),
]
# G1: who may bring visitors into a restricted zone (site, zone, employee last name)
ESCORTS = [
    ("hel", "Equipment room", "Korhonen"),
    ("hel", "Equipment room", "Lindqvist"),
    ("esp", "Key store", "Heikkinen"),
]
# username, password, roles, sites
USERS = [
    ("admin", "demo-admin-pass", (Role.ADMINISTRATOR,), ("hel", "esp")),
    ("hr", "demo-hr-pass", (Role.HR,), ("hel", "esp")),
    ("guard", "demo-guard-pass", (Role.SECURITY,), ("hel",)),
    ("reception", "demo-reception-pass", (Role.RECEPTION,), ("hel",)),
    ("espoo.reception", "demo-espoo-pass", (Role.RECEPTION,), ("esp",)),
]
# first, last, company, e-mail, phone, host last name
EXPECTED_VISITORS = [
    (
        "Maria",
        "Virtanen",
        "Kiinteistöhuolto Oy",
        "maria.virtanen@example.fi",
        "+358 40 111 2233",
        "Laine",
    ),
    ("Zhang", "Min", "Huali Call Services", "zhang.min@example.cn", "+86 138 0013 8000", "Wei"),
    ("Erik", "Holm", "Nordic Locks Ab", "erik.holm@example.se", "+46 70 123 4567", "Lindqvist"),
]


@dataclass
class DemoInfo:
    site_codes: list[str]
    users: list[tuple[str, str, str]]  # username, password, roles
    guard_username: str
    guard_pin: str
    created: bool
    invitation_tokens: dict[str, str] = field(default_factory=dict)  # visitor name -> token


def _agreement_text(language: str, kind: str = "nda") -> tuple[str, str] | None:
    """The default text of the kind in the language; None when there is none (the kiosk and
    HR fall back to English)."""
    source = path("agreements", f"{kind}.{language}.txt")
    if not source.is_file():
        return None
    title, _, body = source.read_text("utf-8").partition("\n")
    return title.strip(), body.strip()


def _info(created: bool, tokens: dict[str, str] | None = None) -> DemoInfo:
    return DemoInfo(
        site_codes=[code for code, _n, _t in SITES],
        users=[(u, p, ", ".join(r.value for r in roles)) for u, p, roles, _s in USERS],
        guard_username="guard",
        guard_pin=GUARD_PIN,
        created=created,
        invitation_tokens=tokens or {},
    )


def seed(new_uow, today: date | None = None) -> DemoInfo:  # new_uow: Callable[[], UnitOfWork]
    """Fill an empty database with demo data; a database that has it already is left alone."""
    actor = Actor.system("demo")
    uow: UnitOfWork = new_uow()
    with uow:
        if uow.session.scalar(select(Site.id).where(Site.code == SITES[0][0])):
            return _info(created=False)
        sites = {}
        for code, name, tz in SITES:
            site = Site(
                code=code,
                name=name,
                timezone=tz,
                retention_days=365,
                privacy_controller="Vartio Demo Oy, Porkkalankatu 1, 00180 Helsinki",
                privacy_contact="privacy@vartio-demo.fi",
            )
            sites[code] = site
            uow.session.add(site)
        zones = {}
        for code, name, restricted, escort in ZONES:
            zone = Zone(site=sites[code], name=name, restricted=restricted, escort_required=escort)
            zones[(code, name)] = zone
            uow.session.add(zone)
        hosts = {}
        for code, first, last, email, active in EMPLOYEES:
            emp = Employee(site_id=sites[code].id, active=active)
            emp.first_name, emp.last_name, emp.email = first, last, email
            emp.name_index = uow.sealer.blind_index(f"{first} {last}")
            if not active:
                emp.left_on = (today or now().date()) - timedelta(days=30)
            hosts[last] = emp
            uow.session.add(emp)
        for code, zone_name, last in ESCORTS:
            uow.session.add(
                EscortAuthorisation(
                    employee_id=hosts[last].id,
                    zone_id=zones[(code, zone_name)].id,
                    granted_by=actor.label,
                )
            )
        for kind in AGREEMENT_KINDS:
            for language in LANGUAGES:
                text = _agreement_text(language, kind)
                if text is None:
                    continue
                uow.session.add(
                    AgreementTemplate(
                        kind=kind,
                        language=language,
                        version=1,
                        title=text[0],
                        body=text[1],
                        valid_days=365,
                    )
                )
        ensure_default_template(uow)
        tokens = {}
        start = now()
        for first, last, company, email, phone, host in EXPECTED_VISITORS:
            visitor = Visitor()
            visitor.first_name, visitor.last_name, visitor.company = first, last, company
            visitor.email, visitor.phone = email, phone
            visitor.name_index = uow.sealer.blind_index(f"{first} {last}")
            visitor.email_index = uow.sealer.blind_index(email)
            uow.session.add(visitor)
            end = end_of_local_day(start, "Europe/Helsinki")
            visit = Visit(
                site_id=sites["hel"].id,
                visitor_id=visitor.id,
                host_id=hosts[host].id,
                purpose="meeting",
                status="expected",
                language="en",
                escort_required=True,
                expected_start=start,
                expected_end=end,
                created_by=actor.label,
                zones=[
                    VisitZone(zone_id=zones[("hel", "Lobby")].id),
                    VisitZone(zone_id=zones[("hel", "Office floor")].id),
                ],
            )
            uow.session.add(visit)
            token = new_token()
            tokens[f"{first} {last}"] = token
            uow.session.add(
                Invitation(visit_id=visit.id, token_hash=token_hash(token), expires_at=end)
            )
        uow.audit(actor, "demo.seed", details={"sites": len(SITES), "employees": len(EMPLOYEES)})
        uow.commit()
    for username, password, roles, site_codes in USERS:
        create_user(
            new_uow(),
            actor,
            NewUser(
                username=username,
                password=password,
                roles=roles,
                site_codes=site_codes,
                pin=GUARD_PIN if username == "guard" else None,
            ),
        )
    return _info(created=True, tokens=tokens)
