"""Reprinting a badge (K8): the print failed, or the visitor lost the card.

A reprint never copies the old token (its clear text was erased once printed): the visit's
badges are revoked, any print job still waiting for them is cancelled, and a new badge with a
new token is queued, valid to the end of today at the site. A badge found later is worthless.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.checkin import ON_SITE, PRINT_BADGE, issue_badge
from core.clock import end_of_local_day, now
from core.errors import NotFound, VartioError
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from db.models import Badge, OutboxJob, Visit

CANCELLED = "cancelled"


class NotOnSite(VartioError):
    pass


@dataclass(frozen=True)
class Reprint:
    visit_id: str
    job_id: str
    revoked: int  # badges of the visit made worthless


def reprint_badge(uow: UnitOfWork, actor: Actor, visit_id: str) -> Reprint:
    """Queue a new badge for a visitor on site; the caller delivers the returned job."""
    with uow:
        visit = uow.session.get(Visit, visit_id)
        if visit is None:
            raise NotFound(Message(N_("There is no such visit.")))
        # A desk's task: the kiosk prints badges at check-in but may not reissue one.
        require(actor, Permission.MANAGE_VISITS, visit.site_id)
        require(actor, Permission.PRINT_BADGES, visit.site_id)
        if visit.status != ON_SITE:
            raise NotOnSite(Message(N_("Only a visitor who is on site can get a new badge.")))
        at = now()
        badges = uow.session.scalars(
            select(Badge).where(Badge.visit_id == visit.id, Badge.revoked_at.is_(None))
        ).all()
        for badge in badges:
            badge.revoked_at = at
        waiting = uow.session.scalars(
            select(OutboxJob).where(OutboxJob.kind == PRINT_BADGE, OutboxJob.status == "pending")
        ).all()
        cancelled = [job for job in waiting if job.payload.get("visit_id") == visit.id]
        for job in cancelled:
            job.status, job.secret, job.done_at = CANCELLED, None, at
        job = issue_badge(uow, visit.id, at, end_of_local_day(at, visit.site.timezone))
        uow.audit(
            actor,
            "badge.reprint",
            subject_type="visit",
            subject_id=visit.id,
            site_id=visit.site_id,
            details={
                "badge_job": job.id,
                "revoked": [b.id for b in badges],
                "cancelled_jobs": [j.id for j in cancelled],
            },
        )
        uow.commit()
        return Reprint(visit.id, job.id, len(badges))
