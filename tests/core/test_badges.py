"""K8 reprint: a new token on a new badge; the old card is worthless, its waiting job cancelled."""

import pytest
from sqlalchemy import select

from core.badges import NotOnSite, reprint_badge
from core.checkin import check_in
from core.checkout import check_out
from core.demo import seed
from core.errors import NotFound, PermissionDenied
from core.outbox import deliver_pending
from core.permissions import Actor, Role
from core.printing import SpoolPrinter
from db.models import AuditEntry, Badge, OutboxJob
from tests.core.helpers import site_id, walk_in


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def desk(app, role=Role.RECEPTION, code="hel") -> Actor:
    return Actor(kind="user", id="desk", roles=frozenset({role}), site_ids={site_id(app, code)})


def _secret(app, job_id):
    with app.uow() as uow:
        return uow.session.get(OutboxJob, job_id).secret


def test_reprint_revokes_the_old_badge_and_prints_a_new_one(seeded, tmp_path):
    kiosk = Actor.kiosk(site_id(seeded))
    result = check_in(seeded.uow(), kiosk, walk_in(seeded))
    old_token = _secret(seeded, result.badge_job_id)  # the print failed: still queued

    reprint = reprint_badge(seeded.uow(), desk(seeded), result.visit_id)
    assert reprint.revoked == 1 and reprint.job_id != result.badge_job_id
    new_token = _secret(seeded, reprint.job_id)
    assert new_token and new_token != old_token
    with seeded.uow() as uow:
        old_job = uow.session.get(OutboxJob, result.badge_job_id)
        assert old_job.status == "cancelled" and old_job.secret is None
        badges = uow.session.scalars(select(Badge).where(Badge.visit_id == result.visit_id)).all()
        assert sorted(b.revoked_at is None for b in badges) == [False, True]
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.action == "badge.reprint" and entry.details["badge_job"] == reprint.job_id

    spool = tmp_path / "spool"
    assert deliver_pending(seeded.uow, SpoolPrinter(spool), [reprint.job_id])[0].ok
    assert [p.name for p in spool.glob("*.pdf")] == [f"badge-{reprint.job_id}.pdf"]
    assert deliver_pending(seeded.uow, SpoolPrinter(spool), [result.badge_job_id])[0].ok is False

    with pytest.raises(NotFound):
        check_out(seeded.uow(), kiosk, old_token)
    assert check_out(seeded.uow(), kiosk, new_token).visit_id == result.visit_id


def test_only_visitors_on_site_and_only_desks_of_the_site(seeded):
    kiosk = Actor.kiosk(site_id(seeded))
    result = check_in(seeded.uow(), kiosk, walk_in(seeded))
    with pytest.raises(PermissionDenied):
        reprint_badge(seeded.uow(), desk(seeded, Role.HR), result.visit_id)
    with pytest.raises(PermissionDenied):
        reprint_badge(seeded.uow(), desk(seeded, code="esp"), result.visit_id)
    with pytest.raises(PermissionDenied):
        reprint_badge(seeded.uow(), kiosk, result.visit_id)  # not at the kiosk
    with pytest.raises(NotFound):
        reprint_badge(seeded.uow(), desk(seeded), "0" * 32)
    check_out(seeded.uow(), kiosk, _secret(seeded, result.badge_job_id))
    with pytest.raises(NotOnSite):
        reprint_badge(seeded.uow(), desk(seeded), result.visit_id)
