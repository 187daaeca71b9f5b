"""A7: reading the audit log — filtered by who, what, subject and time, newest first, a page
at a time — and verifying its hash chain on request. Entries hold ids and codes, never personal
data; still, every look is itself audited, with the filters used (never their values) and the
count. Security and administrators read their sites' entries; entries of no site (log-ins,
operator commands) are for those who see every site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.audit import ChainReport, verify
from core.errors import ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, granted_somewhere, require, require_all_sites
from core.uow import UnitOfWork
from core.users import usernames
from core.validation import check_text, clean
from db.models import AuditEntry, UserAccount

MAX_PAGE = 1000


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None  # a username, or an actor label such as "system:cli"
    action: str | None = None  # a prefix: "door." finds every door decision
    subject_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    actor: str  # the label as written
    actor_name: str  # the username for a person's account
    action: str
    subject_type: str | None
    subject_id: str | None
    site_id: str | None
    details: dict[str, Any]


def _checked(wanted: AuditFilter) -> dict[str, str]:
    errors: dict[str, Message] = {}
    values = {"actor": wanted.actor, "action": wanted.action, "subject_id": wanted.subject_id}
    for name, value in values.items():
        problem = check_text(value or "", Message(N_("the filter")), False, 80)
        if problem is not None:
            errors[name] = problem
    for name, when in (("since", wanted.since), ("until", wanted.until)):
        if when is not None and when.tzinfo is None:
            errors[name] = Message(N_("Please give the time with its time zone."))
    if errors:
        raise ValidationFailed(errors)
    return {name: clean(value) for name, value in values.items() if value and clean(value)}


def audit_entries(
    uow: UnitOfWork,
    actor: Actor,
    site_id: str | None,
    wanted: AuditFilter | None = None,
    limit: int = 200,
    before_seq: int | None = None,
) -> list[AuditRow]:
    """The site's entries (``site_id`` None: every entry, for all-sites actors) matching the
    filter, newest first; ``before_seq`` pages back from an entry already shown."""
    if site_id is None:
        require_all_sites(actor, Permission.VIEW_AUDIT)
    else:
        require(actor, Permission.VIEW_AUDIT, site_id)
    wanted = wanted or AuditFilter()
    text = _checked(wanted)
    limit = max(1, min(limit, MAX_PAGE))
    with uow:
        query = select(AuditEntry)
        if site_id is not None:
            query = query.where(AuditEntry.site_id == site_id)
        if "actor" in text:
            # A username stands for its account's label; a label is taken as it is.
            account = uow.session.scalar(
                select(UserAccount.id).where(UserAccount.username == text["actor"])
            )
            label = f"user:{account}" if account is not None else text["actor"]
            query = query.where(AuditEntry.actor == label)
        if "action" in text:
            query = query.where(AuditEntry.action.startswith(text["action"], autoescape=True))
        if "subject_id" in text:
            query = query.where(AuditEntry.subject_id == text["subject_id"])
        if wanted.since is not None:
            query = query.where(AuditEntry.at >= wanted.since)
        if wanted.until is not None:
            query = query.where(AuditEntry.at < wanted.until)
        if before_seq is not None:
            query = query.where(AuditEntry.seq < before_seq)
        entries = uow.session.scalars(query.order_by(AuditEntry.seq.desc()).limit(limit)).all()
        names = usernames(uow, {e.actor for e in entries})
        rows = [
            AuditRow(e.seq, e.at, e.actor, names.get(e.actor, e.actor), e.action,
                     e.subject_type, e.subject_id, e.site_id, dict(e.details or {}))
            for e in entries
        ]  # fmt: skip
        uow.audit(
            actor,
            "audit.view",
            subject_type="audit_log",
            site_id=site_id,
            details={
                "rows": len(rows),
                "filters": sorted([*text, *(n for n in ("since", "until") if getattr(wanted, n))]),
                "paged": before_seq is not None,
            },
        )
        uow.commit()
        return rows


def verify_chain(new_uow: Callable[[], UnitOfWork], actor: Actor) -> ChainReport:
    """Walk the whole chain (it is one chain for every site); the result says only whether it
    holds and where it first breaks. Audited."""
    if not granted_somewhere(actor, Permission.VIEW_AUDIT):
        require_all_sites(actor, Permission.VIEW_AUDIT)  # refuses, saying why
    with new_uow() as uow:
        report = verify(uow.session)
    with new_uow() as uow:
        uow.audit(
            actor,
            "audit.verify",
            subject_type="audit_log",
            details={"ok": report.ok, "entries": report.entries},
        )
        uow.commit()
    return report
