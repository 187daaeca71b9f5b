"""A4: offboarding a leaving employee. A case is opened from the best template; its tasks have
an owner and a due date, and the tasks that act (accounts, badge, escort authorisations) do the
act in the same transaction that marks them done, so the door check refuses at once. The case
closes only when every task is done and every issued item is returned or written off; closing
marks the employee as left and stores the completion certificate (``core.offboarding_certificate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update

from core.agreement_admin import Kind
from core.clock import now
from core.errors import NotFound, ValidationFailed, VartioError
from core.hosts import display_name
from core.issued_items import ItemView, employee_items, get_employee, item_view, open_item_count
from core.messages import N_, Message
from core.noncompete import current_terms
from core.offboarding_certificate import CLOSED, OPEN, render_certificate
from core.offboarding_certificate import CaseSummary as CaseSummary  # the API in one place
from core.offboarding_certificate import DueCounts as DueCounts
from core.offboarding_certificate import certificate_pdf as certificate_pdf
from core.offboarding_certificate import list_cases as list_cases
from core.offboarding_certificate import overdue_summary as overdue_summary
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from core.validation import check_lines, clean_lines
from db.hr_models import OffboardingCase, OffboardingTask, OffboardingTemplate
from db.hr_models import OffboardingTemplateTask as TemplateTask
from db.models import AgreementSignature, AgreementTemplate, EscortAuthorisation, UserAccount

MAX_NOTE = 2000
DEFAULT_TEMPLATE = "Default offboarding"


class TaskAction(StrEnum):
    NONE = "none"
    DISABLE_ACCOUNT = "disable_account"
    REVOKE_BADGE = "revoke_badge"
    REVOKE_ESCORTS = "revoke_escorts"
    EXIT_REMINDER = "exit_reminder"
    NONCOMPETE_LETTER = "noncompete_letter"  # marked done only: the letter is made elsewhere


# title (a msgid: shown translated), owner role, days from the last working day, action
DEFAULT_TASKS = (
    (N_("Collect every issued item, or write it off"), "hr", 0, TaskAction.NONE),
    (N_("Disable the employee's user accounts"), "administrator", 0, TaskAction.DISABLE_ACCOUNT),
    (N_("Revoke the employee badge"), "hr", 0, TaskAction.REVOKE_BADGE),
    (N_("Revoke the escort authorisations"), "hr", 0, TaskAction.REVOKE_ESCORTS),
    (N_("Exit confidentiality reminder signed"), "hr", -1, TaskAction.EXIT_REMINDER),
    (N_("Send the non-compete reminder letter"), "hr", 0, TaskAction.NONCOMPETE_LETTER),
)


class CaseRefused(VartioError):
    """The case or task cannot do this now; nothing was written."""


@dataclass(frozen=True)
class TaskView:
    id: str
    position: int
    title: str
    owner_role: str | None
    owner_user_id: str | None
    due_on: date
    action: TaskAction
    done_at: datetime | None
    done_by: str | None
    note: str


@dataclass(frozen=True)
class CaseView:
    id: str
    employee_id: str
    employee_name: str
    site_id: str
    last_day: date
    status: str
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str | None
    certificate_sha256: str | None
    tasks: tuple[TaskView, ...]
    items: tuple[ItemView, ...]

    @property
    def open_tasks(self) -> int:
        return sum(1 for task in self.tasks if task.done_at is None)

    @property
    def open_items(self) -> int:
        return sum(1 for item in self.items if item.status == "issued")


def ensure_default_template(uow: UnitOfWork) -> str:
    """The company-wide template every leaver can go through (inside an open unit of work; the
    caller commits). Idempotent: an existing one is returned as it is."""
    found = uow.session.scalars(
        select(OffboardingTemplate.id).where(
            OffboardingTemplate.name == DEFAULT_TEMPLATE,
            OffboardingTemplate.site_id.is_(None),
            OffboardingTemplate.staff_kind.is_(None),
        )
    ).first()
    if found:
        return found
    template = OffboardingTemplate(name=DEFAULT_TEMPLATE, site_id=None, staff_kind=None)
    uow.session.add(template)
    for position, (title, role, offset, action) in enumerate(DEFAULT_TASKS, start=1):
        uow.session.add(
            TemplateTask(
                template_id=template.id,
                position=position,
                title=title,
                owner_role=role,
                offset_days=offset,
                action=action.value,
            )
        )
    uow.audit(
        Actor.system("seed"),
        "offboarding.template_seed",
        subject_type="offboarding_template",
        subject_id=template.id,
        details={"tasks": len(DEFAULT_TASKS)},
    )
    return template.id


def _template(
    uow: UnitOfWork, site_id: str, staff_kind: str, wanted: str | None
) -> OffboardingTemplate:
    """The template named, or the best active one: this site's over company-wide, this staff
    kind's over the generic one."""
    candidates = uow.session.scalars(
        select(OffboardingTemplate)
        .where(
            OffboardingTemplate.active.is_(True),
            (OffboardingTemplate.site_id == site_id) | OffboardingTemplate.site_id.is_(None),
            (OffboardingTemplate.staff_kind == staff_kind)
            | OffboardingTemplate.staff_kind.is_(None),
        )
        .order_by(OffboardingTemplate.created_at, OffboardingTemplate.id)
    ).all()
    if wanted:
        candidates = [t for t in candidates if t.id == wanted]
    if not candidates:
        raise CaseRefused(Message(N_("There is no offboarding template for this employee.")))
    # max keeps the first of equals: the oldest template wins a tie
    return max(candidates, key=lambda t: (t.site_id is not None, t.staff_kind is not None))


