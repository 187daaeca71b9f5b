import pytest
from pypdf import PdfReader
from sqlalchemy import select

from core.checkin import NOTIFY_HOST, check_in
from core.clock import now
from core.demo import seed
from core.mail import KEYRING_SERVICE, SmtpMailer, SmtpSettings, keyring_username
from core.outbox import MAX_ATTEMPTS, deliver_pending
from core.permissions import Actor
from core.printing import PrintFailed, SpoolPrinter
from db.models import AuditEntry, Employee, OutboxJob, Visit
from tests.core.helpers import host_id, site_id, walk_in
from tests.smtp import HOST, free_port

SENDER = "vartio@vartio-demo.fi"


class BrokenPrinter:
    def __init__(self):
        self.calls = 0

    def print_pdf(self, pdf, job_name):
        from core.messages import Message

        self.calls += 1
        raise PrintFailed(Message("The printer did not accept the badge."), "queue missing")


def _checked_in(app):
    return check_in(app.uow(), Actor.kiosk(site_id(app)), walk_in(app))


def test_badge_reaches_the_spool_and_the_token_is_forgotten(demo_app, tmp_path):
    app = demo_app.app
    result = _checked_in(app)
    outcomes = deliver_pending(app.uow, SpoolPrinter(tmp_path))
    assert [o.ok for o in outcomes] == [True]
    pdf = tmp_path / f"badge-{result.badge_job_id}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Kaisa" in text and "Aino Laine" in text
    assert "Testinen" not in text  # no last name on a badge
    with app.uow() as uow:
        job = uow.session.get(OutboxJob, result.badge_job_id)
        assert job.status == "done" and job.secret_enc is None


def test_printer_failure_keeps_the_job_and_a_retry_prints_it(demo_app, tmp_path):
    app = demo_app.app
    result = _checked_in(app)
    printer = BrokenPrinter()
    [outcome] = deliver_pending(app.uow, printer, [result.badge_job_id])
    assert not outcome.ok and outcome.message is not None
    with app.uow() as uow:
        job = uow.session.get(OutboxJob, result.badge_job_id)
        assert (job.status, job.attempts, job.last_error) == ("pending", 1, "queue missing")
        assert job.secret is not None
    # Not due yet: the back-off holds it, but reception can ask for it by id.
    assert deliver_pending(app.uow, SpoolPrinter(tmp_path)) == []
    [retry] = deliver_pending(app.uow, SpoolPrinter(tmp_path), [result.badge_job_id])
    assert retry.ok
    with app.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("outbox.failed") == 1 and actions.count("outbox.done") == 1


def test_spool_directory_that_cannot_be_written_is_a_print_failure(demo_app, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(PrintFailed):
        SpoolPrinter(blocker / "spool").print_pdf(b"%PDF", "x")


# Host notices (K9) against a real SMTP server on 127.0.0.1 (tests/smtp.py).


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def _mailer(port: int) -> SmtpMailer:
    return SmtpMailer(SmtpSettings(host=HOST, sender=SENDER, port=port, starttls=False, timeout=5))


def _notice_job(app, visit_id: str) -> OutboxJob:
    with app.uow() as uow:
        jobs = uow.session.scalars(select(OutboxJob).where(OutboxJob.kind == NOTIFY_HOST)).all()
        [job] = [j for j in jobs if j.payload["visit_id"] == visit_id]
        uow.session.expunge(job)
        return job


def test_check_in_notifies_the_host_by_mail(seeded, smtp_server, tmp_path):
    result = _checked_in(seeded)
    outcomes = deliver_pending(seeded.uow, SpoolPrinter(tmp_path), mailer=_mailer(smtp_server.port))
    assert [o.ok for o in outcomes] == [True, True]
    [envelope] = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == ["aino.laine@vartio-demo.fi"] and envelope.mail_from == SENDER
    [message] = smtp_server.inbox.messages()
    body = message.get_content()
    assert "Kaisa Testinen" in message["Subject"]
    for shown in ("Hello Aino,", "Kaisa Testinen", "Huolto Oy", "Meeting", "Helsinki HQ"):
        assert shown in body, shown
    assert "escort" in body  # the demo office floor needs one
    for hidden in ("+358", "765 4321", "kaisa.testinen@example.fi"):
        assert hidden not in message.as_string(), hidden
    job = _notice_job(seeded, result.visit_id)
    assert (job.status, job.attempts, job.last_error) == ("done", 1, None)
    # Delivered once: nothing is due any more and a named redelivery sends nothing.
    mailer = _mailer(smtp_server.port)
    assert deliver_pending(seeded.uow, SpoolPrinter(tmp_path), mailer=mailer) == []
    deliver_pending(seeded.uow, SpoolPrinter(tmp_path), [job.id], mailer=mailer)
    assert len(smtp_server.inbox.envelopes) == 1


def test_mail_server_down_keeps_the_notice_queued_until_it_is_back(seeded, start_smtp, tmp_path):
    result = _checked_in(seeded)
    port = free_port()  # nothing listens here yet
    job_id = _notice_job(seeded, result.visit_id).id
    before = now()
    [outcome] = deliver_pending(seeded.uow, SpoolPrinter(tmp_path), [job_id], _mailer(port))
    assert not outcome.ok and outcome.message is not None
    job = _notice_job(seeded, result.visit_id)
    assert (job.status, job.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in job.last_error
    assert job.next_attempt_at > before
    with seeded.uow() as uow:  # the check-in itself is untouched
        visit = uow.session.get(Visit, result.visit_id)
        assert visit.status == "on_site"
        assert uow.session.get(OutboxJob, result.badge_job_id).status == "pending"
    server = start_smtp(port=port)
    # Not due yet (back-off), but it can be delivered by id.
    assert deliver_pending(seeded.uow, BrokenPrinter(), [], _mailer(port)) == []
    [retry] = deliver_pending(seeded.uow, BrokenPrinter(), [job_id], _mailer(port))
    assert retry.ok and len(server.inbox.envelopes) == 1
    job = _notice_job(seeded, result.visit_id)
    assert (job.status, job.attempts, job.last_error) == ("done", 2, None)


def test_host_without_an_address_is_done_without_sending(seeded, smtp_server, tmp_path):
    host = host_id(seeded, site_id(seeded), "Aino")
    with seeded.uow() as uow:
        uow.session.get(Employee, host).email = None
        uow.commit()
    result = _checked_in(seeded)
    job_id = _notice_job(seeded, result.visit_id).id
    [outcome] = deliver_pending(seeded.uow, BrokenPrinter(), [job_id], _mailer(smtp_server.port))
    assert outcome.ok and smtp_server.inbox.envelopes == []
    assert _notice_job(seeded, result.visit_id).status == "done"
    with seeded.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).where(AuditEntry.subject_id == job_id)).one()
        assert entry.action == "outbox.done" and entry.details["note"] == "no address"


