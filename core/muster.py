"""G3: the evacuation (muster) list of a site: everyone on site now, where they are, counts.

``muster`` reads in one transaction and audits the look (counts only, never names).
``print_muster`` renders outside any transaction and prints directly, not through the outbox:
an evacuation list must not wait for a back-off. A printer that is down is said, and the PDF
is handed back anyway to be shown on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.checkin import ON_SITE
from core.clock import now, to_local
from core.door import entries_inside
from core.errors import NotFound
from core.hosts import display_name
from core.messages import N_, Message
from core.permissions import Actor, Permission, check, require
from core.printing import Printer, PrintFailed
from core.uow import UnitOfWork
from db.models import DoorEvent, Employee, Site, Visit, Zone
from forms.data import MusterData, MusterPerson
from forms.render import default_renderer

log = logging.getLogger(__name__)
NOT_PRINTED = Message(N_("The muster list did not print. Show it on screen."))


@dataclass(frozen=True)
class MusterEntry:
    visit_id: str
    first_name: str
    last_name: str
    company: str
    host_name: str
    checked_in_at: datetime | None  # in the site's time zone
    escort_required: bool
    zone_id: str | None = None  # the restricted zone the visitor is inside now
    zone_name: str | None = None
    escort_id: str | None = None  # who took them in
    escort_name: str | None = None


@dataclass(frozen=True)
class Muster:
    site_id: str
    site_code: str
    site_name: str
    generated_at: datetime  # in the site's time zone
    people: tuple[MusterEntry, ...]
    zone_counts: tuple[tuple[str, str, int], ...]  # (zone id, name, people inside), by name

    @property
    def total(self) -> int:
        return len(self.people)

    def counts(self) -> dict[str, Any]:
        """The figures without names (for the CLI and logs)."""
        return {
            "site": self.site_code,
            "generated_at": self.generated_at.isoformat(),
            "visitors": self.total,
            "zones": {name: count for _id, name, count in self.zone_counts},
        }

    def data(self, language: str = "en") -> MusterData:
        return MusterData(
            language=language,
            site_name=self.site_name,
            generated_at=self.generated_at,
            people=tuple(
                MusterPerson(
                    first_name=p.first_name,
                    last_name=p.last_name,
                    company=p.company,
                    host_name=p.host_name,
                    checked_in_at=p.checked_in_at,
                    escort_required=p.escort_required,
                    zone=p.zone_name or "",
                    escort_name=p.escort_name or "",
                )
                for p in self.people
            ),
            zone_counts=tuple((name, count) for _id, name, count in self.zone_counts),
        )


def _require_muster(actor: Actor, site_id: str) -> None:
    """The guard (DOOR_CHECK) or the desk (MANAGE_VISITS) of the site."""
    if check(actor, Permission.DOOR_CHECK, site_id) is not None:
        require(actor, Permission.MANAGE_VISITS, site_id)


def _inside_now(uow: UnitOfWork, site_id: str) -> dict[str, DoorEvent]:
    """visit id -> the allowed entry of the zone it is inside now, for every zone of the site
    (read as ``core.door.who_is_inside`` reads it). Inside two zones: the later entry."""
    return {e.visit_id: e for e in entries_inside(uow, site_id=site_id) if e.visit_id}


def muster(uow: UnitOfWork, actor: Actor, site_id: str) -> Muster:
    """Everyone on site now (visitors checked in and not out), with the restricted zone each
    is inside and their escort; one transaction, audited as a view of personal data."""
    with uow:
        site = uow.session.get(Site, site_id) if site_id else None
        if site is None:
            raise NotFound(Message(N_("There is no such site.")))
        _require_muster(actor, site.id)
        at = to_local(now(), site.timezone)
        visits = uow.session.scalars(
            select(Visit)
            .where(Visit.site_id == site.id, Visit.status == ON_SITE)
            .options(selectinload(Visit.visitor), selectinload(Visit.host))
        ).all()
        zones = uow.session.scalars(
            select(Zone).where(Zone.site_id == site.id, Zone.restricted.is_(True))
        ).all()
        names = {zone.id: zone.name for zone in zones}
        inside = _inside_now(uow, site.id)
        escorts: dict[str, Employee] = {}
        wanted = {e.escort_employee_id for e in inside.values() if e.escort_employee_id}
        if wanted:
            found = uow.session.scalars(select(Employee).where(Employee.id.in_(wanted))).all()
            escorts = {employee.id: employee for employee in found}
        people = []
        for visit in visits:
            event = inside.get(visit.id)
            escort = escorts.get(event.escort_employee_id or "") if event else None
            people.append(
                MusterEntry(
                    visit_id=visit.id,
                    first_name=visit.visitor.first_name or "",
                    last_name=visit.visitor.last_name or "",
                    company=visit.visitor.company or "",
                    host_name=display_name(visit.host),
                    checked_in_at=(
                        to_local(visit.checked_in_at, site.timezone)
                        if visit.checked_in_at
                        else None
                    ),
                    escort_required=visit.escort_required,
                    zone_id=event.zone_id if event else None,
                    zone_name=names.get(event.zone_id) if event else None,
                    escort_id=escort.id if escort else None,
                    escort_name=display_name(escort) if escort else None,
                )
            )
        people.sort(key=lambda p: (p.last_name.casefold(), p.first_name.casefold(), p.visit_id))
        per_zone = {zone_id: 0 for zone_id in names}
        for person in people:
            if person.zone_id in per_zone:
                per_zone[person.zone_id] += 1
        zone_counts = tuple(
            sorted(((z, names[z], n) for z, n in per_zone.items()), key=lambda c: c[1])
        )
        uow.audit(
            actor,
            "muster.view",
            subject_type="site",
            subject_id=site.id,
            site_id=site.id,
            details={"count": len(people), "zones": {z: n for z, _name, n in zone_counts}},
        )
        result = Muster(site.id, site.code, site.name, at, tuple(people), zone_counts)
        uow.commit()
        return result


def muster_pdf(uow: UnitOfWork, actor: Actor, site_id: str, language: str = "en") -> bytes:
    """The muster list as a PDF (read in one transaction, rendered outside it)."""
    return default_renderer().muster(muster(uow, actor, site_id).data(language))


@dataclass(frozen=True)
class MusterOutcome:
    muster: Muster
    pdf: bytes  # always there: shown on screen when the printer fails
    printed: bool
    message: Message | None = None  # why it did not print, for the person
    detail: str = ""  # the printer's own word

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.muster.counts(),
            "printed": self.printed,
            "message": self.message.render() if self.message else None,
            "printer": self.detail or None,
        }


def print_muster(
    uow_factory: Callable[[], UnitOfWork],
    actor: Actor,
    site_id: str,
    printer: Printer,
    language: str = "en",
) -> MusterOutcome:
    """Read, render and print the site's muster list now (no outbox, no back-off). A printer
    failure does not raise: the outcome says so and still carries the PDF."""
    listed = muster(uow_factory(), actor, site_id)
    pdf = default_renderer().muster(listed.data(language))
    stamp = listed.generated_at.strftime("%Y%m%d-%H%M%S")
    try:
        printer.print_pdf(pdf, f"muster-{listed.site_code}-{stamp}")
    except PrintFailed as exc:
        return MusterOutcome(listed, pdf, False, NOT_PRINTED, exc.detail or exc.message.render())
    except Exception as exc:  # whatever the printer did, the list must still reach the screen
        log.exception("printing the muster list failed")
        return MusterOutcome(listed, pdf, False, NOT_PRINTED, f"{type(exc).__name__}: {exc}")
    return MusterOutcome(listed, pdf, True)
