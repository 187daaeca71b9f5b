"""A7 (SQLite and PostgreSQL): the audit log read by site with filters, newest first, a page at
a time; every look audited without the filter values; the chain verified on request."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import update

from core.audit_view import AuditFilter, audit_entries, verify_chain
from core.checkin import check_in
from core.clock import now
from core.demo import GUARD_PIN, seed
from core.errors import PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from core.users import authenticate_pin
from db.models import AuditEntry
from tests.core.helpers import host_id, site_id, walk_in


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def test_a_sites_entries_filtered_newest_first_and_paged(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    for _ in range(3):
        check_in(seeded.uow(), Actor.kiosk(hel), walk_in(seeded))
    in_espoo = replace(walk_in(seeded), site_id=esp, host_id=host_id(seeded, esp, "Emma"))
    check_in(seeded.uow(), Actor.kiosk(esp), in_espoo)
    guard = user(Role.SECURITY, hel)
    rows = audit_entries(seeded.uow(), guard, hel, AuditFilter(action="visit."))
    assert len(rows) == 3 and all(r.site_id == hel for r in rows)
    assert [r.seq for r in rows] == sorted((r.seq for r in rows), reverse=True)
    assert all(r.action.startswith("visit.") for r in rows)
    [older] = audit_entries(seeded.uow(), guard, hel, AuditFilter(action="visit."), limit=1,
                            before_seq=rows[1].seq)  # fmt: skip
    assert older.seq == rows[2].seq
    by_kiosk = audit_entries(seeded.uow(), guard, hel, AuditFilter(actor=f"kiosk:kiosk@{hel}"))
    assert by_kiosk and all(r.actor == f"kiosk:kiosk@{hel}" for r in by_kiosk)
    future = AuditFilter(since=now() + timedelta(days=1))
    assert audit_entries(seeded.uow(), guard, hel, future) == []
    looks = audit_entries(seeded.uow(), guard, hel, AuditFilter(action="audit.view"))
    assert [look.details["filters"] for look in looks][:2] == [["since"], ["actor"]]
    assert "visit." not in str([look.details for look in looks])  # values are not kept


def test_a_username_finds_that_persons_entries(seeded):
    hel = site_id(seeded, "hel")
    guard = authenticate_pin(seeded.uow(), "guard", GUARD_PIN)
    audit_entries(seeded.uow(), guard, hel)
    [row] = audit_entries(seeded.uow(), guard, hel, AuditFilter(actor="guard", action="audit."))
    assert row.actor == guard.label and row.actor_name == "guard"


def test_permissions_and_bad_filters(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    for actor in (user(Role.HR, hel), user(Role.RECEPTION, hel), user(Role.SECURITY, esp),
                  Actor.kiosk(hel)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            audit_entries(seeded.uow(), actor, hel)
    with pytest.raises(PermissionDenied):  # entries of no site: every-site actors only
        audit_entries(seeded.uow(), user(Role.SECURITY, hel, esp), None)
    assert audit_entries(seeded.uow(), Actor.system(), None, AuditFilter(action="demo."))
    with pytest.raises(ValidationFailed):
        audit_entries(seeded.uow(), user(Role.SECURITY, hel), hel, AuditFilter(action="x\x00"))


def test_verify_finds_the_chain_whole_then_names_an_edited_entry(seeded):
    guard = user(Role.SECURITY, site_id(seeded, "hel"))
    report = verify_chain(seeded.uow, guard)
    assert report.ok and report.entries > 0
    with seeded.uow() as uow:
        uow.session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="x"))
        uow.commit()
    broken = verify_chain(seeded.uow, guard)
    assert not broken.ok and broken.first_bad_seq == 2
    with pytest.raises(PermissionDenied):
        verify_chain(seeded.uow, user(Role.HR, site_id(seeded, "hel")))
