"""Who is on site now: only the desk's own sites, names opened, badge state, one audit entry.

HR (no MANAGE_VISITS anywhere) is not refused: it gets an empty list, and as nothing was read,
no audit entry is written. A site outside the caller's scope is skipped the same way.
"""

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from core.badges import reprint_badge
from core.checkin import check_in
from core.checkout import check_out
from core.demo import seed
from core.outbox import deliver_pending
from core.permissions import Actor, Role
from core.printing import SpoolPrinter
from core.roster import BadgeState, on_site
from db.models import AuditEntry, OutboxJob
from tests.core.helpers import host_id, site_id, walk_in


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def desk(app, role=Role.RECEPTION, codes=("hel",)) -> Actor:
    sites = frozenset(site_id(app, code) for code in codes)
    return Actor(kind="user", id="desk", roles=frozenset({role}), site_ids=sites)


def arrive(app, code="hel", host="Aino", **fields):
    site = site_id(app, code)
    request = replace(walk_in(app, **fields), site_id=site, host_id=host_id(app, site, host))
    return check_in(app.uow(), Actor.kiosk(site), request)


def _audits(app, action):
    with app.uow() as uow:
        entries = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        ).all()
        return [(e.actor, e.site_id, e.details) for e in entries]


def _secret(app, job_id):
    with app.uow() as uow:
        return uow.session.get(OutboxJob, job_id).secret


def test_reception_sees_its_own_sites_visitors_with_names_opened(seeded):
    here = arrive(seeded, first_name="Väinö", last_name="Åkerlund", company="Öljy & Co")
    arrive(seeded, code="esp", host="Emma", first_name="Elsa")

    rows = on_site(seeded.uow(), desk(seeded))
    assert [r.visit_id for r in rows] == [here.visit_id]
    row = rows[0]
    assert (row.first_name, row.last_name, row.company) == ("Väinö", "Åkerlund", "Öljy & Co")
    assert row.host_name.startswith("Aino ") and row.site_id == site_id(seeded)
    assert row.checked_in_at is not None and row.checked_in_at.utcoffset() is not None
    assert row.badge is BadgeState.WAITING and row.badge_error is None

    both = on_site(seeded.uow(), desk(seeded, codes=("hel", "esp")))
    assert {r.first_name for r in both} == {"Väinö", "Elsa"}
    # Asking for a site outside the scope skips it rather than failing.
    assert on_site(seeded.uow(), desk(seeded), [site_id(seeded, "esp")]) == []


def test_hr_gets_an_empty_list_and_nothing_is_audited(seeded):
    arrive(seeded)
    before = len(_audits(seeded, "visitor.view_roster"))
    assert on_site(seeded.uow(), desk(seeded, Role.HR, ("hel", "esp"))) == []
    assert len(_audits(seeded, "visitor.view_roster")) == before


def test_each_look_is_audited_without_names(seeded):
    arrive(seeded)
    arrive(seeded, first_name="Kalle")
    rows = on_site(seeded.uow(), desk(seeded))
    entries = _audits(seeded, "visitor.view_roster")
    assert len(entries) == 1
    actor, site, details = entries[0]
    assert actor == "user:desk" and site == site_id(seeded)
    assert details == {"sites": [site_id(seeded)], "count": len(rows)} and len(rows) == 2
    assert "Kaisa" not in str(details) and "Kalle" not in str(details)


def test_checked_out_visitors_are_not_listed(seeded):
    gone = arrive(seeded)
    stays = arrive(seeded, first_name="Kalle")
    check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), _secret(seeded, gone.badge_job_id))
    assert [r.visit_id for r in on_site(seeded.uow(), desk(seeded))] == [stays.visit_id]


def test_the_badge_state_follows_the_latest_print_job(seeded, tmp_path):
    visit = arrive(seeded)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the spool should be")
    assert not deliver_pending(seeded.uow, SpoolPrinter(blocker), [visit.badge_job_id])[0].ok
    [row] = on_site(seeded.uow(), desk(seeded))
    assert row.badge is BadgeState.FAILED and row.badge_error

    reprint = reprint_badge(seeded.uow(), desk(seeded), visit.visit_id)
    [row] = on_site(seeded.uow(), desk(seeded))
    assert row.badge is BadgeState.WAITING  # the new job, not the cancelled one

    assert deliver_pending(seeded.uow, SpoolPrinter(tmp_path / "spool"), [reprint.job_id])[0].ok
    [row] = on_site(seeded.uow(), desk(seeded))
    assert row.badge is BadgeState.PRINTED and row.badge_error is None
    with seeded.uow() as uow:
        jobs = uow.session.scalar(select(func.count()).select_from(OutboxJob))
        assert jobs >= 2
