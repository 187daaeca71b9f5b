import pytest
from pypdf import PdfReader
from sqlalchemy import select

from core.checkin import check_in
from core.outbox import deliver_pending
from core.permissions import Actor
from core.printing import PrintFailed, SpoolPrinter
from db.models import AuditEntry, OutboxJob
from tests.core.helpers import site_id, walk_in


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
