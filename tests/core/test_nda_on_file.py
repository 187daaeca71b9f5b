"""K6: a visitor who signed the NDA in use, and whose signature has not expired, is not asked
again; anyone else is, and check_in itself refuses a signature id that does not fit."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.agreements import current_nda, nda_step
from core.checkin import check_in
from core.demo import seed
from core.errors import ValidationFailed
from core.permissions import Actor
from db.models import AgreementSignature, AgreementTemplate, AuditEntry
from tests.core.helpers import PNG, site_id, walk_in


@pytest.fixture
def signed(app):
    """The demo site, and Kaisa Testinen checked in once with the Finnish NDA signed."""
    seed(app.uow)
    kiosk = Actor.kiosk(site_id(app))
    nda = current_nda(app.uow(), kiosk, "fi")
    check_in(
        app.uow(),
        kiosk,
        walk_in(app, language="fi", nda_template_id=nda.template_id, signature_png=PNG),
    )
    return app, kiosk


def _step(
    app, kiosk, language="en", first="kaisa", last=" TESTINEN", email="Kaisa.Testinen@example.fi"
):
    return nda_step(app.uow(), kiosk, language, first, last, email)


def test_the_same_person_is_not_asked_again_in_any_language(signed):
    app, kiosk = signed
    step = _step(app, kiosk)  # English now, other case and spacing
    assert step.agreement is None and step.on_file is not None
    result = check_in(app.uow(), kiosk, walk_in(app, nda_on_file=step.on_file.signature_id))
    with app.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.subject_id == result.visit_id
        assert entry.details["nda_on_file"] == step.on_file.signature_id
        assert len(uow.session.scalars(select(AgreementSignature)).all()) == 1  # none added


@pytest.mark.parametrize(
    "changes", [{"email": "other@example.fi"}, {"first": "Kaija"}, {"email": ""}]
)
def test_someone_else_is_asked(signed, changes):
    app, kiosk = signed
    step = _step(app, kiosk, **changes)
    assert step.agreement is not None and step.on_file is None


def test_an_expired_signature_or_a_new_version_is_signed_again(signed):
    app, kiosk = signed
    with app.uow() as uow:
        signature = uow.session.scalars(select(AgreementSignature)).one()
        signature.expires_at = signature.signed_at - timedelta(seconds=1)
        uow.commit()
    assert _step(app, kiosk).on_file is None
    with app.uow() as uow:
        uow.session.execute(update(AgreementSignature).values(expires_at=None))
        uow.session.execute(update(AgreementTemplate).values(version=AgreementTemplate.version + 1))
        uow.commit()
    assert _step(app, kiosk).on_file is None  # no expiry recorded does not mean forever


def test_check_in_refuses_a_signature_that_is_not_the_visitors(signed):
    app, kiosk = signed
    on_file = _step(app, kiosk).on_file.signature_id
    with pytest.raises(ValidationFailed) as refused:
        check_in(app.uow(), kiosk, walk_in(app, first_name="Mallory", nda_on_file=on_file))
    assert set(refused.value.errors) == {"signature"}
    with pytest.raises(ValidationFailed):
        check_in(app.uow(), kiosk, walk_in(app, nda_on_file="0" * 32))
