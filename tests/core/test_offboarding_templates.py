"""A4 templates (SQLite and PostgreSQL): added per site and staff kind with owners and offsets,
chosen for new cases over the company-wide one, retired without touching open cases."""

from datetime import date

import pytest
from sqlalchemy import select

from core.demo import seed
from core.errors import PermissionDenied, ValidationFailed
from core.offboarding import case_view, start_case
from core.offboarding_templates import TaskSpec, add_template, list_templates, retire_template
from core.permissions import Actor, Role
from db.hr_models import OffboardingTemplate
from db.models import Employee
from tests.core.helpers import count, site_id


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def _employee(app, last):
    with app.uow() as uow:
        return next(e.id for e in uow.session.scalars(select(Employee)) if e.last_name == last)


TASKS = [
    TaskSpec("Collect the customer keys", offset_days=-2, owner_role="hr"),
    TaskSpec("Disable the accounts", owner_username="admin", action="disable_account"),
]


def test_a_sites_template_is_used_for_new_cases_until_retired(seeded):
    hel = site_id(seeded, "hel")
    hr = user(Role.HR, hel)
    template = add_template(seeded.uow(), hr, "Helsinki leavers", TASKS, site_id=hel)
    case = start_case(seeded.uow(), hr, _employee(seeded, "Korhonen"), date(2026, 12, 31))
    tasks = case_view(seeded.uow(), hr, case).tasks
    assert [(t.title, t.due_on, t.owner_role) for t in tasks] == [
        ("Collect the customer keys", date(2026, 12, 29), "hr"),
        ("Disable the accounts", date(2026, 12, 31), None),
    ]
    assert tasks[1].owner_user_id is not None and tasks[1].action == "disable_account"
    [listed] = [t for t in list_templates(seeded.uow(), hr, hel) if t.id == template]
    assert listed.tasks[1].owner_username == "admin" and listed.active
    retire_template(seeded.uow(), hr, template)
    assert case_view(seeded.uow(), hr, case).tasks == tasks  # the open case keeps its tasks
    other = start_case(seeded.uow(), hr, _employee(seeded, "Laine"), date(2026, 12, 31))
    assert len(case_view(seeded.uow(), hr, other).tasks) == 6  # back to the default template


def test_bad_templates_name_every_problem_and_write_nothing(seeded):
    hel = site_id(seeded, "hel")
    before = count(seeded, OffboardingTemplate)
    bad = [
        TaskSpec("", owner_role="hr"),
        TaskSpec("Far away", offset_days=1000, owner_role="hr"),
        TaskSpec("Nobody", owner_username="no-such-user"),
        TaskSpec("No owner"),
        TaskSpec("Odd", owner_role="hr", action="launch_rocket"),
    ]
    with pytest.raises(ValidationFailed) as exc:
        add_template(seeded.uow(), user(Role.HR, hel), "x", bad, site_id=hel, staff_kind="intern")
    assert set(exc.value.errors) == {
        "staff_kind", "tasks[1].title", "tasks[2].offset_days", "tasks[3].owner",
        "tasks[4].owner", "tasks[5].action",
    }  # fmt: skip
    with pytest.raises(ValidationFailed):
        add_template(seeded.uow(), user(Role.HR, hel), "x", [], site_id=hel)
    assert count(seeded, OffboardingTemplate) == before


def test_only_hr_and_administrators_and_company_wide_needs_every_site(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    for actor in (user(Role.HR, esp), user(Role.SECURITY, hel), user(Role.RECEPTION, hel)):
        with pytest.raises(PermissionDenied):
            add_template(seeded.uow(), actor, "x", TASKS, site_id=hel)
    with pytest.raises(PermissionDenied):  # company-wide: not for HR of some sites
        add_template(seeded.uow(), user(Role.HR, hel, esp), "x", TASKS)
    assert add_template(seeded.uow(), Actor.system(), "Company", TASKS, staff_kind="contractor")
