"""G3 muster list, on SQLite and PostgreSQL: who is on site now, the zone they are inside with
their escort, counts, permissions, and one audit entry without names."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from core.checkin import check_in
from core.checkout import check_out
from core.demo import seed
from core.door import check_door, record_exit
from core.errors import NotFound, PermissionDenied
from core.muster import muster, muster_pdf, print_muster
from core.permissions import Actor, Role
from core.printing import PrintFailed, SpoolPrinter
from db.models import AuditEntry, OutboxJob, Visit
from tests.core.helpers import host_id, site_id, walk_in
from tests.core.test_door import ROOM, _edit, escort_token, visit_with_room, zone_id
from tests.forms.pdf import text


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def user(app, *roles, codes=("hel",)) -> Actor:
    sites = frozenset(site_id(app, code) for code in codes)
    return Actor(kind="user", id="u", roles=frozenset(roles), site_ids=sites)


def arrive(app, code="hel", host="Aino", **fields):
    site = site_id(app, code)
    request = replace(walk_in(app, **fields), site_id=site, host_id=host_id(app, site, host))
    return check_in(app.uow(), Actor.kiosk(site), request)


def _token(app, job_id):
    with app.uow() as uow:
        return uow.session.get(OutboxJob, job_id).secret


def _audits(app, action="muster.view"):
    with app.uow() as uow:
        entries = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        ).all()
        return [(e.actor, e.site_id, e.subject_id, dict(e.details)) for e in entries]


def test_checked_in_visitors_appear_and_checked_out_ones_do_not(seeded):
    here = arrive(seeded, first_name="Väinö", last_name="Åkerlund", company="Öljy & Co")
    gone = arrive(seeded, first_name="Lähtijä", last_name="Poissa")
    arrive(seeded, code="esp", host="Emma", first_name="Elsa")
    check_out(seeded.uow(), Actor.kiosk(site_id(seeded)), _token(seeded, gone.badge_job_id))

    listed = muster(seeded.uow(), user(seeded, Role.RECEPTION), site_id(seeded))
    assert [p.visit_id for p in listed.people] == [here.visit_id]
    [person] = listed.people
    assert (person.first_name, person.last_name, person.company) == (
        "Väinö",
        "Åkerlund",
        "Öljy & Co",
    )
    assert person.host_name.startswith("Aino ") and person.zone_name is None
    assert person.checked_in_at is not None and person.checked_in_at.utcoffset() is not None
    assert listed.total == 1 and listed.site_code == "hel"
    assert listed.counts()["visitors"] == 1 and listed.counts()["zones"] == {ROOM: 0}


def test_a_visitor_inside_a_zone_shows_the_zone_and_the_escort(seeded):
    visit_id, token = visit_with_room(seeded)
    _edit(seeded, Visit, visit_id, escort_required=True)
    other_id, other_token = visit_with_room(seeded, first_name="Olli", last_name="Ulkona")
    guard = user(seeded, Role.SECURITY)
    escort = escort_token(seeded)
    assert check_door(seeded.uow(), guard, zone_id(seeded), token, escort).allowed
    assert check_door(seeded.uow(), guard, zone_id(seeded), other_token, escort).allowed
    record_exit(seeded.uow(), guard, zone_id(seeded), other_token)

    listed = muster(seeded.uow(), guard, site_id(seeded))
    by_visit = {p.visit_id: p for p in listed.people}
    inside, outside = by_visit[visit_id], by_visit[other_id]
    assert inside.zone_name == ROOM and inside.escort_name == "Mikko Korhonen"
    assert inside.escort_required is True
    assert outside.zone_name is None and outside.escort_name is None
    assert listed.zone_counts == ((zone_id(seeded), ROOM, 1),)
    shown = text(muster_pdf(seeded.uow(), guard, site_id(seeded)))
    assert "Kaisa" in shown and "Mikko Korhonen" in shown and "Visitors on site: 2" in shown


def test_hr_and_another_sites_desk_are_refused_and_nothing_is_audited(seeded):
    arrive(seeded)
    with pytest.raises(PermissionDenied):
        muster(seeded.uow(), user(seeded, Role.HR, codes=("hel", "esp")), site_id(seeded))
    with pytest.raises(PermissionDenied):
        muster(seeded.uow(), user(seeded, Role.SECURITY, codes=("esp",)), site_id(seeded))
    with pytest.raises(PermissionDenied):
        muster(seeded.uow(), Actor.kiosk(site_id(seeded)), site_id(seeded))
    with pytest.raises(NotFound):
        muster(seeded.uow(), Actor.system("test"), "no-such-site")
    assert _audits(seeded) == []


def test_the_look_is_audited_once_without_names(seeded):
    arrive(seeded, first_name="Väinö", last_name="Åkerlund", company="Öljy & Co")
    muster(seeded.uow(), user(seeded, Role.RECEPTION), site_id(seeded))
    [(actor, site, subject, details)] = _audits(seeded)
    assert actor == "user:u" and site == subject == site_id(seeded)
    assert details == {"count": 1, "zones": {zone_id(seeded): 0}}
    for name in ("Väinö", "Åkerlund", "Öljy", "Aino", "Kaisa"):
        assert name not in str(details)


def test_print_muster_prints_or_hands_back_the_pdf(seeded, tmp_path):
    from core.messages import Message

    arrive(seeded)
    guard = user(seeded, Role.SECURITY)
    done = print_muster(seeded.uow, guard, site_id(seeded), SpoolPrinter(tmp_path / "spool"))
    assert done.printed and done.message is None
    [printed] = (tmp_path / "spool").glob("muster-hel-*.pdf")
    assert printed.read_bytes() == done.pdf

    class Jammed:
        def print_pdf(self, pdf: bytes, job_name: str) -> None:
            raise PrintFailed(Message("The printer did not accept the badge."), "paper jam")

    failed = print_muster(seeded.uow, guard, site_id(seeded), Jammed())
    assert not failed.printed and failed.detail == "paper jam"
    assert failed.message is not None and "Show it on screen" in failed.message.render()
    assert failed.pdf.startswith(b"%PDF") and "Kaisa" in text(failed.pdf)
    assert failed.as_dict()["printed"] is False and failed.as_dict()["visitors"] == 1
