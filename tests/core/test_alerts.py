"""Alerts for the guard and reception: raised with the act, seen per site, acknowledged."""

from datetime import date

import pytest
from sqlalchemy import select

from core.alerts import DENY_LIST, ID_NOT_VERIFIED, acknowledge, open_alerts, raise_alert
from core.checkin import check_in
from core.demo import seed
from core.denylist import add_entry
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.idparse import StoredId
from core.idparse.result import Kind
from core.permissions import Actor, Role
from db.models import Alert, AuditEntry
from tests.core.helpers import count, site_id, walk_in


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


def stored_id(verified: bool) -> StoredId:
    return StoredId(Kind.MRZ_TD3, "P", "FIN", date(2031, 1, 1), "1234", verified)


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def test_an_unverified_id_alerts_and_the_check_in_goes_on(seeded):
    site = site_id(seeded)
    result = check_in(
        seeded.uow(), Actor.kiosk(site), walk_in(seeded, id_document=stored_id(False))
    )
    assert not result.held and result.badge_job_id
    [alert] = open_alerts(seeded.uow(), user(Role.SECURITY, site), site)
    assert alert.kind == ID_NOT_VERIFIED and alert.visit_id == result.visit_id
    assert alert.details == {"kind": "mrz-td3"}
    check_in(seeded.uow(), Actor.kiosk(site), walk_in(seeded, id_document=stored_id(True)))
    check_in(seeded.uow(), Actor.kiosk(site), walk_in(seeded))
    assert count(seeded, Alert) == 1  # a verified ID, or none at all, raises nothing


def test_a_held_check_in_with_a_failing_id_raises_both(seeded):
    site = site_id(seeded)
    add_entry(seeded.uow(), Actor.system(), "Kaisa", "Testinen")
    result = check_in(
        seeded.uow(), Actor.kiosk(site), walk_in(seeded, id_document=stored_id(False))
    )
    shown = open_alerts(seeded.uow(), user(Role.RECEPTION, site), site)
    assert result.held and {a.kind for a in shown} == {DENY_LIST, ID_NOT_VERIFIED}
    assert {a.visit_id for a in shown} == {result.visit_id}


def test_a_refused_check_in_leaves_no_alert(seeded):
    site = site_id(seeded)
    add_entry(seeded.uow(), Actor.system(), "Kaisa", "Testinen")
    with pytest.raises(ValidationFailed):
        check_in(
            seeded.uow(),
            Actor.kiosk(site),
            walk_in(seeded, id_document=stored_id(False), host_id="nobody"),
        )
    assert count(seeded, Alert) == 0


def test_alerts_are_seen_per_site_and_acknowledged_once(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    with seeded.uow() as uow:
        at_hel = raise_alert(uow, hel, DENY_LIST).id
        raise_alert(uow, esp, ID_NOT_VERIFIED, details={"kind": "aamva"})
        uow.commit()
    guard, reception = user(Role.SECURITY, hel), user(Role.RECEPTION, hel)
    assert [a.id for a in open_alerts(seeded.uow(), guard, hel)] == [at_hel]
    assert [a.id for a in open_alerts(seeded.uow(), reception, hel)] == [at_hel]
    for actor in (user(Role.HR, hel), Actor.kiosk(hel)):
        with pytest.raises(PermissionDenied):
            open_alerts(seeded.uow(), actor, hel)
    with pytest.raises(PermissionDenied):
        open_alerts(seeded.uow(), guard, esp)
    with pytest.raises(PermissionDenied):
        acknowledge(seeded.uow(), user(Role.SECURITY, esp), at_hel)
    done = acknowledge(seeded.uow(), guard, at_hel)
    assert done.acknowledged_at is not None and done.acknowledged_by == guard.label
    again = acknowledge(seeded.uow(), reception, at_hel)
    assert again.acknowledged_by == guard.label
    assert open_alerts(seeded.uow(), guard, hel) == []
    with seeded.uow() as uow:
        entries = uow.session.execute(
            select(AuditEntry.subject_id, AuditEntry.actor).where(
                AuditEntry.action == "alert.acknowledge"
            )
        ).all()
    assert [tuple(e) for e in entries] == [(at_hel, guard.label)]
    with pytest.raises(NotFound):
        acknowledge(seeded.uow(), guard, "no-such-alert")


@pytest.mark.parametrize(
    ("kind", "details"),
    [("party", None), (DENY_LIST, {"name": "Kaisa"}), (DENY_LIST, {"kind": {"nested": 1}})],
)
def test_an_alert_holds_known_kinds_and_no_personal_data(seeded, kind, details):
    with seeded.uow() as uow, pytest.raises(ValueError):
        raise_alert(uow, site_id(seeded), kind, details=details)
