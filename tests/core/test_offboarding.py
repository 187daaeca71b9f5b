"""A4 offboarding, on SQLite and PostgreSQL: a case from the best template, tasks that act in
the same transaction (the door refuses at once), the exit reminder, closing only when nothing
is open, the stored certificate, the overdue counts and who may do any of it."""

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.clock import now
from core.door import check_door
from core.door_policy import DoorReason
from core.errors import AuthenticationFailed, NotFound, PermissionDenied
from core.issued_items import issue_item, return_item, write_off_item
from core.offboarding import (
    DEFAULT_TASKS,
    CaseRefused,
    TaskAction,
    case_view,
    certificate_pdf,
    close_case,
    complete_task,
    ensure_default_template,
    list_cases,
    overdue_summary,
    start_case,
)
from core.permissions import Actor, Role
from core.users import NewUser, authenticate_password, create_user
from db.hr_models import (
    IssuedItem,
    OffboardingCase,
    OffboardingTask,
    OffboardingTemplate,
    OffboardingTemplateTask,
)
from db.models import (
    AgreementSignature,
    AgreementTemplate,
    AuditEntry,
    Employee,
    EscortAuthorisation,
    UserAccount,
)
from tests.core.helpers import site_id
from tests.core.test_door import employee, escort_token, guard, seeded, visit_with_room, zone_id
from tests.forms.pdf import text

__all__ = ["seeded"]  # the fixture, shared with the door tests


@pytest.fixture
def ready(seeded):
    with seeded.uow() as uow:
        ensure_default_template(uow)
        uow.commit()
    return seeded


def hr(app, *codes):
    sites = frozenset(site_id(app, code) for code in codes or ("hel",))
    return Actor(kind="user", id="hr", roles=frozenset({Role.HR}), site_ids=sites)


def today():
    return now().date()


def tasks(app, case_id):
    with app.uow() as uow:
        rows = uow.session.scalars(
            select(OffboardingTask)
            .where(OffboardingTask.case_id == case_id)
            .order_by(OffboardingTask.position)
        ).all()
        return {TaskAction(t.action): t.id for t in rows}


def state(app):
    """Everything offboarding could change, as plain values."""
    with app.uow() as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(AuditEntry)),
            s.execute(select(OffboardingCase.id, OffboardingCase.status)).all(),
            s.execute(select(OffboardingTask.id, OffboardingTask.done_at)).all(),
            s.execute(select(IssuedItem.id, IssuedItem.status)).all(),
            s.execute(select(Employee.id, Employee.active, Employee.left_on)).all(),
            s.execute(select(Employee.id, Employee.badge_token_hash)).all(),
            s.execute(select(UserAccount.id, UserAccount.active)).all(),
            s.execute(select(EscortAuthorisation.id, EscortAuthorisation.revoked_at)).all(),
        )


def sign_exit_reminder(app, employee_id, at=None):
    with app.uow() as uow:
        version = 1 + uow.session.scalar(select(func.count()).select_from(AgreementTemplate))
        template = AgreementTemplate(
            kind="exit_reminder", language="en", version=version, title="Exit", body="Secrets."
        )
        pdf = b"%PDF-1.7 exit reminder"
        signature = AgreementSignature(
            template_id=template.id,
            employee_id=employee_id,
            signed_at=at or now(),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        signature.pdf = pdf
        uow.session.add_all([template, signature])
        uow.commit()
        return signature.pdf_sha256


def test_the_default_template_is_seeded_once(ready):
    with ready.uow() as uow:
        first = ensure_default_template(uow)
        uow.commit()
    with ready.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(OffboardingTemplate)) == 1
        template = uow.session.get(OffboardingTemplate, first)
        assert template.site_id is None and template.staff_kind is None
        actions = [t.action for t in template.tasks]
    assert actions == [a.value for _t, _r, _o, a in DEFAULT_TASKS]
    assert set(actions) == set(TaskAction)


