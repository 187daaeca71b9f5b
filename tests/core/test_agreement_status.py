"""A3 status for HR (SQLite and PostgreSQL): requirements per staff kind and site; who signed
which version when, what expires within 30 days, who is missing one; CSV safe for spreadsheets;
signing at the desk and filing a paper copy."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from core.agreement_admin import Kind, verify_signature
from core.agreement_status import (
    State,
    agreement_status,
    drop_requirement,
    require_agreement,
    status_csv,
)
from core.agreements import current_nda
from core.checkin import check_in
from core.demo import seed
from core.employee_signing import file_signed_pdf, sign_at_desk
from core.errors import PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from db.models import AgreementSignature, AuditEntry, Employee
from tests.core.helpers import PNG, count, site_id, walk_in

PAPER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def hel(app):
    seed(app.uow)
    return app, site_id(app, "hel"), user(Role.HR, site_id(app, "hel"))


def staff(app, site):
    with app.uow() as uow:
        people = uow.session.scalars(
            select(Employee).where(Employee.site_id == site, Employee.left_on.is_(None),
                                   Employee.active.is_(True))
        ).all()  # fmt: skip
        return {p.last_name: p.id for p in people}


def test_missing_signed_and_expiring_for_the_sites_staff(hel):
    app, site, hr = hel
    people = staff(app, site)
    assert require_agreement(app.uow(), hr, site, Kind.NDA, "employee") == require_agreement(
        app.uow(), hr, site, Kind.NDA, "employee"
    )
    rows = agreement_status(app.uow(), hr, site)
    assert {r.person_id for r in rows if r.state is State.MISSING} == set(people.values())
    nda = current_nda(app.uow(), Actor.kiosk(site), "en")
    first, second = sorted(people)[:2]
    signed = sign_at_desk(app.uow(), hr, people[first], nda.template_id, PNG)
    assert signed.version == nda.version and verify_signature(app.uow(), hr, signed.signature_id).ok
    filed = file_signed_pdf(
        app.uow(), hr, people[second], nda.template_id, PAPER, date(2025, 12, 1)
    )
    with app.uow() as uow:  # the paper copy is kept byte for byte
        assert uow.session.get(AgreementSignature, filed.signature_id).pdf == PAPER
    with app.uow() as uow:  # the first one's signature runs out in 10 days
        uow.session.execute(
            update(AgreementSignature)
            .where(AgreementSignature.id == signed.signature_id)
            .values(expires_at=signed.signed_at + timedelta(days=10))
        )
        uow.commit()
    rows = {r.person_id: r for r in agreement_status(app.uow(), hr, site, kind=Kind.NDA)}
    assert rows[people[first]].state is State.EXPIRING
    assert rows[people[second]].state in (State.SIGNED, State.EXPIRING, State.EXPIRED)
    assert rows[people[second]].signed_at.date() == date(2025, 12, 1)
    missing = agreement_status(app.uow(), hr, site, states=[State.MISSING])
    assert {r.person_id for r in missing} == set(people.values()) - {people[first], people[second]}
    assert missing and all(r.required for r in missing)


def test_visitors_show_what_they_signed_at_the_site(hel):
    app, site, hr = hel
    nda = current_nda(app.uow(), Actor.kiosk(site), "en")
    check_in(app.uow(), Actor.kiosk(site),
             walk_in(app, nda_template_id=nda.template_id, signature_png=PNG))  # fmt: skip
    [row] = agreement_status(app.uow(), hr, site, person_type="visitor")
    assert row.name == "Kaisa Testinen" and row.state is State.SIGNED and not row.required
    both = user(Role.HR, site, site_id(app, "esp"))  # Espoo had no such visitor
    assert agreement_status(app.uow(), both, site_id(app, "esp"), person_type="visitor") == []


def test_csv_neutralises_formulas(hel):
    app, site, hr = hel
    nda = current_nda(app.uow(), Actor.kiosk(site), "en")
    check_in(app.uow(), Actor.kiosk(site),
             walk_in(app, first_name="=HYPERLINK(\"x\")", last_name="+1", company="@evil",
                     nda_template_id=nda.template_id, signature_png=PNG))  # fmt: skip
    text = status_csv(agreement_status(app.uow(), hr, site, person_type="visitor"))
    lines = text.split("\r\n")
    assert lines[0].startswith("person_type,name,")
    assert "'=HYPERLINK" in lines[1] and ",=" not in text and ",+" not in text


def test_only_hr_and_administrators_in_scope_and_refusals_write_nothing(hel):
    app, site, _hr = hel
    for actor in (user(Role.HR, site_id(app, "esp")), user(Role.SECURITY, site),
                  user(Role.RECEPTION, site), Actor.kiosk(site)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            agreement_status(app.uow(), actor, site)
        with pytest.raises(PermissionDenied):
            require_agreement(app.uow(), actor, site, Kind.NDA, "employee")
    admin = user(Role.ADMINISTRATOR, site)
    rule = require_agreement(app.uow(), admin, site, Kind.SECURITY_POLICY, "contractor")
    drop_requirement(app.uow(), admin, rule)
    with pytest.raises(ValidationFailed):
        require_agreement(app.uow(), admin, site, "contract", "employee")
    with pytest.raises(ValidationFailed):
        require_agreement(app.uow(), admin, site, Kind.NDA, "intern")
    with app.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("agreement.require") == 1 and actions.count("agreement.unrequire") == 1


def test_bad_uploads_and_signatures_are_refused(hel):
    app, site, hr = hel
    person = next(iter(staff(app, site).values()))
    nda = current_nda(app.uow(), Actor.kiosk(site), "en")
    before = count(app, AgreementSignature)
    for pdf in (b"not a pdf", b"%PDF-1.4 no end", b"%PDF-" + b"x" * (21 * 1024 * 1024)):
        with pytest.raises(ValidationFailed):
            file_signed_pdf(app.uow(), hr, person, nda.template_id, pdf)
    with pytest.raises(ValidationFailed):
        file_signed_pdf(app.uow(), hr, person, nda.template_id, PAPER, date.today() + timedelta(3))
    with pytest.raises(ValidationFailed):
        sign_at_desk(app.uow(), hr, person, nda.template_id, b"GIF89a")
    with pytest.raises(ValidationFailed):
        sign_at_desk(app.uow(), hr, person, "no-such-template", PNG)
    assert count(app, AgreementSignature) == before
