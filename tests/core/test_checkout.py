"""Check-out by badge (K10): the badge's token ends the visit, once, at the kiosk's own site."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.checkin import check_in
from core.checkout import AlreadyCheckedOut, check_out
from core.demo import seed
from core.errors import NotFound, PermissionDenied
from core.permissions import Actor, Role
from core.security import new_token
from db.models import AuditEntry, Badge, OutboxJob, Visit
from tests.core.helpers import site_id, walk_in


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def _checked_in(app):
    """A visit at the Helsinki site and its badge token (as the printed QR code carries it)."""
    result = check_in(app.uow(), Actor.kiosk(site_id(app)), walk_in(app))
    with app.uow() as uow:
        token = uow.session.get(OutboxJob, result.badge_job_id).secret
    return result, token


def _visit(app, visit_id):
    with app.uow() as uow:
        visit = uow.session.get(Visit, visit_id)
        badge = uow.session.scalars(select(Badge).where(Badge.visit_id == visit_id)).one()
        return visit.status, visit.checked_out_at, badge.returned_at


def test_badge_checks_its_holder_out_and_is_audited(seeded):
    result, token = _checked_in(seeded)
    out = check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), token)
    assert out.visit_id == result.visit_id and out.visitor_first_name == "Kaisa"
    assert out.host_name == "Aino Laine"
    status, checked_out_at, returned_at = _visit(seeded, result.visit_id)
    assert status == "checked_out" and checked_out_at == returned_at == out.checked_out_at
    with seeded.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.action == "visit.check_out" and entry.subject_id == result.visit_id
        assert entry.details["badge_expired"] is False
        assert token not in str(entry.details)


def test_second_check_out_says_so_and_changes_nothing(seeded):
    result, token = _checked_in(seeded)
    kiosk = Actor.kiosk(site_id(seeded))
    first = check_out(seeded.uow(), kiosk, token)
    with pytest.raises(AlreadyCheckedOut):
        check_out(seeded.uow(), kiosk, token)
    assert _visit(seeded, result.visit_id)[1] == first.checked_out_at


def test_unknown_and_revoked_badges_are_refused(seeded):
    result, token = _checked_in(seeded)
    kiosk = Actor.kiosk(site_id(seeded))
    with pytest.raises(NotFound):
        check_out(seeded.uow(), kiosk, new_token())
    with seeded.uow() as uow:
        badge = uow.session.scalars(select(Badge).where(Badge.visit_id == result.visit_id)).one()
        badge.revoked_at = badge.issued_at
        uow.commit()
    with pytest.raises(NotFound):
        check_out(seeded.uow(), kiosk, token)
    assert _visit(seeded, result.visit_id)[0] == "on_site"


def test_kiosk_of_another_site_cannot_check_out(seeded):
    result, token = _checked_in(seeded)
    with pytest.raises(PermissionDenied):
        check_out(seeded.uow(), Actor.kiosk(site_id(seeded, "esp")), token)
    assert _visit(seeded, result.visit_id)[0] == "on_site"


def test_reception_of_the_site_may_check_out_hr_may_not(seeded):
    site = site_id(seeded)
    result, token = _checked_in(seeded)
    hr = Actor(kind="user", id="hr", roles=frozenset({Role.HR}), site_ids=frozenset({site}))
    with pytest.raises(PermissionDenied):
        check_out(seeded.uow(), hr, token)
    desk = Actor(
        kind="user", id="desk", roles=frozenset({Role.RECEPTION}), site_ids=frozenset({site})
    )
    assert check_out(seeded.uow(), desk, token).visit_id == result.visit_id


def test_yesterdays_badge_still_records_leaving(seeded):
    result, token = _checked_in(seeded)
    with seeded.uow() as uow:
        badge = uow.session.scalars(select(Badge).where(Badge.visit_id == result.visit_id)).one()
        badge.expires_at = badge.issued_at - timedelta(seconds=1)
        uow.commit()
    check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), token)
    with seeded.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.action == "visit.check_out" and entry.details["badge_expired"] is True


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_any_text_is_refused_cleanly(demo_app, text):
    app = demo_app.app
    with pytest.raises(NotFound):
        check_out(app.uow(), Actor.kiosk(site_id(app)), text)
