"""Who is on site now (K8, A6): the desk's list of visitors, with how their badge printed.

Only sites where the actor may manage visits are read; a site outside that scope is skipped,
not refused, so a user with no such site (HR) simply gets an empty list and nothing is read
or audited. Opening the names is viewing personal data: each call that reads a site writes
one audit entry (sites and count, never names).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.checkin import ON_SITE, PRINT_BADGE
from core.checkout import CHECKED_OUT
from core.clock import now, to_local
from core.hosts import display_name
from core.permissions import Actor, Permission, check, require
from core.uow import UnitOfWork
from db.models import Badge, OutboxJob, Site, Visit


class BadgeState(StrEnum):
    PRINTED = "printed"
    WAITING = "waiting"  # queued, not tried yet
    FAILED = "failed"  # tried and failed; still queued (a print job is never given up)
    NONE = "none"  # no print job (e.g. cancelled, or never queued)


@dataclass(frozen=True)
class OnSite:
    visit_id: str
    site_id: str
    site_name: str
    first_name: str
    last_name: str
    company: str
    host_name: str
    checked_in_at: datetime | None  # in the site's time zone
    badge: BadgeState
    badge_error: str | None  # the printer's last word, for a failed job
    overstay: bool = False  # G2: still here after the visit's expected end


def _allowed_sites(uow: UnitOfWork, actor: Actor, site_ids: Iterable[str] | None) -> list[str]:
    if site_ids is None:
        everywhere = actor.all_sites
        site_ids = uow.session.scalars(select(Site.id)).all() if everywhere else actor.site_ids
    return sorted(
        {site for site in site_ids if check(actor, Permission.MANAGE_VISITS, site) is None}
    )


def _badge_state(job: OutboxJob | None) -> tuple[BadgeState, str | None]:
    if job is None:
        return BadgeState.NONE, None
    if job.status == "done":
        return BadgeState.PRINTED, None
    if job.status == "pending":
        if job.last_error:
            return BadgeState.FAILED, job.last_error
        return BadgeState.WAITING, None
    if job.status == "failed":
        return BadgeState.FAILED, job.last_error
    return BadgeState.NONE, None


def on_site(uow: UnitOfWork, actor: Actor, site_ids: Iterable[str] | None = None) -> list[OnSite]:
    """Visitors checked in and not out at ``site_ids`` (default: the actor's sites)."""
    with uow:
        sites = _allowed_sites(uow, actor, site_ids)
        if not sites:
            return []
        visits = uow.session.scalars(
            select(Visit)
            .where(Visit.site_id.in_(sites), Visit.status == ON_SITE)
            .options(
                selectinload(Visit.visitor), selectinload(Visit.host), selectinload(Visit.site)
            )
            .order_by(Visit.checked_in_at, Visit.id)
        ).all()
        latest: dict[str, OutboxJob] = {}
        if visits:
            # A visit's print jobs are made after the visit; bounding by time lets the
            # (kind, created_at) index skip years of done jobs. A day's margin for clocks.
            since = min(v.created_at for v in visits) - timedelta(days=1)
            jobs = uow.session.scalars(
                select(OutboxJob)
                .where(
                    OutboxJob.kind == PRINT_BADGE,
                    OutboxJob.created_at >= since,
                    OutboxJob.payload["visit_id"].as_string().in_([v.id for v in visits]),
                )
                .order_by(OutboxJob.created_at, OutboxJob.id)
            ).all()
            for job in jobs:  # later ones win; a job cancelled by a reprint never does
                if job.status != "cancelled" or job.payload["visit_id"] not in latest:
                    latest[job.payload["visit_id"]] = job
        rows = []
        at = now()
        for visit in visits:
            state, error = _badge_state(latest.get(visit.id))
            rows.append(
                OnSite(
                    visit_id=visit.id,
                    site_id=visit.site_id,
                    site_name=visit.site.name,
                    first_name=visit.visitor.first_name or "",
                    last_name=visit.visitor.last_name or "",
                    company=visit.visitor.company or "",
                    host_name=display_name(visit.host),
                    checked_in_at=(
                        to_local(visit.checked_in_at, visit.site.timezone)
                        if visit.checked_in_at
                        else None
                    ),
                    badge=state,
                    badge_error=error,
                    overstay=visit.expected_end < at,
                )
            )
        uow.audit(
            actor,
            "visitor.view_roster",
            subject_type="site",
            site_id=sites[0] if len(sites) == 1 else None,
            details={"sites": sites, "count": len(rows)},
        )
        uow.commit()
        return rows


@dataclass(frozen=True)
class Unreturned:
    visit_id: str
    first_name: str
    last_name: str
    company: str
    checked_out_at: datetime | None  # in the site's time zone


def badges_not_returned(
    uow: UnitOfWork, actor: Actor, site_id: str, days: int = 7
) -> list[Unreturned]:
    """G2: visitors of the last ``days`` days who left without handing their badge back (a
    badge checked out by hand is revoked, but the card is still out there)."""
    require(actor, Permission.MANAGE_VISITS, site_id)
    with uow:
        since = now() - timedelta(days=days)
        visits = uow.session.scalars(
            select(Visit)
            .where(
                Visit.site_id == site_id,
                Visit.status == CHECKED_OUT,
                Visit.checked_out_at >= since,
                Visit.id.in_(select(Badge.visit_id).where(Badge.returned_at.is_(None))),
            )
            .options(selectinload(Visit.visitor), selectinload(Visit.site))
            .order_by(Visit.checked_out_at)
        ).all()
        rows = [
            Unreturned(
                visit_id=v.id,
                first_name=v.visitor.first_name or "",
                last_name=v.visitor.last_name or "",
                company=v.visitor.company or "",
                checked_out_at=to_local(v.checked_out_at, v.site.timezone)
                if v.checked_out_at
                else None,
            )
            for v in visits
        ]
        uow.audit(
            actor,
            "visitor.view_unreturned_badges",
            subject_type="site",
            site_id=site_id,
            details={"count": len(rows), "days": days},
        )
        uow.commit()
        return rows
