"""Finding the employee a visitor has come to see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from core.validation import clean, has_control_chars
from db.crypto import normalise
from db.models import Employee

MAX_QUERY = 100


@dataclass(frozen=True)
class HostMatch:
    id: str
    name: str


def display_name(employee: Employee) -> str:
    return f"{employee.first_name} {employee.last_name}"


def search_hosts(
    uow: UnitOfWork, actor: Actor, site_id: str, query: str, limit: int = 8
) -> list[HostMatch]:
    """Active employees of the site whose first or last name starts with the query.

    Names are sealed, so the site's active employees are opened and matched in memory;
    a site has hundreds of employees, not millions of visitors.
    """
    require(actor, Permission.SEARCH_HOSTS, site_id)
    if has_control_chars(query):
        return []
    needle = normalise(clean(query))[:MAX_QUERY]
    if not needle:
        return []
    with uow:
        employees = uow.session.scalars(
            select(Employee).where(Employee.site_id == site_id, Employee.active.is_(True))
        ).all()
        matches = []
        for emp in employees:
            name = display_name(emp)
            words = normalise(name).split()
            if normalise(name).startswith(needle) or any(w.startswith(needle) for w in words):
                matches.append(HostMatch(emp.id, name))
    matches.sort(key=lambda m: normalise(m.name))
    return matches[:limit]
