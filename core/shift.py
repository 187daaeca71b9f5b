"""Shift handover log (G4) [cn: 上下班交接表]: the outgoing guard writes what is still open, which
keys change hands and any notes; the incoming guard is named by username.

The free text may describe people, so it is sealed at rest (``db.models.Handover``); the audit
entries hold ids and counts only. Reading the log is viewing personal data: audited too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.clock import now
from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from core.users import usernames
from core.validation import check_lines, check_text, clean, clean_lines
from db.models import Handover, Site, UserAccount

MAX_TEXT = 4000


@dataclass(frozen=True)
class HandoverInput:
    incoming: str | None = None  # the incoming guard's username
    open_items: str = ""
    keys: str = ""
    notes: str = ""


@dataclass(frozen=True)
class HandoverView:
    id: str
    site_id: str
    outgoing: str
    incoming: str | None
    at: datetime
    open_items: str | None
    keys: str | None
    notes: str | None
    outgoing_name: str = ""  # the outgoing guard's username

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site_id": self.site_id,
            "outgoing": self.outgoing,
            "outgoing_name": self.outgoing_name,
            "incoming": self.incoming,
            "at": self.at.isoformat(),
            "open_items": self.open_items,
            "keys": self.keys,
            "notes": self.notes,
        }


def _view(row: Handover, names: dict[str, str]) -> HandoverView:
    return HandoverView(
        outgoing_name=names.get(row.outgoing, row.outgoing),
        id=row.id,
        site_id=row.site_id,
        outgoing=row.outgoing,
        incoming=row.incoming,
        at=row.at,
        open_items=row.open_items,
        keys=row.keys,
        notes=row.notes,
    )


def _require(actor: Actor, site_id: str) -> None:
    """The site's guards (DOOR_CHECK) and administrators of the site keep the log."""
    require(actor, Permission.DOOR_CHECK, site_id)


def _validate(data: HandoverInput) -> dict[str, Message]:
    errors: dict[str, Message] = {}
    problem = check_text(data.incoming or "", Message(N_("the incoming guard")), False, 64)
    if problem is not None:
        errors["incoming"] = problem
    checks = (
        ("open_items", data.open_items, Message(N_("the open items"))),
        ("keys", data.keys, Message(N_("the keys handed over"))),
        ("notes", data.notes, Message(N_("the notes"))),
    )
    for name, value, label in checks:
        problem = check_lines(value, label, False, MAX_TEXT)
        if problem is not None:
            errors[name] = problem
    return errors


def record_handover(
    uow: UnitOfWork, actor: Actor, site_id: str, data: HandoverInput
) -> HandoverView:
    """Write a handover from ``actor`` (outgoing) at the site and return it. The notes keep
    their lines (``core.validation.clean_lines``); a bad field raises ValidationFailed
    (nothing stored)."""
    _require(actor, site_id)
    errors = _validate(data)
    incoming = clean(data.incoming) or None
    with uow:
        if uow.session.get(Site, site_id) is None:
            raise NotFound(Message(N_("This site no longer exists.")))
        if incoming is not None and "incoming" not in errors:
            account = uow.session.scalar(
                select(UserAccount).where(UserAccount.username == incoming)
            )
            if account is None or not account.active:
                errors["incoming"] = Message(
                    N_("There is no active account with the username {username}."),
                    {"username": incoming},
                )
        if errors:
            raise ValidationFailed(errors)
        row = Handover(site_id=site_id, outgoing=actor.label, incoming=incoming, at=now())
        row.open_items = clean_lines(data.open_items) or None
        row.keys = clean_lines(data.keys) or None
        row.notes = clean_lines(data.notes) or None
        uow.session.add(row)
        uow.audit(
            actor,
            "handover.record",
            subject_type="handover",
            subject_id=row.id,
            site_id=site_id,
            details={"incoming": incoming},
        )
        view = _view(row, usernames(uow, {row.outgoing}))
        uow.commit()
        return view


def _matches(view: HandoverView, needle: str) -> bool:
    fields = (view.outgoing_name, view.incoming, view.open_items, view.keys, view.notes)
    return any(needle in clean(f).casefold() for f in fields if f)


def list_handovers(
    uow: UnitOfWork, actor: Actor, site_id: str, limit: int = 50, text: str | None = None
) -> list[HandoverView]:
    """The site's latest handovers, newest first; with ``text``, only those whose names or
    notes contain it (case-insensitive). Audited with a count only (never the search text)."""
    _require(actor, site_id)
    if text is not None and (problem := check_text(text, Message(N_("the text")), False, 200)):
        raise ValidationFailed({"text": problem})
    needle = clean(text).casefold()
    with uow:
        query = (
            select(Handover)
            .where(Handover.site_id == site_id)
            .order_by(Handover.at.desc(), Handover.id.desc())
        )
        # The notes are sealed: a search opens the site's handovers and matches in memory,
        # then keeps ``limit`` of the matches.
        rows = uow.session.scalars(query if needle else query.limit(limit)).all()
        names = usernames(uow, {r.outgoing for r in rows})
        views = [_view(r, names) for r in rows]
        if needle:
            views = [v for v in views if _matches(v, needle)]
        views = views[: max(0, limit)]
        uow.audit(
            actor,
            "handover.view",
            subject_type="handover_log",
            site_id=site_id,
            details={"handovers": len(views), "text_search": bool(needle)},
        )
        uow.commit()
        return views