def test_a_case_gets_the_templates_tasks_with_due_dates_and_owners(ready):
    korhonen, last_day = employee(ready, "Korhonen"), today() + timedelta(days=10)
    case_id = start_case(ready.uow(), hr(ready), korhonen, last_day)
    view = case_view(ready.uow(), hr(ready), case_id)
    assert view.status == "open" and view.employee_name == "Mikko Korhonen"
    assert view.opened_by == "user:hr" and view.last_day == last_day
    for task, (title, role, offset, action) in zip(view.tasks, DEFAULT_TASKS, strict=True):
        assert (task.title, task.owner_role, task.action) == (title, role, action)
        assert task.due_on == last_day + timedelta(days=offset) and task.done_at is None
    with ready.uow() as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "offboarding.start")
        ).one()
        assert entry.subject_id == case_id and entry.details["employee"] == korhonen
        assert "Korhonen" not in str(entry.details)
    before = state(ready)
    with pytest.raises(CaseRefused, match="already has an open"):
        start_case(ready.uow(), hr(ready), korhonen, last_day)
    assert state(ready) == before


def _template(app, name, site=None, staff_kind=None, active=True):
    with app.uow() as uow:
        template = OffboardingTemplate(
            name=name, site_id=site, staff_kind=staff_kind, active=active
        )
        uow.session.add(template)
        uow.session.add(
            OffboardingTemplateTask(
                template_id=template.id, position=1, title=name, offset_days=3, owner_role="hr"
            )
        )
        uow.commit()
        return template.id


def test_the_best_template_is_chosen(ready):
    hel, esp = site_id(ready, "hel"), site_id(ready, "esp")
    _template(ready, "Espoo", site=esp)
    _template(ready, "Contractors", staff_kind="contractor")
    _template(ready, "Helsinki, retired", site=hel, active=False)
    laine, korhonen = employee(ready, "Laine"), employee(ready, "Korhonen")
    with ready.uow() as uow:
        uow.session.get(Employee, laine).staff_kind = "contractor"
        uow.commit()

    def titles(case_id):
        return [t.title for t in case_view(ready.uow(), hr(ready, "hel", "esp"), case_id).tasks]

    assert titles(start_case(ready.uow(), hr(ready), laine, today())) == ["Contractors"]
    generic = start_case(ready.uow(), hr(ready), korhonen, today())
    assert len(titles(generic)) == len(DEFAULT_TASKS)
    _template(ready, "Helsinki employees", site=hel, staff_kind="employee")
    _template(ready, "Helsinki", site=hel)
    heikkinen = employee(ready, "Heikkinen")
    assert titles(start_case(ready.uow(), hr(ready, "esp"), heikkinen, today())) == ["Espoo"]
    wei = employee(ready, "Wei")
    assert titles(start_case(ready.uow(), hr(ready), wei, today())) == ["Helsinki employees"]


def test_no_template_refuses(seeded):
    with seeded.uow() as uow:  # the demo's default template retired
        for template in uow.session.scalars(select(OffboardingTemplate)):
            template.active = False
        uow.commit()
    before = state(seeded)
    with pytest.raises(CaseRefused, match="no offboarding template"):
        start_case(seeded.uow(), hr(seeded), employee(seeded, "Korhonen"), today())
    assert state(seeded) == before


def test_revoke_escorts_makes_the_door_refuse_at_once(ready):
    _, token = visit_with_room(ready)
    escort = escort_token(ready)
    assert check_door(ready.uow(), guard(ready), zone_id(ready), token, escort).allowed
    korhonen = employee(ready, "Korhonen")
    case_id = start_case(ready.uow(), hr(ready), korhonen, today())
    done = complete_task(ready.uow(), hr(ready), tasks(ready, case_id)[TaskAction.REVOKE_ESCORTS])
    assert done.done_by == "user:hr" and done.done_at is not None
    result = check_door(ready.uow(), guard(ready), zone_id(ready), token, escort)
    assert not result.allowed and result.reason is DoorReason.ESCORT_NOT_AUTHORISED
    with ready.uow() as uow:
        grants = uow.session.scalars(
            select(EscortAuthorisation).where(EscortAuthorisation.employee_id == korhonen)
        ).all()
        assert grants and all(g.revoked_by == "user:hr" for g in grants)
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "offboarding.task_done")
        ).one()
        assert entry.details["action"] == "revoke_escorts"
        assert entry.details["authorisations"] == len(grants)


