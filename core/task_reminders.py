"""A4: e-mail reminders for offboarding tasks that are overdue or due within 2 days.

``queue_task_reminders`` (run daily: `vartio offboarding remind`, or any running program's
outbox pump) queues at most one reminder a day for each person who owns such tasks — the task's
named user, else every active account with the task's role at the case's site — through the
outbox, so a mail server that is down only delays them. The job holds ids only; the message is
written when it is sent, from the tasks as they are then (a task done meanwhile drops out).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.clock import now, to_local
from core.hosts import display_name
from core.messages import N_, Message
from core.notices import mail_line
from core.permissions import Actor
from core.uow import UnitOfWork
from db.hr_models import OffboardingCase, OffboardingTask
from db.models import OutboxJob, Site, UserAccount

TASK_REMINDER = "task_reminder"
DUE_WITHIN = timedelta(days=2)
SCHEDULER = Actor.system("reminders")


def _owners(uow: UnitOfWork, task: OffboardingTask, site_id: str) -> list[UserAccount]:
    """Who a task reminds: its named user, else the active accounts of its role at the site."""
    if task.owner_user_id:
        account = uow.session.get(UserAccount, task.owner_user_id)
        return [account] if account is not None and account.active else []
    if not task.owner_role:
        return []
    accounts = uow.session.scalars(
        select(UserAccount)
        .where(UserAccount.active.is_(True))
        .options(selectinload(UserAccount.roles), selectinload(UserAccount.sites))
    ).all()
    return [
        a
        for a in accounts
        if any(r.role == task.owner_role for r in a.roles)
        and any(s.site_id == site_id for s in a.sites)
    ]


def _due_tasks(uow: UnitOfWork, at: datetime) -> list[tuple[OffboardingTask, str]]:
    """Open tasks of open cases due within 2 days of each site's today, with the case's site."""
    zones = {s.id: s.timezone for s in uow.session.scalars(select(Site))}
    rows = uow.session.execute(
        select(OffboardingTask, OffboardingCase.site_id)
        .join(OffboardingCase, OffboardingTask.case_id == OffboardingCase.id)
        .where(OffboardingCase.status == "open", OffboardingTask.done_at.is_(None))
        .order_by(OffboardingTask.due_on, OffboardingTask.position)
    ).all()
    return [
        (task, site_id)
        for task, site_id in rows
        if task.due_on <= to_local(at, zones.get(site_id, "UTC")).date() + DUE_WITHIN
    ]


def queue_task_reminders(new_uow: Callable[[], UnitOfWork]) -> int:
    """Queue today's reminders (one per person a day; people without an e-mail address are
    skipped); returns how many were queued. Audited with counts."""
    at = now()
    day = at.date().isoformat()
    with new_uow() as uow:
        wanted: dict[str, list[str]] = {}
        for task, site_id in _due_tasks(uow, at):
            for account in _owners(uow, task, site_id):
                employee = account.employee
                if employee is not None and (employee.email or "").strip():
                    wanted.setdefault(account.id, []).append(task.id)
        since = datetime.combine(at.date(), time(), at.tzinfo)
        already = {
            job.payload.get("user_id")
            for job in uow.session.scalars(
                select(OutboxJob).where(
                    OutboxJob.kind == TASK_REMINDER, OutboxJob.created_at >= since
                )
            )
            if job.payload.get("day") == day
        }
        queued = 0
        for user_id, task_ids in wanted.items():
            if user_id in already:
                continue
            uow.session.add(
                OutboxJob(
                    kind=TASK_REMINDER,
                    payload={"user_id": user_id, "day": day, "tasks": task_ids},
                    next_attempt_at=at,
                )
            )
            queued += 1
        uow.audit(
            SCHEDULER,
            "offboarding.remind",
            details={"queued": queued, "people": len(wanted)},
        )
        uow.commit()
        return queued


def task_reminder(uow: UnitOfWork, job: OutboxJob) -> EmailMessage | None:
    """The reminder for the job (inside a unit of work), or None when nothing is left to remind
    of or the person has no address any more."""
    account = uow.session.get(UserAccount, job.payload.get("user_id"))
    employee = account.employee if account is not None and account.active else None
    address = (employee.email or "").strip() if employee is not None else ""
    tasks = [
        t
        for t in (uow.session.get(OffboardingTask, i) for i in job.payload.get("tasks", []))
        if t is not None and t.done_at is None
    ]
    if not address or not tasks:
        return None
    assert employee is not None
    lines = [mail_line(N_("Hello {name},"), name=employee.first_name or ""), ""]
    lines.append(mail_line(N_("These offboarding tasks need you:")))
    for task in tasks:
        case = uow.session.get(OffboardingCase, task.case_id)
        assert case is not None
        today = to_local(now(), case.employee.site.timezone).date()
        due = N_("overdue since {day}") if task.due_on < today else N_("due {day}")
        lines.append(
            "- "
            + mail_line(
                N_("{task} — {person}, {due}"),
                task=Message(task.title).render(),
                person=display_name(case.employee),
                due=mail_line(due, day=task.due_on.isoformat()),
            )
        )
    lines += ["", mail_line(N_("This message was sent by Vartio visitor management."))]
    message = EmailMessage()
    message["To"] = address
    message["Subject"] = mail_line(N_("Offboarding tasks due: {count}"), count=len(tasks))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n".join(lines) + "\n")
    return message
