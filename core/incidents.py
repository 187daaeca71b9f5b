"""Incident reports (G4) [cn: 信息安全事件报告]: when and where, what kind, what happened and
who was involved, reported by a guard or an administrator of the site.

Place, description and the people involved may describe people, so they are sealed at rest
(``db.models.Incident``); audit entries hold ids and the category only. Listing or searching
reports is viewing personal data: audited with counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from core.clock import now
from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from core.users import usernames
from core.validation import check_lines, check_text, clean, clean_lines
from db.models import Incident, Site

MAX_PLACE = 200
MAX_TEXT = 4000


class Category(StrEnum):
    SECURITY = "security"
    INFORMATION_SECURITY = "information_security"
    SAFETY = "safety"
    PROPERTY = "property"
    OTHER = "other"


CATEGORY_TEXT = {
    Category.SECURITY: N_("Security"),
    Category.INFORMATION_SECURITY: N_("Information security"),
    Category.SAFETY: N_("Safety"),
    Category.PROPERTY: N_("Property"),
    Category.OTHER: N_("Other"),
}


@dataclass(frozen=True)
class IncidentInput:
    category: str
    description: str
    place: str = ""
    people_involved: str = ""
    occurred_at: datetime | None = None  # None: now


@dataclass(frozen=True)
class IncidentView:
    id: str
    site_id: str
    occurred_at: datetime
    category: str
    place: str | None
    description: str
    people_involved: str | None
    reported_by: str
    reported_at: datetime
    reported_by_name: str = ""  # the reporter's username

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site_id": self.site_id,
            "occurred_at": self.occurred_at.isoformat(),
            "category": self.category,
            "place": self.place,
            "description": self.description,
            "people_involved": self.people_involved,
            "reported_by": self.reported_by,
            "reported_by_name": self.reported_by_name,
            "reported_at": self.reported_at.isoformat(),
        }


def _view(row: Incident, names: dict[str, str]) -> IncidentView:
    return IncidentView(
        reported_by_name=names.get(row.reported_by, row.reported_by),
        id=row.id,
        site_id=row.site_id,
        occurred_at=row.occurred_at,
        category=row.category,
        place=row.place,
        description=row.description or "",
        people_involved=row.people_involved,
        reported_by=row.reported_by,
        reported_at=row.reported_at,
    )


def _require(actor: Actor, site_id: str) -> None:
    """The site's guards (DOOR_CHECK) and administrators of the site."""
    require(actor, Permission.DOOR_CHECK, site_id)


def _category_problem(category: str) -> Message | None:
    if category in set(Category):
        return None
    return Message(
        N_("Please choose a category: {choices}."),
        {"choices": ", ".join(c.value for c in Category)},
    )


def _validate(data: IncidentInput) -> None:
    errors: dict[str, Message] = {}
    problem = _category_problem(data.category)
    if problem is not None:
        errors["category"] = problem
    problems = {
        "place": check_text(data.place, Message(N_("the place")), False, MAX_PLACE),
        "description": check_lines(data.description, Message(N_("what happened")), True, MAX_TEXT),
        "people_involved": check_lines(
            data.people_involved, Message(N_("the people involved")), False, MAX_TEXT
        ),
    }
    errors.update({name: p for name, p in problems.items() if p is not None})
    when = data.occurred_at
    if when is not None and when.tzinfo is None:
        errors["occurred_at"] = Message(N_("Please give the time with its time zone."))
    elif when is not None and when > now():
        errors["occurred_at"] = Message(N_("The time of the incident is in the future."))
    if errors:
        raise ValidationFailed(errors)


def report_incident(
    uow: UnitOfWork, actor: Actor, site_id: str, data: IncidentInput
) -> IncidentView:
    """File a report at the site and return it. Text is stored as ``core.validation.clean``
    leaves it, the description and the people as ``clean_lines`` does (they keep their
    lines); a bad field raises ValidationFailed with a message per field (nothing written)."""
    _require(actor, site_id)
    _validate(data)
    with uow:
        if uow.session.get(Site, site_id) is None:
            raise NotFound(Message(N_("This site no longer exists.")))
        reported_at = now()
        row = Incident(
            site_id=site_id,
            occurred_at=data.occurred_at or reported_at,
            category=data.category,
            reported_by=actor.label,
            reported_at=reported_at,
        )
        row.place = clean(data.place) or None
        row.description = clean_lines(data.description)
        row.people_involved = clean_lines(data.people_involved) or None
        uow.session.add(row)
        uow.audit(
            actor,
            "incident.report",
            subject_type="incident",
            subject_id=row.id,
            site_id=site_id,
            details={"category": row.category},
        )
        view = _view(row, usernames(uow, {row.reported_by}))
        uow.commit()
        return view


def _matches(view: IncidentView, needle: str) -> bool:
    fields = (view.place, view.description, view.people_involved, view.reported_by_name)
    return any(needle in clean(f).casefold() for f in fields if f)


def search_incidents(
    uow: UnitOfWork,
    actor: Actor,
    site_id: str,
    text: str | None = None,
    category: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[IncidentView]:
    """The site's reports, newest first, filtered by category and time in the query and by
    ``text`` (case-insensitive, over place, description and people) in memory. Audited with
    counts only (never the search text)."""
    _require(actor, site_id)
    if category is not None and (problem := _category_problem(category)) is not None:
        raise ValidationFailed({"category": problem})
    if text is not None and (problem := check_text(text, Message(N_("the text")), False, 200)):
        raise ValidationFailed({"text": problem})
    needle = clean(text).casefold()
    with uow:
        query = select(Incident).where(Incident.site_id == site_id)
        if category is not None:
            query = query.where(Incident.category == category)
        if since is not None:
            query = query.where(Incident.occurred_at >= since)
        if until is not None:
            query = query.where(Incident.occurred_at < until)
        rows = uow.session.scalars(
            query.order_by(Incident.occurred_at.desc(), Incident.id.desc())
        ).all()
        # The text is sealed, so it cannot be searched in SQL; a site files few reports, so
        # opening them all and matching in memory is cheap (no blind index for free text).
        names = usernames(uow, {r.reported_by for r in rows})
        views = [_view(r, names) for r in rows]
        if needle:
            views = [v for v in views if _matches(v, needle)]
        uow.audit(
            actor,
            "incident.view",
            subject_type="incident_log",
            site_id=site_id,
            details={"incidents": len(views), "category": category, "text_search": bool(needle)},
        )
        uow.commit()
        return views
