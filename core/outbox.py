"""Work that must survive a crash or a fault: badge printing now, mail later.

A job is read in one short transaction, done outside any transaction (rendering and printing
are slow), and its outcome written in another. A failed job stays queued with a back-off and
is retried; nothing about the check-in is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from core.checkin import PRINT_BADGE
from core.clock import now, to_local
from core.hosts import display_name
from core.messages import N_, Message
from core.permissions import Actor
from core.printing import Printer, PrintFailed
from core.uow import UnitOfWork
from db.models import Badge, OutboxJob, Visit
from forms.data import BadgeData
from forms.render import default_renderer

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(minutes=30)
WORKER = Actor.system("outbox")


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    ok: bool
    message: Message | None = None


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=15 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _badge_data(uow: UnitOfWork, job: OutboxJob) -> BadgeData | None:
    visit = uow.session.get(Visit, job.payload.get("visit_id"))
    badge = uow.session.get(Badge, job.payload.get("badge_id"))
    token = job.secret
    if visit is None or badge is None or token is None:
        return None
    tz = visit.site.timezone
    return BadgeData(
        language=visit.language,
        site_name=visit.site.name,
        first_name=visit.visitor.first_name or "",
        company=visit.visitor.company or "",
        host_name=display_name(visit.host),
        visit_date=to_local(badge.issued_at, tz).date(),
        valid_until=to_local(badge.expires_at, tz),
        zones=tuple(vz.zone.name for vz in visit.zones),
        escort_required=visit.escort_required,
        token=token,
        photo_png=visit.visitor.photo,
    )


def _due_ids(uow: UnitOfWork) -> list[str]:
    with uow:
        return list(
            uow.session.scalars(
                select(OutboxJob.id)
                .where(OutboxJob.status == "pending", OutboxJob.next_attempt_at <= now())
                .order_by(OutboxJob.created_at)
            )
        )


def _finish(uow: UnitOfWork, job_id: str, error: str | None) -> None:
    with uow:
        job = uow.session.get(OutboxJob, job_id)
        if job is None:
            return
        job.attempts += 1
        if error is None:
            job.status, job.done_at, job.secret, job.last_error = "done", now(), None, None
            action = "outbox.done"
        else:
            job.last_error = error[:500]
            job.next_attempt_at = now() + backoff(job.attempts)
            action = "outbox.failed"
        uow.audit(
            WORKER,
            action,
            subject_type="outbox",
            subject_id=job.id,
            details={"kind": job.kind, "attempts": job.attempts},
        )
        uow.commit()


def deliver_pending(
    new_uow: Callable[[], UnitOfWork],
    printer: Printer,
    job_ids: list[str] | None = None,
) -> list[JobOutcome]:
    """Deliver the named jobs (even if not yet due), or every due one."""
    outcomes = []
    for job_id in job_ids if job_ids is not None else _due_ids(new_uow()):
        outcomes.append(_deliver_one(new_uow, printer, job_id))
    return outcomes


def _deliver_one(new_uow: Callable[[], UnitOfWork], printer: Printer, job_id: str) -> JobOutcome:
    with new_uow() as uow:
        job = uow.session.get(OutboxJob, job_id)
        if job is None or job.status != "pending":
            return JobOutcome(job_id, ok=job is not None and job.status == "done")
        if job.kind != PRINT_BADGE:
            return JobOutcome(job_id, ok=False, message=Message(N_("Unknown job.")))
        data = _badge_data(uow, job)
    if data is None:
        _finish(new_uow(), job_id, "badge data missing")
        return JobOutcome(job_id, ok=False, message=Message(N_("The badge could not be made.")))
    try:
        pdf = default_renderer().badge(data)
    except Exception as exc:  # a bad render must leave the job queued, not crash the worker
        log.exception("badge render failed for job %s", job_id)
        _finish(new_uow(), job_id, f"render failed: {type(exc).__name__}")
        return JobOutcome(job_id, ok=False, message=Message(N_("The badge could not be made.")))
    try:
        printer.print_pdf(pdf, f"badge-{job_id}")
    except PrintFailed as exc:
        _finish(new_uow(), job_id, exc.detail or exc.message.key)
        return JobOutcome(job_id, ok=False, message=exc.message)
    _finish(new_uow(), job_id, None)
    return JobOutcome(job_id, ok=True)
