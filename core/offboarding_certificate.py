"""A4: what offboarding shows (the changes are in ``core.offboarding``): the site's cases, the
overdue counts for the start page, and the completion certificate. ``render_certificate``
gathers the closed case (items and how each came back, tasks and who did them, the employee's
signed agreements, the case's audit trail) inside the closing transaction; ``certificate_pdf``
hands the stored copy back. The PDF names the employee, so it is stored sealed with its SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from core.agreement_admin import KIND_TEXT, Kind
from core.clock import now, to_local
from core.errors import NotFound
from core.hosts import display_name
from core.issued_items import CONDITION_TEXT, Condition, employee_items, item_view
from core.messages import N_, Message
from core.permissions import Actor, Permission, check, require
from core.uow import UnitOfWork
from core.users import usernames
from db.hr_models import OffboardingCase, OffboardingTask
from db.models import AgreementSignature, AuditEntry, Site
from forms.certificate import offboarding_certificate
from forms.certificate_data import (
    CertificateData,
    CertificateEvent,
    CertificateItem,
    CertificateSignature,
    CertificateTask,
)

OPEN, CLOSED = "open", "closed"
DUE_SOON_DAYS = 2
OUTCOME_TEXT = {"returned": N_("Returned"), "written_off": N_("Written off")}
# The audit codes the trail shows in words; others are shown as their code.
EVENT_TEXT = {
    "offboarding.start": N_("Case opened"),
    "offboarding.task_done": N_("Task done"),
    "offboarding.view": N_("Case viewed"),
    "item.issue": N_("Item issued"),
    "item.return": N_("Item returned"),
    "item.write_off": N_("Item written off"),
    "item.list": N_("Items viewed"),
}


def _kind_text(kind: str) -> str:
    try:
        return KIND_TEXT[Kind(kind)]
    except ValueError:
        return kind


def render_certificate(uow: UnitOfWork, case: OffboardingCase, language: str) -> tuple[bytes, str]:
    """The certificate of a case being closed (closed_at/by set) and its SHA-256, inside the
    caller's open unit of work. Rendering inside the transaction is the price of never having
    a closed case without its certificate."""
    assert case.closed_at is not None and case.closed_by is not None
    session, timezone = uow.session, case.employee.site.timezone
    items = [item_view(item) for item in employee_items(session, case.employee_id)]
    signatures = session.scalars(
        select(AgreementSignature)
        .where(AgreementSignature.employee_id == case.employee_id)
        .order_by(AgreementSignature.signed_at)
    ).all()
    item_ids = [item.id for item in items]
    events = session.scalars(
        select(AuditEntry)
        .where(
            or_(
                (AuditEntry.subject_type == "offboarding_case")
                & (AuditEntry.subject_id == case.id),
                (AuditEntry.subject_type == "issued_item") & AuditEntry.subject_id.in_(item_ids),
            )
        )
        .order_by(AuditEntry.seq)
    ).all()
    labels = {case.opened_by, case.closed_by} | {e.actor for e in events}
    labels |= {item.closed_by for item in items if item.closed_by}
    labels |= {task.done_by for task in case.tasks if task.done_by}
    names = usernames(uow, labels)

    def who(label: str | None) -> str:
        return names.get(label or "", label or "")

    data = CertificateData(
        language=language,
        site_name=case.employee.site.name,
        case_id=case.id,
        employee_name=display_name(case.employee),
        last_day=case.last_day,
        opened_at=to_local(case.opened_at, timezone),
        opened_by=who(case.opened_by),
        closed_at=to_local(case.closed_at, timezone),
        closed_by=who(case.closed_by),
        items=tuple(
            CertificateItem(
                kind=item.kind_text,
                description=item.description,
                serial=item.serial,
                issued_on=item.issued_on,
                outcome=OUTCOME_TEXT[item.status.value],
                condition=CONDITION_TEXT[Condition(item.condition)] if item.condition else "",
                reason=item.write_off_reason or "",
                closed_at=to_local(item.closed_at, timezone),
                closed_by=who(item.closed_by),
            )
            for item in items
            if item.closed_at is not None  # a case closes only when none is still issued
        ),
        tasks=tuple(
            CertificateTask(
                title=task.title,
                due_on=task.due_on,
                done_at=to_local(task.done_at, timezone),
                done_by=who(task.done_by),
                note=task.note or "",
            )
            for task in case.tasks
            if task.done_at is not None
        ),
        signatures=tuple(
            CertificateSignature(
                kind=_kind_text(s.template.kind),
                version=s.template.version,
                signed_at=to_local(s.signed_at, timezone),
                sha256=s.pdf_sha256,
            )
            for s in signatures
        ),
        events=tuple(
            CertificateEvent(
                seq=e.seq,
                at=to_local(e.at, timezone),
                action=EVENT_TEXT.get(e.action, e.action),
                actor=who(e.actor),
            )
            for e in events
        ),
    )
    pdf = offboarding_certificate(data)
    return pdf, hashlib.sha256(pdf).hexdigest()


def certificate_pdf(uow: UnitOfWork, actor: Actor, case_id: str) -> bytes:
    """The stored certificate of a closed case (audited as a view)."""
    with uow:
        case = uow.session.get(OffboardingCase, case_id) if case_id else None
        if case is None:
            raise NotFound(Message(N_("There is no such offboarding case.")))
        require(actor, Permission.MANAGE_OFFBOARDING, case.site_id)
        pdf = case.certificate
        if pdf is None:
            raise NotFound(Message(N_("This case has no certificate yet: it is still open.")))
        uow.audit(
            actor,
            "offboarding.certificate_view",
            subject_type="offboarding_case",
            subject_id=case.id,
            site_id=case.site_id,
            details={"employee": case.employee_id},
        )
        uow.commit()
        return pdf


@dataclass(frozen=True)
class DueCounts:
    site_id: str
    overdue: int  # open tasks of open cases due before today (the site's day)
    due_soon: int  # due today or within DUE_SOON_DAYS


@dataclass(frozen=True)
class CaseSummary:
    id: str
    employee_id: str
    employee_name: str
    last_day: date
    status: str
    open_tasks: int
    overdue_tasks: int


def _today(site: Site) -> date:
    return to_local(now(), site.timezone).date()


def list_cases(
    uow: UnitOfWork, actor: Actor, site_id: str, open_only: bool = True
) -> list[CaseSummary]:
    """The site's cases, soonest last day first (names shown: audited with the count)."""
    with uow:
        site = uow.session.get(Site, site_id) if site_id else None
        if site is None:
            raise NotFound(Message(N_("There is no such site.")))
        require(actor, Permission.MANAGE_OFFBOARDING, site.id)
        query = select(OffboardingCase).where(OffboardingCase.site_id == site.id)
        if open_only:
            query = query.where(OffboardingCase.status == OPEN)
        cases = uow.session.scalars(
            query.options(selectinload(OffboardingCase.tasks))
            .options(selectinload(OffboardingCase.employee))
            .order_by(OffboardingCase.last_day, OffboardingCase.id)
        ).all()
        today = _today(site)
        result = []
        for case in cases:
            open_tasks = [task for task in case.tasks if task.done_at is None]
            result.append(
                CaseSummary(
                    id=case.id,
                    employee_id=case.employee_id,
                    employee_name=display_name(case.employee),
                    last_day=case.last_day,
                    status=case.status,
                    open_tasks=len(open_tasks),
                    overdue_tasks=sum(1 for task in open_tasks if task.due_on < today),
                )
            )
        uow.audit(
            actor,
            "offboarding.list",
            subject_type="site",
            subject_id=site.id,
            site_id=site.id,
            details={"count": len(result), "open_only": open_only},
        )
        uow.commit()
        return result