def test_revoke_badge_makes_the_badge_unknown(ready):
    _, token = visit_with_room(ready)
    escort = escort_token(ready)
    case_id = start_case(ready.uow(), hr(ready), employee(ready, "Korhonen"), today())
    complete_task(ready.uow(), hr(ready), tasks(ready, case_id)[TaskAction.REVOKE_BADGE])
    result = check_door(ready.uow(), guard(ready), zone_id(ready), token, escort)
    assert not result.allowed and result.reason is DoorReason.UNKNOWN_ESCORT


def test_disable_account_stops_the_login(ready):
    korhonen = employee(ready, "Korhonen")
    account = create_user(
        ready.uow(),
        Actor.system("test"),
        NewUser(
            username="mikko", password="mikko-password-1", roles=(Role.HR,), site_codes=("hel",)
        ),
    )
    with ready.uow() as uow:
        uow.session.get(UserAccount, account).employee_id = korhonen
        uow.commit()
    assert authenticate_password(ready.uow(), "mikko", "mikko-password-1").id == account
    case_id = start_case(ready.uow(), hr(ready), korhonen, today())
    complete_task(ready.uow(), hr(ready), tasks(ready, case_id)[TaskAction.DISABLE_ACCOUNT])
    with pytest.raises(AuthenticationFailed):
        authenticate_password(ready.uow(), "mikko", "mikko-password-1")


def test_exit_reminder_needs_a_signature_made_after_the_case_opened(ready):
    korhonen = employee(ready, "Korhonen")
    sign_exit_reminder(ready, korhonen, at=now() - timedelta(days=400))
    case_id = start_case(ready.uow(), hr(ready), korhonen, today())
    task = tasks(ready, case_id)[TaskAction.EXIT_REMINDER]
    before = state(ready)
    with pytest.raises(CaseRefused, match="not signed the exit confidentiality reminder"):
        complete_task(ready.uow(), hr(ready), task)
    assert state(ready) == before
    sign_exit_reminder(ready, korhonen)
    assert complete_task(ready.uow(), hr(ready), task, "Signed at the desk").note == (
        "Signed at the desk"
    )
    with pytest.raises(CaseRefused, match="already done"):
        complete_task(ready.uow(), hr(ready), task)


def _finish(app, case_id, korhonen, skip=None):
    sign_exit_reminder(app, korhonen)
    for action, task in tasks(app, case_id).items():
        if action is not skip:
            complete_task(app.uow(), hr(app), task)


def test_the_case_closes_only_with_nothing_open_and_stores_its_certificate(ready):
    korhonen, last_day = employee(ready, "Korhonen"), today() + timedelta(days=1)
    laptop = issue_item(ready.uow(), hr(ready), korhonen, "device", "Laptop", serial="LT-77")
    key = issue_item(ready.uow(), hr(ready), korhonen, "key", "Server room key")
    case_id = start_case(ready.uow(), hr(ready), korhonen, last_day)
    _finish(ready, case_id, korhonen, skip=TaskAction.NONCOMPETE_LETTER)
    before = state(ready)
    with pytest.raises(CaseRefused, match="1 task"):
        close_case(ready.uow(), hr(ready), case_id)
    assert state(ready) == before
    complete_task(ready.uow(), hr(ready), tasks(ready, case_id)[TaskAction.NONCOMPETE_LETTER])
    return_item(ready.uow(), hr(ready), laptop, "good")
    before = state(ready)
    with pytest.raises(CaseRefused, match="1 issued item"):
        close_case(ready.uow(), hr(ready), case_id)
    with pytest.raises(NotFound, match="still open"):
        certificate_pdf(ready.uow(), hr(ready), case_id)
    assert state(ready) == before
    write_off_item(ready.uow(), hr(ready), key, "Lost")

    closed = close_case(ready.uow(), hr(ready), case_id)
    assert closed.status == "closed" and closed.closed_by == "user:hr"
    assert closed.open_tasks == 0 and closed.open_items == 0
    pdf = certificate_pdf(ready.uow(), hr(ready), case_id)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == closed.certificate_sha256
    with ready.uow() as uow:
        case = uow.session.get(OffboardingCase, case_id)
        assert case.certificate_sha256 == closed.certificate_sha256
        assert b"%PDF" not in case.certificate_enc  # sealed at rest
        emp = uow.session.get(Employee, korhonen)
        assert emp.left_on == last_day and not emp.active
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "offboarding.close")
        ).one()
        assert entry.details["certificate_sha256"] == closed.certificate_sha256
    shown = text(pdf)
    for fact in ("Mikko Korhonen", "Device", "Key", "Returned", "Written off", "LT-77", "Lost"):
        assert fact in shown, fact
    assert "Exit confidentiality reminder" in shown and "Task done" in shown
    with pytest.raises(CaseRefused, match="closed"):
        close_case(ready.uow(), hr(ready), case_id)
    # a new case for someone who has left is refused
    with pytest.raises(CaseRefused, match="already left"):
        start_case(ready.uow(), hr(ready), korhonen, today())


