"""G5 manual check-out with a reason, and G2's overstays and badges not returned."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.checkin import check_in
from core.checkout import AlreadyCheckedOut, ManualReason, check_out, manual_check_out
from core.demo import seed
from core.errors import NotFound, PermissionDenied
from core.permissions import Actor, Role
from core.roster import badges_not_returned, on_site
from db.models import AuditEntry, Badge, OutboxJob, Visit
from tests.core.helpers import site_id, walk_in


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def person(app, role, code="hel") -> Actor:
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids={site_id(app, code)})


def _visit(app):
    result = check_in(app.uow(), Actor.kiosk(site_id(app)), walk_in(app))
    with app.uow() as uow:
        token = uow.session.get(OutboxJob, result.badge_job_id).secret
    return result.visit_id, token


def test_a_guard_checks_out_by_hand_with_a_reason_and_the_badge_stops_working(seeded):
    visit_id, token = _visit(seeded)
    guard = person(seeded, Role.SECURITY)
    done = manual_check_out(seeded.uow(), guard, visit_id, ManualReason.LEFT_WITHOUT_SCAN)
    assert done.visit_id == visit_id and done.visitor_first_name == "Kaisa"
    with seeded.uow() as uow:
        assert uow.session.get(Visit, visit_id).status == "checked_out"
        badge = uow.session.scalars(select(Badge).where(Badge.visit_id == visit_id)).one()
        assert badge.revoked_at is not None and badge.returned_at is None
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.action == "visit.manual_check_out" and entry.actor == "user:security"
        assert entry.details == {"reason": "left_without_scan", "revoked_badges": [badge.id]}
    with pytest.raises(NotFound):  # the card opens nothing now, not even a check-out
        check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), token)
    with pytest.raises(AlreadyCheckedOut):
        manual_check_out(seeded.uow(), guard, visit_id, ManualReason.OTHER)
    [unreturned] = badges_not_returned(seeded.uow(), guard, site_id(seeded))
    assert unreturned.visit_id == visit_id and unreturned.last_name == "Testinen"


def test_only_the_sites_desk_and_guards_may(seeded):
    visit_id, _ = _visit(seeded)
    for actor in (
        person(seeded, Role.HR),
        person(seeded, Role.SECURITY, code="esp"),
        Actor.kiosk(site_id(seeded)),
    ):
        with pytest.raises(PermissionDenied):
            manual_check_out(seeded.uow(), actor, visit_id, ManualReason.BADGE_LOST)
    with pytest.raises(NotFound):
        manual_check_out(seeded.uow(), person(seeded, Role.RECEPTION), "0" * 32, ManualReason.OTHER)
    with pytest.raises(PermissionDenied):
        badges_not_returned(seeded.uow(), person(seeded, Role.HR), site_id(seeded))


def test_a_badge_handed_back_at_the_kiosk_is_not_listed_and_overstays_are_marked(seeded):
    visit_id, token = _visit(seeded)
    other_id, _ = _visit(seeded)
    desk = person(seeded, Role.RECEPTION)
    with seeded.uow() as uow:
        visit = uow.session.get(Visit, other_id)
        visit.expected_end = visit.checked_in_at - timedelta(minutes=1)
        uow.commit()
    overstays = {row.visit_id: row.overstay for row in on_site(seeded.uow(), desk)}
    assert overstays[other_id] is True and overstays[visit_id] is False
    check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), token)
    assert badges_not_returned(seeded.uow(), desk, site_id(seeded)) == []
