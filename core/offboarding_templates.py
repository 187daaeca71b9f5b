"""A4: offboarding case templates — per site (or company-wide) and kind of staff (or any) — with
their tasks: a title, an owner (a user or a role), the day it is due relative to the last
working day, and what the task does when it is marked done.

A template is never edited once cases may have used it: a new one is added and the old one
retired, so the tasks of an open case stay what they were when it opened. Company-wide
templates are for administrators of every site; a site's, for HR and administrators there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.offboarding import TaskAction
from core.permissions import Actor, Permission, Role, require, require_all_sites
from core.uow import UnitOfWork
from core.validation import check_text, clean
from db.hr_models import OffboardingTemplate, OffboardingTemplateTask
from db.models import Site, UserAccount

MAX_TASKS = 50
MAX_OFFSET = 365
STAFF_KINDS = ("employee", "contractor")


@dataclass(frozen=True)
class TaskSpec:
    title: str
    offset_days: int = 0  # from the last working day; negative: before it
    owner_role: str | None = None
    owner_username: str | None = None
    action: str = TaskAction.NONE.value


@dataclass(frozen=True)
class TemplateView:
    id: str
    name: str
    site_id: str | None
    staff_kind: str | None
    active: bool
    tasks: tuple[TaskSpec, ...]


def _require(actor: Actor, site_id: str | None) -> None:
    if site_id is None:
        require_all_sites(actor, Permission.MANAGE_OFFBOARDING)
    else:
        require(actor, Permission.MANAGE_OFFBOARDING, site_id)


def _check_task(
    uow: UnitOfWork, index: int, task: TaskSpec
) -> tuple[dict[str, Message], str | None]:
    """Problems with one task (keys name the task by number), and its owner's account id."""
    where = f"tasks[{index}]"
    errors: dict[str, Message] = {}
    problem = check_text(task.title, Message(N_("the task")), True, 300)
    if problem is not None:
        errors[f"{where}.title"] = problem
    if not -MAX_OFFSET <= task.offset_days <= MAX_OFFSET:
        errors[f"{where}.offset_days"] = Message(
            N_("A task is due at most {max} days before or after the last working day."),
            {"max": MAX_OFFSET},
        )
    if task.action not in set(TaskAction):
        errors[f"{where}.action"] = Message(
            N_("Please choose what the task does: {choices}."),
            {"choices": ", ".join(TaskAction)},
        )
    owner_id = None
    if task.owner_username:
        owner_id = uow.session.scalar(
            select(UserAccount.id).where(
                UserAccount.username == clean(task.owner_username), UserAccount.active.is_(True)
            )
        )
        if owner_id is None:
            errors[f"{where}.owner"] = Message(
                N_("There is no active account with the username {username}."),
                {"username": clean(task.owner_username)},
            )
    elif task.owner_role not in {r.value for r in Role}:
        errors[f"{where}.owner"] = Message(
            N_("Please give each task an owner: a username or a role ({choices})."),
            {"choices": ", ".join(r.value for r in Role)},
        )
    return errors, owner_id


def add_template(
    uow: UnitOfWork,
    actor: Actor,
    name: str,
    tasks: Sequence[TaskSpec],
    site_id: str | None = None,
    staff_kind: str | None = None,
) -> str:
    """A new active template (audited); returns its id. Nothing is written when any task is
    wrong: every problem is named, by task number."""
    _require(actor, site_id)
    errors: dict[str, Message] = {}
    problem = check_text(name, Message(N_("the name")), True, 200)
    if problem is not None:
        errors["name"] = problem
    if staff_kind is not None and staff_kind not in STAFF_KINDS:
        errors["staff_kind"] = Message(
            N_("Please choose a kind of staff: {choices}."), {"choices": ", ".join(STAFF_KINDS)}
        )
    if not 1 <= len(tasks) <= MAX_TASKS:
        errors["tasks"] = Message(N_("A template has 1 to {max} tasks."), {"max": MAX_TASKS})
    with uow:
        if site_id is not None and uow.session.get(Site, site_id) is None:
            raise NotFound(Message(N_("There is no such site.")))
        owners = []
        for index, task in enumerate(tasks, start=1):
            problems, owner_id = _check_task(uow, index, task)
            errors.update(problems)
            owners.append(owner_id)
        if errors:
            raise ValidationFailed(errors)
        template = OffboardingTemplate(name=clean(name), site_id=site_id, staff_kind=staff_kind)
        uow.session.add(template)
        for position, (task, owner_id) in enumerate(zip(tasks, owners, strict=True), start=1):
            uow.session.add(
                OffboardingTemplateTask(
                    template_id=template.id,
                    position=position,
                    title=clean(task.title),
                    owner_role=None if owner_id else task.owner_role,
                    owner_user_id=owner_id,
                    offset_days=task.offset_days,
                    action=task.action,
                )
            )
        uow.audit(
            actor,
            "offboarding.template_add",
            subject_type="offboarding_template",
            subject_id=template.id,
            site_id=site_id,
            details={"tasks": len(tasks), "staff_kind": staff_kind},
        )
        uow.commit()
        return template.id


def retire_template(uow: UnitOfWork, actor: Actor, template_id: str) -> None:
    """No new case uses the template (audited); open cases keep their tasks."""
    with uow:
        template = uow.session.get(OffboardingTemplate, template_id) if template_id else None
        if template is None:
            raise NotFound(Message(N_("There is no such template.")))
        _require(actor, template.site_id)
        if template.active:
            template.active = False
            uow.audit(
                actor,
                "offboarding.template_retire",
                subject_type="offboarding_template",
                subject_id=template.id,
                site_id=template.site_id,
            )
        uow.commit()


def list_templates(uow: UnitOfWork, actor: Actor, site_id: str) -> list[TemplateView]:
    """The templates a case at the site can use (the site's and company-wide), retired ones too,
    newest first."""
    require(actor, Permission.MANAGE_OFFBOARDING, site_id)
    with uow:
        names = {
            account_id: username
            for account_id, username in uow.session.execute(
                select(UserAccount.id, UserAccount.username)
            )
        }
        rows = uow.session.scalars(
            select(OffboardingTemplate)
            .where((OffboardingTemplate.site_id == site_id) | OffboardingTemplate.site_id.is_(None))
            .order_by(OffboardingTemplate.created_at.desc(), OffboardingTemplate.id)
        ).all()
        return [
            TemplateView(
                id=t.id,
                name=t.name,
                site_id=t.site_id,
                staff_kind=t.staff_kind,
                active=t.active,
                tasks=tuple(
                    TaskSpec(
                        title=task.title,
                        offset_days=task.offset_days,
                        owner_role=task.owner_role,
                        owner_username=names.get(task.owner_user_id or ""),
                        action=task.action,
                    )
                    for task in t.tasks
                ),
            )
            for t in rows
        ]