def test_without_a_mailer_notices_are_left_untouched(demo_app, tmp_path):
    app = demo_app.app
    result = _checked_in(app)
    job_id = _notice_job(app, result.visit_id).id
    assert [o.job_id for o in deliver_pending(app.uow, SpoolPrinter(tmp_path))] == [
        result.badge_job_id
    ]
    [named] = deliver_pending(app.uow, SpoolPrinter(tmp_path), [job_id])
    assert not named.ok
    job = _notice_job(app, result.visit_id)
    assert (job.status, job.attempts, job.last_error) == ("pending", 0, None)


def test_wrong_smtp_password_keeps_the_notice_queued(demo_app, start_smtp, tls, memory_keyring):
    app = demo_app.app
    server = start_smtp(tls=tls.server, login=("vartio", "correct horse"))
    settings = SmtpSettings(
        host=HOST, sender=SENDER, port=server.port, username="vartio", cafile=str(tls.cafile)
    )
    result = _checked_in(app)
    job_id = _notice_job(app, result.visit_id).id
    entry = (KEYRING_SERVICE, keyring_username("vartio"))
    try:
        memory_keyring.set_password(*entry, "battery staple")
        [failed] = deliver_pending(app.uow, BrokenPrinter(), [job_id], SmtpMailer(settings))
        assert not failed.ok and server.inbox.envelopes == []
        job = _notice_job(app, result.visit_id)
        assert (job.status, job.attempts) == ("pending", 1)
        assert job.last_error == "SMTPAuthenticationError 535"
        memory_keyring.set_password(*entry, "correct horse")
        [sent] = deliver_pending(app.uow, BrokenPrinter(), [job_id], SmtpMailer(settings))
        assert sent.ok and len(server.inbox.envelopes) == 1
    finally:
        memory_keyring.delete_password(*entry)


def test_a_notice_is_given_up_after_max_attempts_but_a_badge_never(demo_app):
    app = demo_app.app
    result = _checked_in(app)
    notice_id = _notice_job(app, result.visit_id).id
    with app.uow() as uow:
        for job_id in (notice_id, result.badge_job_id):
            uow.session.get(OutboxJob, job_id).attempts = MAX_ATTEMPTS - 1
        uow.commit()
    ids = [notice_id, result.badge_job_id]
    outcomes = deliver_pending(app.uow, BrokenPrinter(), ids, _mailer(free_port()))
    assert [o.ok for o in outcomes] == [False, False]
    with app.uow() as uow:
        notice = uow.session.get(OutboxJob, notice_id)
        badge = uow.session.get(OutboxJob, result.badge_job_id)
        assert (notice.status, notice.attempts) == ("failed", MAX_ATTEMPTS)
        assert (badge.status, badge.attempts) == ("pending", MAX_ATTEMPTS)
        assert badge.secret is not None  # still printable by id
        actions = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject_id == notice_id)
        ).all()
    assert actions == ["outbox.gave_up"]
