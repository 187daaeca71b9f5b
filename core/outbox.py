"""Work that must survive a crash or a fault: badge printing, host e-mail and invitations.

A job is read in one short transaction, done outside any transaction (rendering and printing
are slow), and its outcome written in another. A failed job stays queued with a back-off and
is retried; nothing about the check-in is lost. A print job is never given up (reception can
print it again by id); mail is given up after MAX_ATTEMPTS, when it would be stale anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy import select

from core.checkin import NOTIFY_HOST, PRINT_BADGE
from core.clock import now, to_local
from core.hosts import display_name
from core.invitation_mail import InvitationGone, invitation_draft
from core.invitations import SEND_INVITATION
from core.mail import Mailer, MailFailed
from core.messages import N_, Message
from core.notices import host_notice
from core.permissions import Actor
from core.printing import Printer, PrintFailed
from core.task_reminders import TASK_REMINDER, task_reminder
from core.uow import UnitOfWork
from db.models import Badge, OutboxJob, Visit
from forms.data import BadgeData
from forms.render import default_renderer

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(minutes=30)
MAX_ATTEMPTS = 10  # for mail only
MAIL_KINDS = (NOTIFY_HOST, SEND_INVITATION, TASK_REMINDER)
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


def _due_ids(uow: UnitOfWork, kinds: tuple[str, ...]) -> list[str]:
    with uow:
        return list(
            uow.session.scalars(
                select(OutboxJob.id)
                .where(
                    OutboxJob.status == "pending",
                    OutboxJob.next_attempt_at <= now(),
                    OutboxJob.kind.in_(kinds),
                )
                .order_by(OutboxJob.created_at)
            )
        )


def _finish(
    uow: UnitOfWork, job_id: str, error: str | None, note: str | None = None, final: bool = False
) -> None:
    """Record one attempt; ``final`` gives a failed job up at once (it can never succeed)."""
    with uow:
        job = uow.session.get(OutboxJob, job_id)
        if job is None:
            return
        job.attempts += 1
        details: dict[str, object] = {"kind": job.kind, "attempts": job.attempts}
        if error is None:
            job.status, job.done_at, job.secret, job.last_error = "done", now(), None, None
            action = "outbox.done"
            if note:
                details["note"] = note
        elif final or (job.kind in MAIL_KINDS and job.attempts >= MAX_ATTEMPTS):
            job.status, job.secret, job.last_error = "failed", None, error[:500]
            action = "outbox.gave_up"
        else:
            job.last_error = error[:500]
            job.next_attempt_at = now() + backoff(job.attempts)
            action = "outbox.failed"
        uow.audit(WORKER, action, subject_type="outbox", subject_id=job.id, details=details)
        uow.commit()


def deliver_pending(
    new_uow: Callable[[], UnitOfWork],
    printer: Printer,
    job_ids: list[str] | None = None,
    mailer: Mailer | None = None,
    kinds: tuple[str, ...] = (PRINT_BADGE, *MAIL_KINDS),
) -> list[JobOutcome]:
    """Deliver the named jobs (even if not yet due), or every due one of ``kinds``.

    Without a mailer, notices are left pending as they are (not counted as an attempt); due
    ones are then not listed at all.
    """
    if mailer is None:
        kinds = tuple(kind for kind in kinds if kind not in MAIL_KINDS)
    outcomes = []
    for job_id in job_ids if job_ids is not None else _due_ids(new_uow(), kinds):
        outcomes.append(_deliver_one(new_uow, printer, mailer, job_id))
    return outcomes


def _deliver_one(
    new_uow: Callable[[], UnitOfWork], printer: Printer, mailer: Mailer | None, job_id: str
) -> JobOutcome:
    with new_uow() as uow:
        job = uow.session.get(OutboxJob, job_id)
        if job is None or job.status != "pending":
            return JobOutcome(job_id, ok=job is not None and job.status == "done")
        kind = job.kind
    if kind == NOTIFY_HOST:
        return _notify_host(new_uow, mailer, job_id)
    if kind == PRINT_BADGE:
        return _print_badge(new_uow, printer, job_id)
    if kind == SEND_INVITATION:
        return _send_invitation(new_uow, mailer, job_id)
    if kind == TASK_REMINDER:
        return _send_task_reminder(new_uow, mailer, job_id)
    return JobOutcome(job_id, ok=False, message=Message(N_("Unknown job.")))


def _notify_host(
    new_uow: Callable[[], UnitOfWork], mailer: Mailer | None, job_id: str
) -> JobOutcome:
    not_sent = Message(N_("The host could not be notified."))
    if mailer is None:
        return JobOutcome(job_id, ok=False, message=Message(N_("No mail server is configured.")))
    with new_uow() as uow:
        job = uow.session.get(OutboxJob, job_id)
        visit = uow.session.get(Visit, job.payload.get("visit_id")) if job else None
        if visit is None:
            message, problem = None, "visit missing"
        else:
            try:  # a malformed stored address must not stop the worker
                message, problem = host_notice(visit), None
            except (ValueError, TypeError) as exc:
                message, problem = None, f"notice failed: {type(exc).__name__}"
    if problem is not None:
        _finish(new_uow(), job_id, problem, final=True)
        return JobOutcome(job_id, ok=False, message=not_sent)
    if message is None:
        _finish(new_uow(), job_id, None, note="no address")
        return JobOutcome(job_id, ok=True)
    return _send(new_uow, mailer, job_id, message)


def _send_task_reminder(
    new_uow: Callable[[], UnitOfWork], mailer: Mailer | None, job_id: str
) -> JobOutcome:
    if mailer is None:
        return JobOutcome(job_id, ok=False, message=Message(N_("No mail server is configured.")))
    with new_uow() as uow:
        job = uow.session.get(OutboxJob, job_id)
        message = task_reminder(uow, job) if job is not None else None
    if message is None:  # everything was done meanwhile, or no address any more
        _finish(new_uow(), job_id, None, note="nothing to remind")
        return JobOutcome(job_id, ok=True)
    return _send(new_uow, mailer, job_id, message)


def _send(
    new_uow: Callable[[], UnitOfWork], mailer: Mailer, job_id: str, message: EmailMessage
) -> JobOutcome:
    try:
        mailer.send(message)
    except MailFailed as exc:
        _finish(new_uow(), job_id, exc.detail or exc.message.key)
        return JobOutcome(job_id, ok=False, message=exc.message)
    _finish(new_uow(), job_id, None)  # also erases a job's secret (an invitation's token)
    return JobOutcome(job_id, ok=True)


def _send_invitation(
    new_uow: Callable[[], UnitOfWork], mailer: Mailer | None, job_id: str
) -> JobOutcome:
    not_sent = Message(N_("The invitation could not be sent."))
    if mailer is None:
        return JobOutcome(job_id, ok=False, message=Message(N_("No mail server is configured.")))
    with new_uow() as uow:
        job = uow.session.get(OutboxJob, job_id)
        try:
            draft, problem = (invitation_draft(uow, job) if job else None), None
        except (InvitationGone, ValueError, TypeError) as exc:
            draft, problem = None, str(exc) if isinstance(exc, InvitationGone) else "draft failed"
    if problem is not None:
        _finish(new_uow(), job_id, problem, final=True)
        return JobOutcome(job_id, ok=False, message=not_sent)
    if draft is None:
        _finish(new_uow(), job_id, None, note="no address")
        return JobOutcome(job_id, ok=True)
    try:
        message = draft.message(default_renderer())
    except Exception as exc:  # a bad render must leave the job queued, not crash the worker
        log.exception("invitation render failed for job %s", job_id)
        _finish(new_uow(), job_id, f"render failed: {type(exc).__name__}")
        return JobOutcome(job_id, ok=False, message=not_sent)
    return _send(new_uow, mailer, job_id, message)


def _print_badge(new_uow: Callable[[], UnitOfWork], printer: Printer, job_id: str) -> JobOutcome:
    with new_uow() as uow:
        job = uow.session.get(OutboxJob, job_id)
        if job is None:
            return JobOutcome(job_id, ok=False)
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
