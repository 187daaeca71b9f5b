"""A3 for HR (SQLite and PostgreSQL): versions are published, never edited; an archived copy is
verified against its hash and a changed byte is caught; only HR and administrators, in scope."""

import pytest
from sqlalchemy import select

from core.agreement_admin import (
    Kind,
    NewVersion,
    publish_version,
    template_history,
    verify_signature,
)
from core.agreements import current_nda
from core.checkin import check_in
from core.demo import seed
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from db.models import AgreementSignature, AgreementTemplate, AuditEntry
from tests.core.helpers import PNG, count, site_id, walk_in


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def signed(app):
    """The demo sites and one visitor who signed the English NDA at Helsinki."""
    seed(app.uow)
    kiosk = Actor.kiosk(site_id(app))
    nda = current_nda(app.uow(), kiosk, "en")
    check_in(app.uow(), kiosk, walk_in(app, nda_template_id=nda.template_id, signature_png=PNG))
    with app.uow() as uow:
        signature_id = uow.session.scalars(select(AgreementSignature.id)).one()
    return app, nda, signature_id


def test_a_new_version_retires_the_old_one_and_leaves_what_was_signed(signed):
    app, nda, signature_id = signed
    hr = user(Role.HR, site_id(app))
    new = publish_version(
        app.uow(),
        hr,
        NewVersion(Kind.NDA, "en", "Confidentiality agreement", "Clause 1.\n\nClause 2.", 180),
    )
    assert new.version == nda.version + 1 and new.body == "Clause 1.\n\nClause 2."
    assert current_nda(app.uow(), Actor.kiosk(site_id(app)), "en").template_id == new.template_id
    with app.uow() as uow:
        old = uow.session.get(AgreementTemplate, nda.template_id)
        assert not old.active and old.body == nda.body and old.version == nda.version
        assert uow.session.get(AgreementSignature, signature_id).template_id == nda.template_id
    again = publish_version(
        app.uow(),
        hr,
        NewVersion(Kind.NDA, "en", " Confidentiality  agreement", "Clause 1.\n\n\nClause 2. ", 180),
    )
    assert again.template_id == new.template_id  # the same text: nothing new
    history = template_history(app.uow(), hr, Kind.NDA, "en")
    assert [(v.text.version, v.active, v.signatures) for v in history] == [
        (new.version, True, 0),
        (nda.version, False, 1),
    ]
    with app.uow() as uow:
        actions = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "agreement.publish")
        ).all()
    assert actions == ["agreement.publish"]


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (NewVersion("contract", "en", "T", "B"), "kind"),
        (NewVersion(Kind.NDA, "de", "T", "B"), "language"),
        (NewVersion(Kind.NDA, "en", "", "B"), "title"),
        (NewVersion(Kind.NDA, "en", "T", " \n "), "body"),
        (NewVersion(Kind.NDA, "en", "T", "B\x00"), "body"),
        (NewVersion(Kind.NDA, "en", "T", "B", valid_days=0), "valid_days"),
    ],
)
def test_bad_versions_are_refused_and_nothing_is_written(signed, new, field):
    app, _nda, _sig = signed
    before = count(app, AgreementTemplate)
    with pytest.raises(ValidationFailed) as exc:
        publish_version(app.uow(), user(Role.HR, site_id(app)), new)
    assert field in exc.value.errors
    assert count(app, AgreementTemplate) == before


def test_verify_finds_the_copy_intact_then_catches_a_changed_byte(signed):
    app, _nda, signature_id = signed
    hr = user(Role.HR, site_id(app))
    result = verify_signature(app.uow(), hr, signature_id)
    assert result.ok and result.actual_sha256 == result.stored_sha256
    with app.uow() as uow:  # one byte of the copy changed, sealed again properly
        row = uow.session.get(AgreementSignature, signature_id)
        pdf = bytearray(row.pdf)
        pdf[len(pdf) // 2] ^= 1
        row.pdf = bytes(pdf)
        uow.commit()
    changed = verify_signature(app.uow(), hr, signature_id)
    assert not changed.ok and changed.actual_sha256 not in (None, changed.stored_sha256)
    assert "does not match" in changed.message.render()
    with app.uow() as uow:  # one byte of the sealed form changed
        row = uow.session.get(AgreementSignature, signature_id)
        sealed = bytearray(row.pdf_enc)
        sealed[-3] ^= 1
        row.pdf_enc = bytes(sealed)
        uow.commit()
    broken = verify_signature(app.uow(), hr, signature_id)
    assert not broken.ok and broken.actual_sha256 is None
    assert "cannot be opened" in broken.message.render()
    with app.uow() as uow:
        oks = uow.session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "agreement.verify")
        ).all()
    assert [d["ok"] for d in oks] == [True, False, False]


def test_only_hr_and_administrators_of_the_site(signed):
    app, _nda, signature_id = signed
    hel, esp = site_id(app, "hel"), site_id(app, "esp")
    assert verify_signature(app.uow(), user(Role.ADMINISTRATOR, hel), signature_id).ok
    for actor in (user(Role.HR, esp), user(Role.SECURITY, hel), user(Role.RECEPTION, hel),
                  Actor.kiosk(hel)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            verify_signature(app.uow(), actor, signature_id)
    for actor in (user(Role.SECURITY, hel), Actor.kiosk(hel)):
        with pytest.raises(PermissionDenied):
            publish_version(app.uow(), actor, NewVersion(Kind.NDA, "en", "T", "B"))
    with pytest.raises(NotFound):
        verify_signature(app.uow(), user(Role.HR, hel), "no-such-signature")
