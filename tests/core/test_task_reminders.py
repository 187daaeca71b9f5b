"""A4 reminders (SQLite and PostgreSQL): overdue and soon-due offboarding tasks are mailed
through the outbox to their owners, once a day per person, to a real SMTP server."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import now
from core.demo import seed
from core.mail import SmtpMailer, SmtpSettings
from core.offboarding import complete_task, start_case
from core.outbox import deliver_pending
from core.permissions import Actor
from core.printing import SpoolPrinter
from core.task_reminders import TASK_REMINDER, queue_task_reminders
from db.hr_models import OffboardingTask
from db.models import Employee, OutboxJob, UserAccount


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def _employee(app, last):
    with app.uow() as uow:
        return next(e.id for e in uow.session.scalars(select(Employee)) if e.last_name == last)


def _link(app, username, last):
    """The account belongs to the employee (whose e-mail the reminder goes to)."""
    employee_id = _employee(app, last)
    with app.uow() as uow:
        account = uow.session.scalars(
            select(UserAccount).where(UserAccount.username == username)
        ).one()
        account.employee_id = employee_id
        uow.commit()


def _mailer(server):
    return SmtpMailer(SmtpSettings(host="127.0.0.1", port=server.port, starttls=False,
                                   sender="vartio@example.fi"))  # fmt: skip


def test_owners_get_one_reminder_a_day_with_what_is_due(seeded, smtp_server, tmp_path):
    _link(seeded, "hr", "Laine")  # HR of both sites: the "hr" role's tasks
    leaver = _employee(seeded, "Korhonen")
    today = now().date()
    case = start_case(seeded.uow(), Actor.system(), leaver, today + timedelta(days=1))
    assert queue_task_reminders(seeded.uow) == 1  # admin tasks: the admin has no e-mail
    assert queue_task_reminders(seeded.uow) == 0  # once a day
    outcomes = deliver_pending(seeded.uow, SpoolPrinter(tmp_path), mailer=_mailer(smtp_server),
                               kinds=(TASK_REMINDER,))  # fmt: skip
    assert [o.ok for o in outcomes] == [True]
    [mail] = smtp_server.inbox.messages()
    body = mail.get_content()
    assert mail["Subject"] == "Offboarding tasks due: 5"
    assert "Mikko Korhonen" in body and "Revoke the employee badge" in body
    assert "Disable the employee's user accounts" not in body  # the administrator's task
    with seeded.uow() as uow:
        job = uow.session.scalars(select(OutboxJob).where(OutboxJob.kind == TASK_REMINDER)).one()
        assert job.status == "done" and "Korhonen" not in str(job.payload)
        assert set(job.payload["tasks"]) <= set(
            uow.session.scalars(select(OffboardingTask.id).where(OffboardingTask.case_id == case))
        )


def test_tasks_done_before_sending_drop_out_and_far_tasks_wait(seeded, smtp_server, tmp_path):
    _link(seeded, "hr", "Laine")
    leaver = _employee(seeded, "Korhonen")
    far = start_case(seeded.uow(), Actor.system(), leaver, now().date() + timedelta(days=30))
    assert queue_task_reminders(seeded.uow) == 0  # nothing due within 2 days
    with seeded.uow() as uow:
        for task in uow.session.scalars(
            select(OffboardingTask).where(OffboardingTask.case_id == far)
        ):
            task.due_on = now().date() - timedelta(days=3)
        uow.commit()
        ids = list(
            uow.session.scalars(select(OffboardingTask.id).where(OffboardingTask.case_id == far))
        )
    assert queue_task_reminders(seeded.uow) == 1
    for task_id in ids:  # all done before the mail goes out (the exit reminder needs a
        try:  # signature and stays open)
            complete_task(seeded.uow(), Actor.system(), task_id)
        except Exception:  # noqa: S112
            continue
    outcomes = deliver_pending(seeded.uow, SpoolPrinter(tmp_path), mailer=_mailer(smtp_server),
                               kinds=(TASK_REMINDER,))  # fmt: skip
    assert [o.ok for o in outcomes] == [True]
    [mail] = smtp_server.inbox.messages()
    assert mail["Subject"] == "Offboarding tasks due: 1"
    assert "overdue since" in mail.get_content()


def test_without_a_mail_server_reminders_wait(seeded, tmp_path):
    _link(seeded, "hr", "Laine")
    start_case(seeded.uow(), Actor.system(), _employee(seeded, "Korhonen"), now().date())
    assert queue_task_reminders(seeded.uow) == 1
    assert deliver_pending(seeded.uow, SpoolPrinter(tmp_path), kinds=(TASK_REMINDER,)) == []
    with seeded.uow() as uow:
        job = uow.session.scalars(select(OutboxJob).where(OutboxJob.kind == TASK_REMINDER)).one()
        assert job.status == "pending" and job.attempts == 0
