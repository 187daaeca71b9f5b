import hashlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.agreements import current_nda
from core.checkin import check_in, validate_walk_in
from core.demo import seed
from core.errors import PermissionDenied, ValidationFailed
from core.idparse import StoredId, parse_id
from core.permissions import Actor
from core.validation import clean
from db.models import AgreementSignature, AuditEntry, Badge, OutboxJob, Visit, Visitor
from tests.core.helpers import PNG, count, host_id, site_id, walk_in
from tests.core.id_samples import td3

TABLES = (Visitor, Visit, Badge, OutboxJob, AgreementSignature, AuditEntry)


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def _snapshot(app):
    return {m.__name__: count(app, m) for m in TABLES}


def test_walk_in_creates_visit_badge_job_and_audit(seeded):
    site = site_id(seeded)
    before = _snapshot(seeded)
    result = check_in(seeded.uow(), Actor.kiosk(site), walk_in(seeded, first_name="  Kaisa "))
    after = _snapshot(seeded)
    for name in ("Visitor", "Visit", "Badge", "AuditEntry"):
        assert after[name] == before[name] + 1, name
    assert after["OutboxJob"] == before["OutboxJob"] + 2  # the badge and the host's notice
    assert result.visitor_first_name == "Kaisa" and result.host_name == "Aino Laine"
    with seeded.uow() as uow:
        visit = uow.session.get(Visit, result.visit_id)
        assert visit.status == "on_site" and visit.checked_in_at is not None
        assert visit.visitor.first_name == "Kaisa"
        assert b"Kaisa" not in visit.visitor.first_name_enc
        assert visit.escort_required  # the demo office floor needs an escort
        assert {vz.zone.name for vz in visit.zones} == {"Lobby", "Office floor"}
        job = uow.session.get(OutboxJob, result.badge_job_id)
        assert job.status == "pending" and job.secret and job.payload["visit_id"] == visit.id
        badge = uow.session.scalars(select(Badge).where(Badge.visit_id == visit.id)).one()
        assert badge.token_hash == hashlib.sha256(job.secret.encode()).hexdigest()
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.action == "visit.check_in" and entry.subject_id == visit.id
        assert "Kaisa" not in str(entry.details)


def test_signed_nda_is_archived_with_its_hash(seeded):
    site = site_id(seeded)
    nda = current_nda(seeded.uow(), Actor.kiosk(site), "fi")
    assert nda is not None and nda.language == "fi"
    check_in(
        seeded.uow(),
        Actor.kiosk(site),
        walk_in(seeded, language="fi", nda_template_id=nda.template_id, signature_png=PNG),
    )
    with seeded.uow() as uow:
        signature = uow.session.scalars(select(AgreementSignature)).one()
        assert signature.pdf.startswith(b"%PDF")
        assert signature.pdf_sha256 == hashlib.sha256(signature.pdf).hexdigest()
        assert signature.signature == PNG and signature.template.version == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": "   "}, "first_name"),
        ({"last_name": "x" * 101}, "last_name"),
        ({"first_name": "Kai\x00sa"}, "first_name"),
        ({"company": "Evil\u202eCorp"}, "company"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "", "phone": ""}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"purpose": "party"}, "purpose"),
        ({"host_id": ""}, "host_id"),
        ({"nda_template_id": "x"}, "signature"),
        ({"nda_template_id": "x", "signature_png": b"GIF89a"}, "signature"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(seeded, overrides, field):
    before = _snapshot(seeded)
    request = walk_in(seeded, **overrides)
    assert field in validate_walk_in(request)
    with pytest.raises(ValidationFailed) as caught:
        check_in(seeded.uow(), Actor.kiosk(request.site_id), request)
    assert field in caught.value.errors
    assert _snapshot(seeded) == before


def test_host_must_be_an_active_employee_of_this_site(seeded):
    site = site_id(seeded)
    with seeded.uow() as uow:
        from db.models import Employee

        left = uow.session.scalars(select(Employee).where(Employee.active.is_(False))).first()
        left_id = left.id
    espoo_host = host_id(seeded, site_id(seeded, "esp"), "Emma")
    for bad_host in (left_id, espoo_host, "no-such-id"):
        with pytest.raises(ValidationFailed) as caught:
            check_in(seeded.uow(), Actor.kiosk(site), walk_in(seeded, host_id=bad_host))
        assert "host_id" in caught.value.errors
    assert count(seeded, Visit) == 3  # only the demo's expected visits


def test_kiosk_cannot_check_in_at_another_site(seeded):
    request = walk_in(seeded)
    with pytest.raises(PermissionDenied):
        check_in(seeded.uow(), Actor.kiosk(site_id(seeded, "esp")), request)


def test_failure_before_commit_leaves_nothing(seeded, monkeypatch):
    from core.uow import UnitOfWork

    before = _snapshot(seeded)

    def broken_audit(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(UnitOfWork, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        check_in(seeded.uow(), Actor.kiosk(site_id(seeded)), walk_in(seeded))
    assert _snapshot(seeded) == before


names = st.text(max_size=300)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=names, last=names, company=names)
def test_any_text_is_either_checked_in_or_refused_clearly(demo_app, first, last, company):
    app = demo_app.app
    request = walk_in(app, first_name=first, last_name=last, company=company)
    before = count(app, Visit)
    try:
        result = check_in(app.uow(), Actor.kiosk(request.site_id), request)
    except ValidationFailed as exc:
        assert exc.errors and all(m.render() for m in exc.errors.values())
        assert count(app, Visit) == before
    else:
        with app.uow() as uow:
            stored = uow.session.get(Visit, result.visit_id).visitor
            assert (stored.first_name, stored.last_name) == (clean(first), clean(last))
        assert count(app, Visit) == before + 1


def test_only_the_id_minimum_is_kept_with_the_visit(seeded):
    scanned = parse_id(td3(number="L898902C3", surname="ERIKSSON"), date(2026, 11, 25))
    request = walk_in(seeded, id_document=scanned.minimum())
    result = check_in(seeded.uow(), Actor.kiosk(site_id(seeded)), request)
    with seeded.uow() as uow:
        visit = uow.session.get(Visit, result.visit_id)
        stored = StoredId.from_json(visit.id_document)
        assert stored == scanned.minimum() and stored.number_last4 == "02C3" and stored.verified
        assert b"L898902C3" not in visit.id_document_enc and b"02C3" not in visit.id_document_enc
        assert "L898902C3" not in visit.id_document and "ERIKSSON" not in visit.id_document
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.details["id_document"] == {"kind": "mrz-td3", "verified": True}
