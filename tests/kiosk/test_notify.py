"""K9 at the kiosk: the host's e-mail leaves in the background once the visitor is checked in,
and a mail server that is down changes nothing for the visitor."""

from sqlalchemy import select

from core.checkin import NOTIFY_HOST
from core.mail import SmtpMailer, SmtpSettings
from db.models import OutboxJob
from kiosk.screens.finish import State
from tests.kiosk.conftest import click, fill_form, read_to_end, sign, to_agreement, to_form
from tests.smtp import HOST, free_port


def _mailer(port: int) -> SmtpMailer:
    return SmtpMailer(
        SmtpSettings(host=HOST, sender="kiosk@example.fi", port=port, starttls=False, timeout=3)
    )


def _check_in(qtbot, window) -> None:
    to_form(qtbot, window)
    fill_form(qtbot, window, first_name="Ville")
    to_agreement(qtbot, window)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)


def _notice_job(app):
    with app.uow() as uow:
        job = uow.session.scalars(select(OutboxJob).where(OutboxJob.kind == NOTIFY_HOST)).one()
        return job.status, job.attempts


def test_the_host_gets_an_e_mail(qtbot, make_kiosk, demo_app, smtp_server):
    window = make_kiosk(mailer=_mailer(smtp_server.port))
    _check_in(qtbot, window)
    qtbot.waitUntil(lambda: len(smtp_server.inbox.envelopes) == 1, timeout=10_000)
    [message] = smtp_server.inbox.messages()
    assert message["To"] == "aino.laine@vartio-demo.fi"
    assert "Ville Testinen" in message.get_body().get_content()
    qtbot.waitUntil(lambda: _notice_job(demo_app.app) == ("done", 1))


def test_mail_server_down_keeps_the_notice_queued(qtbot, make_kiosk, demo_app):
    window = make_kiosk(mailer=_mailer(free_port()))
    _check_in(qtbot, window)
    assert "Please take your badge" in " ".join(line.text() for line in window.finish.lines)
    qtbot.waitUntil(lambda: _notice_job(demo_app.app) == ("pending", 1), timeout=10_000)


def test_without_a_mail_server_the_notice_waits(qtbot, make_kiosk, demo_app):
    window = make_kiosk()
    _check_in(qtbot, window)
    window.outbox.nudge()
    assert not window.outbox.runner.busy
    assert _notice_job(demo_app.app) == ("pending", 0)
