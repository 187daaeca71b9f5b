"""Incident reports (G4): filed by the site's guard, sealed at rest, searched and audited."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from core.demo import seed
from core.errors import PermissionDenied, ValidationFailed
from core.incidents import Category, IncidentInput, report_incident, search_incidents
from core.permissions import Actor, Role
from core.validation import clean, clean_lines
from db.models import AuditEntry, Incident
from tests.core.helpers import count, site_id


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def report(app, actor, site, **values):
    data = dict(category="security", description="Tailgating at door A")
    data.update(values)
    return report_incident(app.uow(), actor, site, IncidentInput(**data))


def test_an_incident_is_sealed_at_rest_and_audited_without_text(seeded):
    hel = site_id(seeded)
    guard = user(Role.SECURITY, hel)
    done = report(
        seeded,
        guard,
        hel,
        place="Machine room 2",
        category="information_security",
        description="USB stick found plugged in",
        people_involved="Jussi Korhonen",
    )
    assert done.reported_by == guard.label and done.category == Category.INFORMATION_SECURITY
    with seeded.uow() as uow:
        row = uow.session.get(Incident, done.id)
        assert b"Machine room" not in row.place_enc and b"USB" not in row.description_enc
        assert b"Jussi" not in row.people_involved_enc
        assert row.description == "USB stick found plugged in"
        [entry] = uow.session.execute(
            select(AuditEntry.subject_id, AuditEntry.details).where(
                AuditEntry.action == "incident.report"
            )
        ).all()
    assert tuple(entry) == (done.id, {"category": "information_security"})


def test_search_by_text_category_and_time(seeded):
    hel = site_id(seeded)
    guard = user(Role.SECURITY, hel)
    old = datetime.now(UTC) - timedelta(days=10)
    a = report(seeded, guard, hel, description="Window left open", category="property",
               occurred_at=old)  # fmt: skip
    b = report(seeded, guard, hel, description="Badge lent", people_involved="Aino Mäkelä")
    c = report(seeded, guard, hel, description="Spill", place="Kitchen", category="safety")
    assert [v.id for v in search_incidents(seeded.uow(), guard, hel)] == [c.id, b.id, a.id]
    assert [v.id for v in search_incidents(seeded.uow(), guard, hel, text="aino")] == [b.id]
    assert [v.id for v in search_incidents(seeded.uow(), guard, hel, text="KITCHEN")] == [c.id]
    assert [v.id for v in search_incidents(seeded.uow(), guard, hel, category="property")] == [a.id]
    assert search_incidents(seeded.uow(), guard, hel, text="window", category="safety") == []
    recent = search_incidents(seeded.uow(), guard, hel, since=old + timedelta(days=1))
    assert {v.id for v in recent} == {b.id, c.id}
    older = search_incidents(seeded.uow(), guard, hel, until=old + timedelta(days=1))
    assert [v.id for v in older] == [a.id]
    with pytest.raises(ValidationFailed):
        search_incidents(seeded.uow(), guard, hel, category="party")
    with seeded.uow() as uow:
        views = uow.session.scalars(
            select(AuditEntry.details)
            .where(AuditEntry.action == "incident.view")
            .order_by(AuditEntry.seq)
        ).all()
    assert len(views) == 7 and views[1]["incidents"] == 1
    assert all("aino" not in str(v).lower() for v in views)


def test_only_the_sites_guards_and_administrators_report(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    admin = user(Role.ADMINISTRATOR, hel)
    report(seeded, admin, hel)
    assert len(search_incidents(seeded.uow(), admin, hel)) == 1
    refused = (user(Role.HR, hel), user(Role.RECEPTION, hel), Actor.kiosk(hel),
               user(Role.SECURITY, esp), user(Role.ADMINISTRATOR, esp))  # fmt: skip
    for actor in refused:
        with pytest.raises(PermissionDenied):
            report(seeded, actor, hel)
        with pytest.raises(PermissionDenied):
            search_incidents(seeded.uow(), actor, hel)
    assert count(seeded, Incident) == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"description": "   "}, "description"),
        ({"category": "party"}, "category"),
        ({"place": "p" * 201}, "place"),
        ({"people_involved": "a\x07b"}, "people_involved"),
        ({"occurred_at": datetime(2020, 1, 1)}, "occurred_at"),
        ({"occurred_at": datetime.now(UTC) + timedelta(days=2)}, "occurred_at"),
    ],
)
def test_bad_fields_are_refused_per_field(seeded, values, field):
    hel = site_id(seeded)
    with pytest.raises(ValidationFailed) as exc:
        report(seeded, user(Role.SECURITY, hel), hel, **values)
    assert field in exc.value.errors and str(exc.value.errors[field])
    assert count(seeded, Incident) == 0


texts = st.text(max_size=60)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(place=texts, description=texts, people=texts, category=st.sampled_from(list(Category)))
def test_random_text_is_stored_or_refused_plainly(sqlite_app, place, description, people, category):
    if site_id(sqlite_app) is None:
        seed(sqlite_app.uow)
    hel = site_id(sqlite_app)
    guard = user(Role.SECURITY, hel)
    try:
        done = report(sqlite_app, guard, hel, place=place, description=description,
                      people_involved=people, category=category)  # fmt: skip
    except ValidationFailed as exc:
        assert exc.errors and all(str(m) for m in exc.errors.values())
        return
    [shown] = [v for v in search_incidents(sqlite_app.uow(), guard, hel) if v.id == done.id]
    assert shown.description == clean_lines(description) and (shown.place or "") == clean(place)
    assert (shown.people_involved or "") == clean_lines(people) and shown.category == category