def test_overdue_and_due_soon_per_site_and_the_case_list(ready):
    hel, esp = site_id(ready, "hel"), site_id(ready, "esp")
    late = start_case(ready.uow(), hr(ready), employee(ready, "Korhonen"), today() - timedelta(3))
    start_case(ready.uow(), hr(ready), employee(ready, "Laine"), today() + timedelta(days=2))
    complete_task(ready.uow(), hr(ready), tasks(ready, late)[TaskAction.NONCOMPETE_LETTER])
    n = len(DEFAULT_TASKS)
    both = hr(ready, "hel", "esp")
    summary = overdue_summary(ready.uow(), both)
    assert set(summary) == {hel, esp}
    # Laine: last day in 2 days, the exit reminder a day before: all due soon
    assert (summary[hel].overdue, summary[hel].due_soon) == (n - 1, n)
    assert (summary[esp].overdue, summary[esp].due_soon) == (0, 0)
    assert set(overdue_summary(ready.uow(), hr(ready))) == {hel}
    assert set(overdue_summary(ready.uow(), both, [esp])) == {esp}
    with pytest.raises(PermissionDenied):
        overdue_summary(ready.uow(), hr(ready), [esp])
    cases = list_cases(ready.uow(), hr(ready), hel)
    assert [c.employee_name for c in cases] == ["Mikko Korhonen", "Aino Laine"]
    assert (cases[0].open_tasks, cases[0].overdue_tasks) == (n - 1, n - 1)
    assert list_cases(ready.uow(), both, esp) == []


@pytest.mark.parametrize("who", ["hr_other_site", "security", "reception", "kiosk", "inactive_hr"])
def test_refused_for_the_wrong_people_and_nothing_written(ready, who):
    korhonen = employee(ready, "Korhonen")
    case_id = start_case(ready.uow(), hr(ready), korhonen, today())
    hel = site_id(ready)
    actor = {
        "hr_other_site": hr(ready, "esp"),
        "security": Actor(kind="user", id="g", roles=frozenset({Role.SECURITY}), site_ids={hel}),
        "reception": Actor(kind="user", id="r", roles=frozenset({Role.RECEPTION}), site_ids={hel}),
        "kiosk": Actor.kiosk(hel),
        "inactive_hr": Actor(
            kind="user", id="h", roles=frozenset({Role.HR}), site_ids={hel}, active=False
        ),
    }[who]
    task = tasks(ready, case_id)[TaskAction.REVOKE_ESCORTS]
    before = state(ready)
    for call, args in (
        (start_case, (employee(ready, "Laine"), today())),
        (complete_task, (task,)),
        (close_case, (case_id,)),
        (case_view, (case_id,)),
        (certificate_pdf, (case_id,)),
        (list_cases, (hel,)),
        (overdue_summary, ([hel],)),
    ):
        with pytest.raises(PermissionDenied):
            call(ready.uow(), actor, *args)
    assert state(ready) == before
    assert hel not in overdue_summary(ready.uow(), actor)