def start_case(
    uow: UnitOfWork, actor: Actor, employee_id: str, last_day: date, template_id: str | None = None
) -> str:
    """Open the employee's case (audited); returns its id. A second open case is refused."""
    if not isinstance(last_day, date):
        raise ValidationFailed({"last_day": Message(N_("Please give the last working day."))})
    with uow:
        employee = get_employee(uow, employee_id)
        require(actor, Permission.MANAGE_OFFBOARDING, employee.site_id)
        # The row lock (PostgreSQL) keeps two people from opening two cases at once.
        uow.session.refresh(employee, with_for_update=True)
        if not employee.active or employee.left_on is not None:
            raise CaseRefused(Message(N_("The employee has already left.")))
        if uow.session.scalar(
            select(OffboardingCase.id).where(
                OffboardingCase.employee_id == employee.id, OffboardingCase.status == OPEN
            )
        ):
            raise CaseRefused(Message(N_("This employee already has an open offboarding case.")))
        template = _template(uow, employee.site_id, employee.staff_kind, template_id)
        at = now()
        case = OffboardingCase(
            employee_id=employee.id,
            site_id=employee.site_id,
            template_id=template.id,
            last_day=last_day,
            status=OPEN,
            opened_by=actor.label,
            opened_at=at,
        )
        uow.session.add(case)
        for spec in template.tasks:
            uow.session.add(
                OffboardingTask(
                    case_id=case.id,
                    position=spec.position,
                    title=spec.title,
                    owner_role=spec.owner_role,
                    owner_user_id=spec.owner_user_id,
                    due_on=last_day + timedelta(days=spec.offset_days),
                    action=spec.action,
                )
            )
        # A non-compete binds from the day after the last working day: the tracker and the
        # reminder letter count from here.
        terms = current_terms(uow, employee.id)
        if terms is not None and terms.restriction_start != last_day:
            terms.restriction_start = last_day
        _audit(uow, actor, case, "offboarding.start", template=template.id, at=at,
               noncompete=terms is not None)  # fmt: skip
        uow.commit()
        return case.id


def _audit(uow: UnitOfWork, actor: Actor, case: OffboardingCase, code: str, **details) -> None:
    at = details.pop("at", None)
    uow.audit(
        actor,
        code,
        subject_type="offboarding_case",
        subject_id=case.id,
        site_id=case.site_id,
        details={"employee": case.employee_id, **details},
        at=at,
    )


def _case(uow: UnitOfWork, actor: Actor, case_id: str) -> OffboardingCase:
    case = uow.session.get(OffboardingCase, case_id) if case_id else None
    if case is None:
        raise NotFound(Message(N_("There is no such offboarding case.")))
    require(actor, Permission.MANAGE_OFFBOARDING, case.site_id)
    return case


def _act(uow: UnitOfWork, case: OffboardingCase, action: TaskAction, label: str) -> dict:
    """Do what the task says; returns counts for the audit. Refuses (CaseRefused) when the
    act cannot be done yet."""
    session, employee_id, at = uow.session, case.employee_id, now()
    if action is TaskAction.DISABLE_ACCOUNT:
        result = session.execute(
            update(UserAccount)
            .where(UserAccount.employee_id == employee_id, UserAccount.active.is_(True))
            .values(active=False)
        )
        return {"accounts": result.rowcount}  # type: ignore[attr-defined]
    if action is TaskAction.REVOKE_BADGE:
        employee = get_employee(uow, employee_id)
        had = employee.badge_token_hash is not None
        employee.badge_token_hash = None
        return {"badge": had}
    if action is TaskAction.REVOKE_ESCORTS:
        grants = session.scalars(
            select(EscortAuthorisation).where(
                EscortAuthorisation.employee_id == employee_id,
                EscortAuthorisation.revoked_at.is_(None),
            )
        ).all()
        for grant in grants:
            grant.revoked_at, grant.revoked_by = at, label
        return {"authorisations": len(grants)}
    if action is TaskAction.EXIT_REMINDER:
        signed = session.scalar(
            select(AgreementSignature.id)
            .join(AgreementTemplate, AgreementSignature.template_id == AgreementTemplate.id)
            .where(
                AgreementSignature.employee_id == employee_id,
                AgreementTemplate.kind == Kind.EXIT_REMINDER.value,
                AgreementSignature.signed_at >= case.opened_at,
            )
            .limit(1)
        )
        if signed is None:
            message = N_(
                "The employee has not signed the exit confidentiality reminder since this "
                "case was opened. Have it signed first."
            )
            raise CaseRefused(Message(message))
        return {"signature": signed}
    return {}


