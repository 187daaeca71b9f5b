"""Retention and erasure (A8): expired visits anonymised in place, recent ones kept, erasure
refused inside the 90-day floor, permissions, audit chain intact, nothing left in the file."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import retention
from core.audit import verify
from core.clock import now
from core.demo import seed
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from core.retention import ErasureRefused, erase_visitor, purge_expired, set_retention
from db.models import (
    AgreementSignature,
    AgreementTemplate,
    AuditEntry,
    Employee,
    OutboxJob,
    Site,
    Visit,
    Visitor,
)
from tests.core.helpers import PNG, count, site_id

SEALED = ("first_name", "last_name", "company", "email", "phone", "photo")


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def person(app, site, first, *, ended_days_ago, status="checked_out", extra_visit_days=None):
    """A visitor with every sealed field, a visit that ended ``ended_days_ago`` with an ID
    document, a signed NDA and a pending outbox secret; optionally a second visit."""
    with app.uow() as uow:
        s = uow.session
        host = s.scalar(select(Employee.id).where(Employee.site_id == site).limit(1))
        template = s.scalar(select(AgreementTemplate.id).limit(1))
        v = Visitor()
        v.first_name, v.last_name, v.company = first, "Purgeinen", "Muisti Oy"
        v.email, v.phone, v.photo = f"{first.lower()}@example.fi", "+358 40 111 2233", PNG
        v.name_index = uow.sealer.blind_index(f"{first} Purgeinen")
        v.email_index = uow.sealer.blind_index(v.email)
        s.add(v)
        visits = []
        for days in (ended_days_ago, extra_visit_days):
            if days is None:
                continue
            end = now() - timedelta(days=days)
            visit = Visit(site_id=site, visitor_id=v.id, host_id=host, purpose="meeting",
                          status=status, expected_start=end - timedelta(hours=2),
                          expected_end=end, checked_in_at=end - timedelta(hours=2),
                          checked_out_at=end if status == "checked_out" else None)  # fmt: skip
            visit.id_document = '{"type": "passport", "last4": "1234"}'
            s.add(visit)
            visits.append(visit.id)
            status = "checked_out"
        sig = AgreementSignature(template_id=template, visitor_id=v.id, signed_at=now(),
                                 pdf_sha256="0" * 64)  # fmt: skip
        sig.pdf, sig.signature = b"%PDF signed by " + first.encode(), PNG
        s.add(sig)
        job = OutboxJob(kind="send_invitation", payload={"visit_id": visits[0]})
        job.secret = "token-" + first
        s.add(job)
        uow.commit()
        return v.id, visits, sig.id, job.id


def assert_anonymised(app, visitor_id, sig_id, job_id):
    with app.uow() as uow:
        v = uow.session.get(Visitor, visitor_id)
        assert all(getattr(v, f"{f}_enc") is None for f in SEALED)
        assert v.name_index is None and v.email_index is None and v.anonymised_at
        sig = uow.session.get(AgreementSignature, sig_id)
        assert sig.pdf == b"" and sig.signature_enc is None
        assert uow.session.get(OutboxJob, job_id).secret_enc is None


def assert_whole(app, visitor_id, first):
    with app.uow() as uow:
        v = uow.session.get(Visitor, visitor_id)
        assert (v.first_name, v.photo, v.anonymised_at) == (first, PNG, None)
        assert v.name_index == uow.sealer.blind_index(f"{first} Purgeinen")


def id_document(app, visit_id):
    with app.uow() as uow:
        return uow.session.get(Visit, visit_id).id_document


def audit_count(app):
    return count(app, AuditEntry)


def test_retention_has_a_floor_and_only_the_sites_administrator_sets_it(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    admin = user(Role.ADMINISTRATOR, hel)
    before = audit_count(seeded)
    with pytest.raises(ValidationFailed) as exc:
        set_retention(seeded.uow(), admin, hel, 89)
    assert "90 days" in str(exc.value.errors["days"])
    refused = (user(Role.HR, hel), user(Role.RECEPTION, hel), user(Role.SECURITY, hel),
               user(Role.ADMINISTRATOR, esp), Actor.kiosk(hel))  # fmt: skip
    for actor in refused:
        with pytest.raises(PermissionDenied):
            set_retention(seeded.uow(), actor, hel, 120)
    assert audit_count(seeded) == before
    assert set_retention(seeded.uow(), admin, hel, 90) == retention.DEFAULT_DAYS
    with seeded.uow() as uow:
        assert uow.session.get(Site, hel).retention_days == 90
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert (entry.action, entry.details) == (
            "site.retention_set",
            {"days": 90, "previous": 365},
        )


def test_purge_anonymises_what_is_past_retention_and_keeps_the_rest(seeded):
    hel = site_id(seeded, "hel")
    set_retention(seeded.uow(), Actor.system(), hel, 100)
    old_id, [old_visit], old_sig, old_job = person(seeded, hel, "Vanha", ended_days_ago=150)
    new_id, [new_visit], _, new_job = person(seeded, hel, "Uusi", ended_days_ago=10)
    mixed_id, [mixed_old, mixed_new], _, _ = person(
        seeded, hel, "Kahdesti", ended_days_ago=200, extra_visit_days=5
    )
    stuck_id, _, _, _ = person(seeded, hel, "Paikalla", ended_days_ago=300, status="on_site")
    visits_before = count(seeded, Visit)
    seen = []
    report = purge_expired(seeded.uow, Actor.system(), progress=seen.append)
    assert (report.visits, report.visitors) == (2, 1)
    assert report.vacuumed == (seeded.engine.dialect.name == "sqlite")
    assert [s.site_code for s in seen] == [s["site"] for s in report.as_dict()["sites"]]
    assert_anonymised(seeded, old_id, old_sig, old_job)
    assert id_document(seeded, old_visit) is None and id_document(seeded, mixed_old) is None
    for kept, first in ((new_id, "Uusi"), (mixed_id, "Kahdesti"), (stuck_id, "Paikalla")):
        assert_whole(seeded, kept, first)
    assert id_document(seeded, new_visit) and id_document(seeded, mixed_new)
    with seeded.uow() as uow:
        assert uow.session.get(OutboxJob, new_job).secret == "token-Uusi"
        assert verify(uow.session).ok
        details = uow.session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "retention.purge")
        ).all()
    assert "Vanha" not in str(details) and sum(d["visitors"] for d in details) == 1
    assert count(seeded, Visit) == visits_before  # rows kept for the statistics
    again = purge_expired(seeded.uow, Actor.system())
    assert (again.visits, again.visitors) == (0, 0)


def test_purge_runs_in_batches(seeded, monkeypatch):
    hel = site_id(seeded, "hel")
    ids = [person(seeded, hel, f"Erä{i}", ended_days_ago=400)[0] for i in range(5)]
    monkeypatch.setattr(retention, "BATCH", 2)
    report = purge_expired(seeded.uow, Actor.system())
    assert (report.visits, report.visitors) == (5, 5)
    with seeded.uow() as uow:
        batches = uow.session.scalar(
            select(func.count()).where(AuditEntry.action == "retention.purge")
        )
        assert batches == 3 and verify(uow.session).ok
        assert all(uow.session.get(Visitor, i).anonymised_at for i in ids)


def test_only_an_all_sites_administrator_purges(seeded):
    hel = site_id(seeded, "hel")
    old_id = person(seeded, hel, "Vanha", ended_days_ago=400)[0]
    before = audit_count(seeded)
    refused = (user(Role.HR, hel), user(Role.RECEPTION, hel), user(Role.SECURITY, hel),
               user(Role.ADMINISTRATOR, hel), Actor.kiosk(hel))  # fmt: skip
    for actor in refused:
        with pytest.raises(PermissionDenied):
            purge_expired(seeded.uow, actor)
    assert audit_count(seeded) == before
    assert_whole(seeded, old_id, "Vanha")
    everywhere = Actor(kind="user", id="boss", roles=frozenset({Role.ADMINISTRATOR}),
                       all_sites=True)  # fmt: skip
    assert purge_expired(seeded.uow, everywhere).visitors == 1


def test_erasure_is_refused_inside_the_floor_and_on_site_and_allowed_after(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    admin = user(Role.ADMINISTRATOR, hel)
    recent = person(seeded, hel, "Tuore", ended_days_ago=30)[0]
    here = person(seeded, hel, "Täällä", ended_days_ago=200, status="on_site")[0]
    old_id, [old_visit], old_sig, old_job = person(seeded, hel, "Vanha", ended_days_ago=100)
    before = audit_count(seeded)
    with pytest.raises(ErasureRefused, match="90 days for security"):
        erase_visitor(seeded.uow(), admin, recent, "GDPR-2026-17")
    with pytest.raises(ErasureRefused, match="on site"):
        erase_visitor(seeded.uow(), admin, here, "GDPR-2026-18")
    refused = (user(Role.HR, hel), user(Role.RECEPTION, hel), user(Role.SECURITY, hel),
               user(Role.ADMINISTRATOR, esp), Actor.kiosk(hel))  # fmt: skip
    for actor in refused:
        with pytest.raises(PermissionDenied):
            erase_visitor(seeded.uow(), actor, old_id, "GDPR-2026-19")
    for bad in ("", "x\x00", "request from vanha purgeinen", "vanha@example.fi asked"):
        with pytest.raises(ValidationFailed):
            erase_visitor(seeded.uow(), admin, old_id, bad)
    with pytest.raises(NotFound):
        erase_visitor(seeded.uow(), admin, "nobody", "GDPR-2026-20")
    assert audit_count(seeded) == before
    assert_whole(seeded, old_id, "Vanha")
    done = erase_visitor(seeded.uow(), admin, old_id, "GDPR-2026-19")
    assert (done.visits, done.signatures) == (1, 1)
    assert_anonymised(seeded, old_id, old_sig, old_job)
    assert id_document(seeded, old_visit) is None
    assert_whole(seeded, recent, "Tuore")
    with seeded.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert (entry.action, entry.subject_id) == ("visitor.erase", old_id)
        assert entry.details == {"visits": 1, "signatures": 1, "reason": "GDPR-2026-19"}
        assert verify(uow.session).ok


def _file_bytes(db: Path) -> bytes:
    wal = db.with_name(db.name + "-wal")
    return db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_nothing_of_a_purged_visitor_is_left_in_the_sqlite_file(sqlite_app):
    seed(sqlite_app.uow)
    hel = site_id(sqlite_app, "hel")
    gone = person(sqlite_app, hel, "Poistuva", ended_days_ago=400)[0]
    kept = person(sqlite_app, hel, "Pysyvä", ended_days_ago=3)[0]
    sealer = sqlite_app.sealer
    gone_indexes = [
        sealer.blind_index("Poistuva Purgeinen"),
        sealer.blind_index("poistuva@example.fi"),
    ]
    kept_index = sealer.blind_index("Pysyvä Purgeinen").encode()
    db = Path(sqlite_app.engine.url.database)
    assert all(i.encode() in _file_bytes(db) for i in gone_indexes)  # the test can see them
    report = purge_expired(sqlite_app.uow, Actor.system())
    assert report.vacuumed and report.visitors == 1
    raw = _file_bytes(db)
    for plain in ("Poistuva", "Purgeinen", "poistuva@example.fi", "+358 40 111 2233"):
        assert plain.encode() not in raw
    for index in gone_indexes:
        assert index.encode() not in raw
    assert kept_index in raw
    with sqlite_app.uow() as uow:
        assert uow.session.get(Visitor, gone).anonymised_at
        assert uow.session.get(Visitor, kept).first_name == "Pysyvä"
