"""The deny list (K11): people who must not be let in, at one site or at every site.

An entry keeps no name: only the keyed blind index of the normalised full name "first last"
(the same index as ``Visitor.name_index``, see ``db.crypto.normalise``: case, width and
spacing do not matter, composed and decomposed accents are the same, but "José" and "Jose" are
different names) and, when the entry is limited to one company, the blind index of that
company. So a listing shows each entry's site, reason, author and date, never whom it is
about; the one who added it must keep that record elsewhere if needed. The reason is sealed.

At check-in (``core.checkin``) a match holds the check-in silently and alerts the guard.
Adding, deactivating and listing entries are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from core.clock import now
from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, require, require_all_sites
from core.uow import UnitOfWork
from core.validation import check_text, clean
from db.models import DenyEntry, Site

MAX_REASON = 500


@dataclass(frozen=True)
class DenyEntryView:
    """One entry as a listing shows it: no name (none is stored)."""

    id: str
    site_id: str | None  # None: every site
    site_code: str | None
    company_restricted: bool
    reason: str | None
    active: bool
    created_by: str
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site": self.site_code,
            "all_sites": self.site_id is None,
            "company_restricted": self.company_restricted,
            "reason": self.reason,
            "active": self.active,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
        }


def _require(actor: Actor, site_id: str | None) -> None:
    """A site's entries need the permission in that site; entries for every site need
    all-sites scope."""
    if site_id is None:
        require_all_sites(actor, Permission.MANAGE_DENY_LIST)
    else:
        require(actor, Permission.MANAGE_DENY_LIST, site_id)


def name_index(uow: UnitOfWork, first: str, last: str) -> str:
    """The blind index a visitor's name is looked up by (as ``Visitor.name_index``)."""
    return uow.sealer.blind_index(f"{clean(first)} {clean(last)}")


def site_id_for(uow: UnitOfWork, code: str) -> str:
    """The id of the site with this code (NotFound otherwise)."""
    with uow:
        found = uow.session.scalar(select(Site.id).where(Site.code == code))
        if found is None:
            raise NotFound(Message(N_("There is no site with the code {code}."), {"code": code}))
        return found


def _validate(first: str, last: str, company: str | None, reason: str | None) -> None:
    errors: dict[str, Message] = {}
    checks = (
        ("first_name", first, Message(N_("the first name")), True, 100),
        ("last_name", last, Message(N_("the last name")), True, 100),
        ("company", company or "", Message(N_("the company")), False, 200),
        ("reason", reason or "", Message(N_("the reason")), False, MAX_REASON),
    )
    for name, value, label, required, max_len in checks:
        problem = check_text(value, label, required, max_len)
        if problem is not None:
            errors[name] = problem
    if errors:
        raise ValidationFailed(errors)


def add_entry(
    uow: UnitOfWork,
    actor: Actor,
    first_name: str,
    last_name: str,
    company: str | None = None,
    site_id: str | None = None,
    reason: str | None = None,
) -> str:
    """Add an active entry and return its id. ``site_id`` None: every site (all-sites scope)."""
    _require(actor, site_id)
    _validate(first_name, last_name, company, reason)
    with uow:
        if site_id is not None and uow.session.get(Site, site_id) is None:
            raise NotFound(Message(N_("This site no longer exists.")))
        entry = DenyEntry(
            site_id=site_id,
            name_index=name_index(uow, first_name, last_name),
            company_index=uow.sealer.blind_index(clean(company)) if clean(company) else None,
            active=True,
            created_by=actor.label,
            created_at=now(),
        )
        entry.reason = clean(reason) or None
        uow.session.add(entry)
        uow.audit(
            actor,
            "deny_list.add",
            subject_type="deny_entry",
            subject_id=entry.id,
            site_id=site_id,
            details={"all_sites": site_id is None, "company_restricted": bool(clean(company))},
        )
        uow.commit()
        return entry.id


def deactivate(uow: UnitOfWork, actor: Actor, entry_id: str) -> bool:
    """Take the entry off the list (it stays for the record). False when it already was off."""
    with uow:
        entry = uow.session.get(DenyEntry, entry_id)
        if entry is None:
            raise NotFound(Message(N_("There is no such deny-list entry.")))
        _require(actor, entry.site_id)
        if not entry.active:
            return False
        entry.active = False
        uow.audit(
            actor,
            "deny_list.deactivate",
            subject_type="deny_entry",
            subject_id=entry.id,
            site_id=entry.site_id,
        )
        uow.commit()
        return True


def list_entries(uow: UnitOfWork, actor: Actor, site_id: str | None) -> list[DenyEntryView]:
    """The active entries that apply at the site (its own and every-site ones), oldest first;
    ``site_id`` None: every active entry of every site (all-sites scope). Audited, because the
    reasons may say something about a person."""
    _require(actor, site_id)
    with uow:
        query = select(DenyEntry, Site.code).outerjoin(Site, DenyEntry.site_id == Site.id)
        query = query.where(DenyEntry.active.is_(True))
        if site_id is not None:
            query = query.where(or_(DenyEntry.site_id == site_id, DenyEntry.site_id.is_(None)))
        rows = uow.session.execute(query.order_by(DenyEntry.created_at, DenyEntry.id)).all()
        views = [
            DenyEntryView(
                id=entry.id,
                site_id=entry.site_id,
                site_code=code,
                company_restricted=entry.company_index is not None,
                reason=entry.reason,
                active=entry.active,
                created_by=entry.created_by,
                created_at=entry.created_at,
            )
            for entry, code in rows
        ]
        uow.audit(
            actor,
            "deny_list.view",
            subject_type="deny_list",
            site_id=site_id,
            details={"entries": len(views)},
        )
        uow.commit()
        return views


def is_denied(
    uow: UnitOfWork, site_id: str, first: str, last: str, company: str | None
) -> DenyEntry | None:
    """The active entry this person matches at the site, inside an open unit of work; None when
    there is none. An entry limited to a company matches only a visitor of that company."""
    candidates = uow.session.scalars(
        select(DenyEntry)
        .where(
            DenyEntry.active.is_(True),
            DenyEntry.name_index == name_index(uow, first, last),
            or_(DenyEntry.site_id == site_id, DenyEntry.site_id.is_(None)),
        )
        .order_by(DenyEntry.created_at, DenyEntry.id)
    ).all()
    company_index = uow.sealer.blind_index(clean(company)) if clean(company) else None
    for entry in candidates:
        if entry.company_index is None or entry.company_index == company_index:
            return entry
    return None
