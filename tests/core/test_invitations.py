"""Pre-registration and the invited check-in (A2, K3), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.checkin import NOTIFY_HOST, PRINT_BADGE
from core.clock import now
from core.demo import seed
from core.denylist import add_entry
from core.errors import PermissionDenied, ValidationFailed
from core.invitations import (
    SEND_INVITATION,
    InvitationProblem,
    InvitationRefused,
    PreRegistration,
    check_in_invited,
    invitation_preview,
    look_up_invitation,
    pre_register,
)
from core.mail import SmtpMailer, SmtpSettings
from core.outbox import deliver_pending
from core.permissions import Actor
from core.printing import SpoolPrinter
from core.security import new_token
from db.models import (
    AgreementSignature,
    AgreementTemplate,
    Alert,
    AuditEntry,
    Badge,
    Invitation,
    OutboxJob,
    Visit,
)
from tests.core.helpers import PNG, host_id, site_id
from tests.forms.pdf import HAVE_PDFTOPPM, rasterise
from tests.smtp import HOST, free_port

HEL = ZoneInfo("Europe/Helsinki")
ADMIN = Actor.system("test")


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def registration(app, days: int = 0, **overrides) -> PreRegistration:
    site = overrides.pop("site_id", None) or site_id(app)
    day = (now().astimezone(HEL) + timedelta(days=days)).date()
    values = dict(
        site_id=site,
        host_id=host_id(app, site, "Aino"),
        first_name="Matti",
        last_name="Meikäläinen",
        company="Acme Oy",
        email="matti@example.fi",
        phone="",
        purpose="meeting",
        language="fi",
        expected_start=datetime.combine(day, time(0, 0), tzinfo=HEL),
        expected_end=datetime.combine(day, time(23, 0), tzinfo=HEL),
    )
    values.update(overrides)
    return PreRegistration(**values)


def invite(app, days: int = 0, **overrides):
    return pre_register(app.uow(), ADMIN, registration(app, days, **overrides))


def kiosk(app, code: str = "hel") -> Actor:
    return Actor.kiosk(site_id(app, code))


def test_pre_register_writes_visit_invitation_mail_job_and_audit(seeded):
    invited = invite(seeded)
    assert len(invited.token) >= 27 and invited.mail_job_id
    with seeded.uow() as uow:
        visit = uow.session.get(Visit, invited.visit_id)
        assert visit.status == "expected" and visit.language == "fi"
        assert visit.visitor.first_name == "Matti" and visit.visitor.email_index
        invitation = uow.session.get(Invitation, invited.invitation_id)
        assert invitation.token_hash != invited.token and invitation.used_at is None
        assert invitation.expires_at.astimezone(HEL).time() == time(23, 59, 59)
        job = uow.session.get(OutboxJob, invited.mail_job_id)
        assert job.kind == SEND_INVITATION and job.secret == invited.token
        assert job.payload == {"invitation_id": invited.invitation_id}
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "visit.pre_register")
        ).one()
        assert entry.subject_id == invited.visit_id


def test_no_email_no_mail_job(seeded):
    invited = invite(seeded, email="", phone="+358 40 123 4567")
    assert invited.mail_job_id is None


def test_invalid_registration_is_refused_per_field(seeded):
    with pytest.raises(ValidationFailed) as caught:
        invite(seeded, first_name="", email="not-an-address", purpose="party")
    assert {"first_name", "email", "purpose"} <= set(caught.value.errors)
    reg = registration(seeded)
    with pytest.raises(ValidationFailed) as caught:
        pre_register(
            seeded.uow(),
            ADMIN,
            PreRegistration(**{**reg.__dict__, "expected_end": reg.expected_start}),
        )
    assert set(caught.value.errors) == {"expected_end"}


def test_kiosk_may_not_pre_register(seeded):
    with pytest.raises(PermissionDenied):
        pre_register(seeded.uow(), kiosk(seeded), registration(seeded))


def test_preview_then_check_in_then_second_use_refused(seeded):
    invited = invite(seeded)
    actor = kiosk(seeded)
    preview = invitation_preview(seeded.uow(), actor, invited.token)
    assert preview is not None
    assert (preview.visitor_first_name, preview.host_name) == ("Matti", "Aino Laine")
    assert (preview.purpose, preview.language, preview.visit_id) == (
        "meeting",
        "fi",
        invited.visit_id,
    )
    assert preview.site_name.startswith("Helsinki HQ")

    template = _nda_template(seeded, "fi")
    result = check_in_invited(seeded.uow(), actor, invited.token, template, PNG)
    assert result.visit_id == invited.visit_id and result.visitor_first_name == "Matti"
    with seeded.uow() as uow:
        visit = uow.session.get(Visit, invited.visit_id)
        assert visit.status == "on_site" and visit.checked_in_at is not None
        assert uow.session.get(Invitation, invited.invitation_id).used_at is not None
        [badge] = uow.session.scalars(select(Badge).where(Badge.visit_id == visit.id)).all()
        assert badge.expires_at == result.valid_until
        kinds = {
            j.kind: j
            for j in uow.session.scalars(select(OutboxJob)).all()
            if j.payload.get("visit_id") == visit.id
        }
        assert set(kinds) == {PRINT_BADGE, NOTIFY_HOST}
        assert kinds[PRINT_BADGE].id == result.badge_job_id
        assert kinds[NOTIFY_HOST].id == result.notify_job_id
        signature = uow.session.scalars(
            select(AgreementSignature).where(AgreementSignature.visitor_id == visit.visitor_id)
        ).one()
        assert signature.pdf.startswith(b"%PDF") and signature.signature == PNG
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "visit.check_in")
        ).one()
        assert entry.details["invited"] is True and entry.subject_id == visit.id

    assert invitation_preview(seeded.uow(), actor, invited.token) is None
    lookup = look_up_invitation(seeded.uow(), actor, invited.token)
    assert lookup.problem is InvitationProblem.USED
    with pytest.raises(InvitationRefused) as caught:
        check_in_invited(seeded.uow(), actor, invited.token)
    assert caught.value.reason is InvitationProblem.USED
    assert "already been used" in str(caught.value)


def _nda_template(app, language: str) -> str:
    with app.uow() as uow:
        return uow.session.scalar(
            select(AgreementTemplate.id).where(AgreementTemplate.language == language)
        )


@pytest.mark.parametrize(
    ("days", "problem"), [(-1, InvitationProblem.EXPIRED), (2, InvitationProblem.NOT_YET)]
)
def test_expired_and_early_invitations_are_refused(seeded, days, problem):
    invited = invite(seeded, days=days)
    actor = kiosk(seeded)
    assert look_up_invitation(seeded.uow(), actor, invited.token).problem is problem
    with pytest.raises(InvitationRefused) as caught:
        check_in_invited(seeded.uow(), actor, invited.token)
    assert caught.value.reason is problem
    with seeded.uow() as uow:
        assert uow.session.get(Visit, invited.visit_id).status == "expected"


def test_cancelled_visit_is_refused(seeded):
    invited = invite(seeded)
    with seeded.uow() as uow:
        uow.session.get(Visit, invited.visit_id).status = "cancelled"
        uow.commit()
    lookup = look_up_invitation(seeded.uow(), kiosk(seeded), invited.token)
    assert lookup.problem is InvitationProblem.CANCELLED


def test_other_sites_kiosk_is_refused(seeded):
    invited = invite(seeded)
    other = kiosk(seeded, "esp")
    with pytest.raises(PermissionDenied):
        invitation_preview(seeded.uow(), other, invited.token)
    with pytest.raises(PermissionDenied):
        check_in_invited(seeded.uow(), other, invited.token)
    with seeded.uow() as uow:
        assert uow.session.get(Invitation, invited.invitation_id).used_at is None


def test_unknown_token(seeded):
    actor = kiosk(seeded)
    assert invitation_preview(seeded.uow(), actor, new_token()) is None
    lookup = look_up_invitation(seeded.uow(), actor, new_token())
    assert lookup.problem is InvitationProblem.UNKNOWN
    with pytest.raises(InvitationRefused) as caught:
        check_in_invited(seeded.uow(), actor, new_token())
    assert caught.value.reason is InvitationProblem.UNKNOWN


def test_demo_invitations_work_at_the_kiosk(demo_app):
    app, info = demo_app
    token = info.invitation_tokens["Maria Virtanen"]
    preview = invitation_preview(app.uow(), kiosk(app), token)
    assert preview is not None and preview.visitor_first_name == "Maria"
    assert check_in_invited(app.uow(), kiosk(app), token).host_name == "Aino Laine"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(token=st.text(max_size=300))
def test_random_tokens_are_never_an_invitation(demo_app, token):
    app, _info = demo_app
    assert invitation_preview(app.uow(), kiosk(app), token) is None


# The invitation e-mail, through the outbox, to a real SMTP server (tests/smtp.py).


def _mailer(port: int) -> SmtpMailer:
    return SmtpMailer(
        SmtpSettings(
            host=HOST, sender="vartio@vartio-demo.fi", port=port, starttls=False, timeout=5
        )
    )


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) not installed")
def test_invitation_mail_carries_the_pdf_with_the_token(seeded, smtp_server, tmp_path):
    from core.scanning import decode

    invited = invite(seeded, language="en")
    outcomes = deliver_pending(
        seeded.uow, SpoolPrinter(tmp_path), [invited.mail_job_id], mailer=_mailer(smtp_server.port)
    )
    assert [o.ok for o in outcomes] == [True]
    [envelope] = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == ["matti@example.fi"]
    [message] = smtp_server.inbox.messages()
    assert "Helsinki HQ" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Aino Laine" in body and "kiosk" in body and invited.token not in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pdf = attachment.get_content()
    page = rasterise(pdf, tmp_path, dpi=150)
    import numpy as np

    assert [d.text for d in decode(np.asarray(page), ("QRCode",))] == [invited.token]
    with seeded.uow() as uow:
        job = uow.session.get(OutboxJob, invited.mail_job_id)
        assert job.status == "done" and job.secret_enc is None


def test_mail_in_visitors_language(seeded, smtp_server, tmp_path):
    invited = invite(seeded, language="fi")
    deliver_pending(
        seeded.uow, SpoolPrinter(tmp_path), [invited.mail_job_id], mailer=_mailer(smtp_server.port)
    )
    [message] = smtp_server.inbox.messages()
    assert "Hei Matti Meikäläinen," in message.get_body(("plain",)).get_content()


def test_mail_server_down_keeps_the_invitation_queued(seeded, tmp_path):
    invited = invite(seeded)
    [outcome] = deliver_pending(
        seeded.uow, SpoolPrinter(tmp_path), [invited.mail_job_id], mailer=_mailer(free_port())
    )
    assert not outcome.ok
    with seeded.uow() as uow:
        job = uow.session.get(OutboxJob, invited.mail_job_id)
        assert (job.status, job.attempts) == ("pending", 1)
        assert job.secret == invited.token and job.next_attempt_at > now()


def test_invitation_used_before_mail_went_out_is_given_up(seeded, smtp_server, tmp_path):
    invited = invite(seeded)
    check_in_invited(seeded.uow(), kiosk(seeded), invited.token)
    [outcome] = deliver_pending(
        seeded.uow, SpoolPrinter(tmp_path), [invited.mail_job_id], mailer=_mailer(smtp_server.port)
    )
    assert not outcome.ok and smtp_server.inbox.envelopes == []
    with seeded.uow() as uow:
        job = uow.session.get(OutboxJob, invited.mail_job_id)
        assert (job.status, job.last_error, job.secret_enc) == ("failed", "invitation used", None)


def test_without_a_mailer_invitations_wait(seeded, tmp_path):
    invited = invite(seeded)
    assert deliver_pending(seeded.uow, SpoolPrinter(tmp_path)) == []
    with seeded.uow() as uow:
        assert uow.session.get(OutboxJob, invited.mail_job_id).status == "pending"


def test_a_deny_listed_invitee_is_held_like_a_walk_in(seeded):
    add_entry(seeded.uow(), ADMIN, "matti", "MEIKÄLÄINEN")
    invited = invite(seeded)
    result = check_in_invited(seeded.uow(), kiosk(seeded), invited.token, signature_png=None)
    assert result.held and result.badge_job_id is None and result.notify_job_id is None
    with seeded.uow() as uow:
        visit = uow.session.get(Visit, invited.visit_id)
        assert visit.status == "held"
        assert uow.session.scalars(select(Alert).where(Alert.visit_id == visit.id)).one()
        jobs = uow.session.scalars(
            select(OutboxJob).where(OutboxJob.kind.in_((PRINT_BADGE, NOTIFY_HOST)))
        ).all()
        assert not [j for j in jobs if j.payload.get("visit_id") == visit.id]
