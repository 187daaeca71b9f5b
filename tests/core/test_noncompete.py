"""A3 non-compete: terms recorded under the employee's jurisdiction with rule warnings, the
tracker after exit, releases and the reminder letter; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.demo import seed
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.noncompete import (
    RELEASE_EXTRA,
    Status,
    TermsInput,
    record_terms,
    release,
    set_restriction_start,
    tracker,
)
from core.noncompete_letter import noncompete_letter_pdf
from core.noncompete_rules import WarningCode
from core.permissions import Actor, Role
from db.hr_models import NonCompete
from db.models import AuditEntry, Employee
from tests.core.helpers import count, site_id
from tests.forms.pdf import text

FAIR = TermsInput(months=6, compensation_percent="40", monthly_pay="3000.00",
                  employee_category="other", weighty_reason=True)  # fmt: skip


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def employee(app, first: str, jurisdiction: str | None = None) -> str:
    with app.uow() as uow:
        found = next(e for e in uow.session.scalars(select(Employee)) if e.first_name == first)
        if jurisdiction:
            found.jurisdiction = jurisdiction
            uow.commit()
        return found.id


def audited(app, action: str) -> list[dict]:
    with app.uow() as uow:
        return list(
            uow.session.scalars(
                select(AuditEntry.details)
                .where(AuditEntry.action == action)
                .order_by(AuditEntry.seq)
            )
        )


def test_terms_within_the_rules_are_recorded_sealed_without_warnings(seeded):
    hr = user(Role.HR, site_id(seeded))
    jukka = employee(seeded, "Jukka")
    typed = TermsInput(months=" 6 ", compensation_percent="40,0", monthly_pay="3 000,00",
                       employee_category="other", weighty_reason=True)  # fmt: skip
    view = record_terms(seeded.uow(), hr, jukka, typed)
    assert view.warnings == () and view.jurisdiction == "FI" and view.schedule is None
    assert view.compensation_percent == Decimal("40") and view.restriction_start is None
    with seeded.uow() as uow:
        row = uow.session.get(NonCompete, view.id)
        assert row.monthly_pay == "3000.00" and b"3000" not in row.monthly_pay_enc
    [details] = audited(seeded, "noncompete.record")
    assert details == {"employee": jukka, "jurisdiction": "FI", "supersedes": None,
                       "warnings": []}  # fmt: skip


def test_terms_off_the_rules_are_saved_with_warnings_and_supersede(seeded):
    hr = user(Role.HR, site_id(seeded))
    jukka = employee(seeded, "Jukka")
    first = record_terms(seeded.uow(), hr, jukka, FAIR)
    loose = TermsInput(months=18, compensation_percent="30", monthly_pay="3000",
                       employee_category="other")  # fmt: skip
    view = record_terms(seeded.uow(), hr, jukka, loose)
    assert [w.code for w in view.warnings] == [
        WarningCode.TOO_LONG,
        WarningCode.WEIGHTY_REASON_MISSING,
        WarningCode.COMPENSATION_TOO_LOW,
    ]
    assert count(seeded, NonCompete) == 2  # history kept; the newest is the current one
    assert audited(seeded, "noncompete.record")[1]["supersedes"] == first.id
    li = employee(seeded, "Li", jurisdiction="CN")
    cn = record_terms(seeded.uow(), hr, li, TermsInput(12, "30", "20000", "other"))
    assert [w.code for w in cn.warnings] == [
        WarningCode.CATEGORY_NOT_ALLOWED,
        WarningCode.MINIMUM_WAGE_UNKNOWN,
    ]
    assert cn.jurisdiction == "CN"
    sofia = employee(seeded, "Sofia", jurisdiction="SE")  # no rules file: saved, warned
    se = record_terms(seeded.uow(), hr, sofia, FAIR)
    assert [w.code for w in se.warnings] == [WarningCode.UNKNOWN_JURISDICTION]
    assert set_restriction_start(seeded.uow(), hr, sofia, date(2031, 1, 31)).schedule is None
    [row] = tracker(seeded.uow(), hr, site_id(seeded), today=date(2031, 3, 1))
    assert row.end is None and row.monthly_due is None and row.status is Status.RUNNING


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"months": 0}, "months"),
        ({"months": "twelve"}, "months"),
        ({"months": 10_000}, "months"),
        ({"compensation_percent": "-1"}, "compensation_percent"),
        ({"compensation_percent": "101"}, "compensation_percent"),
        ({"monthly_pay": "-5"}, "monthly_pay"),
        ({"monthly_pay": "lots"}, "monthly_pay"),
        ({"monthly_pay": "NaN"}, "monthly_pay"),
        ({"monthly_pay": "1.234"}, "monthly_pay"),
        ({"monthly_pay": ""}, "monthly_pay"),
        ({"local_minimum_wage": "-1"}, "local_minimum_wage"),
        ({"employee_category": "boss"}, "employee_category"),
        ({"signature_id": "no-such-signature"}, "signature_id"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(seeded, changes, field):
    hr = user(Role.HR, site_id(seeded))
    values = {**FAIR.__dict__, **changes}
    with pytest.raises(ValidationFailed) as refused:
        record_terms(seeded.uow(), hr, employee(seeded, "Jukka"), TermsInput(**values))
    assert field in refused.value.errors
    assert count(seeded, NonCompete) == 0 and audited(seeded, "noncompete.record") == []


def test_tracker_shows_former_employees_with_schedule_status_and_audit(seeded):
    hel = site_id(seeded)
    hr = user(Role.HR, hel)
    jukka, aino, mikko = (employee(seeded, n) for n in ("Jukka", "Aino", "Mikko"))
    for person in (jukka, aino, mikko):
        record_terms(seeded.uow(), hr, person, FAIR)
    set_restriction_start(seeded.uow(), hr, jukka, date(2031, 1, 31))
    set_restriction_start(seeded.uow(), hr, aino, date(2029, 1, 31))
    # Mikko is still employed: no last day, no row.
    rows = tracker(seeded.uow(), hr, hel, today=date(2031, 3, 1))
    assert [r.employee_id for r in rows] == [aino, jukka]
    ended, running = rows
    assert running.name == "Jukka Nieminen" and running.status is Status.RUNNING
    assert running.end == date(2031, 7, 31) and running.last_day == date(2031, 1, 31)
    assert running.monthly_due == Decimal("1200.00") and running.total_due == Decimal("7200.00")
    assert running.release_deadline == date(2030, 11, 30)
    assert running.days_left == (date(2031, 7, 31) - date(2031, 3, 1)).days
    assert ended.status is Status.ENDED and ended.days_left == 0
    early = tracker(seeded.uow(), hr, hel, today=date(2031, 1, 15))
    assert early[1].status is Status.UPCOMING
    assert audited(seeded, "noncompete.tracker")[0] == {"count": 2}
    with seeded.uow() as uow:
        everything = str(uow.session.scalars(select(AuditEntry.details)).all())
    assert "Jukka" not in everything and "3000" not in everything and "1200" not in everything
    assert (
        tracker(seeded.uow(), user(Role.HR, site_id(seeded, "esp")), site_id(seeded, "esp")) == []
    )


def test_release_in_finland_only_until_the_deadline(seeded):
    hr = user(Role.HR, site_id(seeded))
    jukka = employee(seeded, "Jukka")
    record_terms(seeded.uow(), hr, jukka, FAIR)
    set_restriction_start(seeded.uow(), hr, jukka, date(2031, 1, 31))
    with pytest.raises(ValidationFailed) as late:
        release(seeded.uow(), hr, jukka, date(2030, 12, 1))
    assert "2030-11-30" in str(late.value.errors["on"])
    view, notes = release(seeded.uow(), hr, jukka, date(2030, 11, 30))
    assert view.released_on == date(2030, 11, 30) and notes == ()
    with pytest.raises(ValidationFailed):
        release(seeded.uow(), hr, jukka, date(2030, 11, 1))  # already released
    rows = tracker(seeded.uow(), hr, site_id(seeded), today=date(2031, 3, 1))
    assert rows[0].status is Status.RELEASED and rows[0].days_left == 0
    assert audited(seeded, "noncompete.release") == [
        {"employee": jukka, "on": "2030-11-30", "warnings": []}
    ]


def test_release_in_china_any_time_with_a_warning_once_the_restriction_runs(seeded):
    hr = user(Role.HR, site_id(seeded))
    li = employee(seeded, "Li", jurisdiction="CN")
    terms = TermsInput(12, "30", "20000", "senior_technician", local_minimum_wage="2690")
    record_terms(seeded.uow(), hr, li, terms)
    set_restriction_start(seeded.uow(), hr, li, date(2031, 1, 31))
    view, notes = release(seeded.uow(), hr, li, date(2031, 6, 1))
    assert view.released_on == date(2031, 6, 1)
    [note] = notes
    assert note.params["months"] == 3 and note.params["amount"] == Decimal("18000.00")
    assert audited(seeded, "noncompete.release")[0]["warnings"] == [RELEASE_EXTRA]
    again = record_terms(seeded.uow(), hr, li, terms)  # new terms: the last day carries over
    assert again.restriction_start == date(2031, 1, 31) and again.released_on is None
    with pytest.raises(ValidationFailed) as over:  # nothing left to release after the end
        release(seeded.uow(), hr, li, date(2033, 1, 1))
    assert "2032-01-31" in str(over.value.errors["on"])


def test_letter_for_the_former_employee_in_the_jurisdictions_language(seeded):
    hr = user(Role.HR, site_id(seeded))
    jukka = employee(seeded, "Jukka")
    record_terms(seeded.uow(), hr, jukka, FAIR)
    with pytest.raises(NotFound):  # no last working day yet
        noncompete_letter_pdf(seeded.uow(), hr, jukka)
    set_restriction_start(seeded.uow(), hr, jukka, date(2031, 1, 31))
    shown = text(noncompete_letter_pdf(seeded.uow(), hr, jukka))
    assert "Jukka Nieminen" in shown and "Vartio Demo Oy" in shown
    assert "31. tammikuuta 2031" in shown and "31. heinäkuuta 2031" in shown
    english = text(noncompete_letter_pdf(seeded.uow(), hr, jukka, language="en"))
    assert "31 July 2031" in english
    with pytest.raises(ValidationFailed):
        noncompete_letter_pdf(seeded.uow(), hr, jukka, language="xx")
    assert [d["language"] for d in audited(seeded, "noncompete.letter")] == ["fi", "en"]


def test_only_hr_and_administrators_of_the_employees_site(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    jukka = employee(seeded, "Jukka")
    admin = user(Role.ADMINISTRATOR, hel)
    record_terms(seeded.uow(), admin, jukka, FAIR)
    set_restriction_start(seeded.uow(), admin, jukka, date(2031, 1, 31))
    assert len(tracker(seeded.uow(), admin, hel)) == 1
    refused = (user(Role.HR, esp), user(Role.SECURITY, hel), user(Role.RECEPTION, hel),
               Actor.kiosk(hel), user(Role.ADMINISTRATOR, esp))  # fmt: skip
    acts = (
        lambda who: record_terms(seeded.uow(), who, jukka, FAIR),
        lambda who: set_restriction_start(seeded.uow(), who, jukka, date(2031, 2, 1)),
        lambda who: release(seeded.uow(), who, jukka, date(2030, 11, 1)),
        lambda who: tracker(seeded.uow(), who, hel),
        lambda who: noncompete_letter_pdf(seeded.uow(), who, jukka),
    )
    for actor in refused:
        for act in acts:
            with pytest.raises(PermissionDenied):
                act(actor)
    assert count(seeded, NonCompete) == 1
    with seeded.uow() as uow:
        assert uow.session.scalars(select(NonCompete)).one().released_on is None
    with pytest.raises(NotFound):
        record_terms(seeded.uow(), admin, "no-such-employee", FAIR)


def test_starting_an_offboarding_case_starts_the_restriction_clock(seeded):
    from datetime import date

    from core.offboarding import start_case

    hr = user(Role.HR, site_id(seeded))
    mikko = employee(seeded, "Mikko")
    record_terms(seeded.uow(), hr, mikko, FAIR)
    start_case(seeded.uow(), hr, mikko, date(2026, 12, 31))
    [row] = [r for r in tracker(seeded.uow(), hr, site_id(seeded)) if r.employee_id == mikko]
    assert row.last_day == date(2026, 12, 31) and row.end == date(2027, 6, 30)