def overdue_summary(
    uow: UnitOfWork, actor: Actor, site_ids: list[str] | None = None
) -> dict[str, DueCounts]:
    """Per site: open tasks overdue and due within DUE_SOON_DAYS (counts only, not audited).
    None: every site where the actor manages offboarding; named sites must all be allowed."""
    with uow:
        sites = uow.session.scalars(select(Site)).all()
        if site_ids is None:
            wanted = [s for s in sites if check(actor, Permission.MANAGE_OFFBOARDING, s.id) is None]
        else:
            known = {s.id: s for s in sites}
            for site_id in site_ids:
                if site_id not in known:
                    raise NotFound(Message(N_("There is no such site.")))
                require(actor, Permission.MANAGE_OFFBOARDING, site_id)
            wanted = [known[s] for s in dict.fromkeys(site_ids)]
        rows = uow.session.execute(
            select(OffboardingCase.site_id, OffboardingTask.due_on, func.count())
            .join(OffboardingCase, OffboardingTask.case_id == OffboardingCase.id)
            .where(
                OffboardingCase.status == OPEN,
                OffboardingTask.done_at.is_(None),
                OffboardingCase.site_id.in_([s.id for s in wanted]),
            )
            .group_by(OffboardingCase.site_id, OffboardingTask.due_on)
        ).all()
        result = {}
        for site in wanted:
            today = _today(site)
            soon = today + timedelta(days=DUE_SOON_DAYS)
            mine = [(due, n) for s, due, n in rows if s == site.id]
            result[site.id] = DueCounts(
                site_id=site.id,
                overdue=sum(n for due, n in mine if due < today),
                due_soon=sum(n for due, n in mine if today <= due <= soon),
            )
        return result