def complete_task(uow: UnitOfWork, actor: Actor, task_id: str, note: str = "") -> TaskView:
    """Mark the task done by the actor, doing its act in the same transaction (audited)."""
    problem = check_lines(note, Message(N_("a note")), False, MAX_NOTE)
    with uow:
        task = uow.session.get(OffboardingTask, task_id) if task_id else None
        if task is None:
            raise NotFound(Message(N_("There is no such task.")))
        case = _case(uow, actor, task.case_id)
        if problem:
            raise ValidationFailed({"note": problem})
        if case.status != OPEN:
            raise CaseRefused(Message(N_("This offboarding case is closed.")))
        if task.done_at is not None:
            raise CaseRefused(Message(N_("This task is already done.")))
        action = TaskAction(task.action)
        counts = _act(uow, case, action, actor.label)
        at = now()
        task.done_at, task.done_by = at, actor.label
        task.note = clean_lines(note) or None
        _audit(
            uow, actor, case, "offboarding.task_done", task=task.id, action=action.value, **counts
        )
        view = _task_view(task)
        uow.commit()
        return view


def close_case(uow: UnitOfWork, actor: Actor, case_id: str, language: str = "en") -> CaseView:
    """Close the case: every task done and every item back or written off, else refused with
    how many are open. The employee is marked as left on the last day; the certificate is
    rendered and stored sealed with its SHA-256, in the same transaction (no closed case
    without its certificate)."""
    with uow:
        case = _case(uow, actor, case_id)
        if case.status != OPEN:
            raise CaseRefused(Message(N_("This offboarding case is closed.")))
        tasks = sum(1 for task in case.tasks if task.done_at is None)
        if tasks:
            message = N_("The case cannot close: {count} task(s) are still open.")
            raise CaseRefused(Message(message, {"count": tasks}))
        items = open_item_count(uow.session, case.employee_id)
        if items:
            message = N_("The case cannot close: {count} issued item(s) are not returned yet.")
            raise CaseRefused(Message(message, {"count": items}))
        at = now()
        employee = case.employee
        employee.left_on, employee.active = case.last_day, False
        case.status, case.closed_at, case.closed_by = CLOSED, at, actor.label
        pdf, digest = render_certificate(uow, case, language)
        case.certificate, case.certificate_sha256 = pdf, digest
        _audit(uow, actor, case, "offboarding.close", certificate_sha256=digest, at=at)
        view = _case_view(uow, case)
        uow.commit()
        return view


def _task_view(task: OffboardingTask) -> TaskView:
    return TaskView(
        id=task.id,
        position=task.position,
        title=task.title,
        owner_role=task.owner_role,
        owner_user_id=task.owner_user_id,
        due_on=task.due_on,
        action=TaskAction(task.action),
        done_at=task.done_at,
        done_by=task.done_by,
        note=task.note or "",
    )


def _case_view(uow: UnitOfWork, case: OffboardingCase) -> CaseView:
    return CaseView(
        id=case.id,
        employee_id=case.employee_id,
        employee_name=display_name(case.employee),
        site_id=case.site_id,
        last_day=case.last_day,
        status=case.status,
        opened_at=case.opened_at,
        opened_by=case.opened_by,
        closed_at=case.closed_at,
        closed_by=case.closed_by,
        certificate_sha256=case.certificate_sha256,
        tasks=tuple(_task_view(task) for task in case.tasks),
        items=tuple(item_view(item) for item in employee_items(uow.session, case.employee_id)),
    )


def case_view(uow: UnitOfWork, actor: Actor, case_id: str) -> CaseView:
    """The case with its tasks and the employee's items (audited as a view)."""
    with uow:
        case = _case(uow, actor, case_id)
        view = _case_view(uow, case)
        _audit(uow, actor, case, "offboarding.view")
        uow.commit()
        return view
