"""A3: the reminder letter to a former employee bound by a non-compete (end date, compensation
per month and in total, any release deadline), in the language of the jurisdiction."""

from __future__ import annotations

from datetime import timedelta

from core.errors import NotFound
from core.hosts import display_name
from core.messages import N_, Message
from core.noncompete import (
    CURRENCY,
    LETTER_LANGUAGE,
    RELEASED,
    audit_noncompete,
    employee_and_terms,
    refusal,
    schedule_of,
    site_today,
)
from core.permissions import Actor
from core.uow import UnitOfWork
from forms.noncompete_data import NonCompeteLetterData
from forms.noncompete_letter import render_noncompete_letter
from forms.render import default_renderer
from resources.i18n import LANGUAGES


def _letter_data(
    uow: UnitOfWork, actor: Actor, employee_id: str, language: str | None
) -> NonCompeteLetterData:
    if language is not None and language not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise refusal(N_("Please choose a language: {choices}."), "language", choices=choices)
    with uow:
        employee, record = employee_and_terms(uow, actor, employee_id)
        if record.restriction_start is None:
            raise NotFound(Message(N_("The employee's last working day has not been recorded.")))
        if record.released_on is not None:
            raise refusal(RELEASED, "employee", date=record.released_on)
        plan = schedule_of(record)
        if plan is None:
            raise NotFound(Message(N_("There are no non-compete rules for jurisdiction {code}."),
                                   {"code": record.jurisdiction}))  # fmt: skip
        code = record.jurisdiction.upper()
        chosen = language or LETTER_LANGUAGE.get(code, "en")
        site = employee.site
        # The site's controller line reads "Company, street, town": the company is the employer.
        employer, _sep, address = (site.privacy_controller or site.name).partition(",")
        data = NonCompeteLetterData(
            language=chosen,
            employer=employer.strip(),
            employer_address=address.strip(),
            site_name=site.name,
            employee_name=display_name(employee),
            letter_date=site_today(employee),
            last_day=plan.start,
            first_day=plan.start + timedelta(days=1),
            last_bound_day=plan.end,
            months=plan.months,
            monthly_due=plan.monthly_due,
            total_due=plan.total_due,
            currency=CURRENCY.get(code),
            payment=plan.payment.value,
            release_deadline=plan.release_deadline,
            contact=site.privacy_contact,
        )
        audit_noncompete(uow, actor, "letter", record, language=chosen)
        uow.commit()
        return data


def noncompete_letter_pdf(
    uow: UnitOfWork, actor: Actor, employee_id: str, language: str | None = None
) -> bytes:
    """The reminder letter for the former employee (read and audited in one transaction,
    rendered outside it), in the language of the jurisdiction unless one is given."""
    return render_noncompete_letter(
        default_renderer(), _letter_data(uow, actor, employee_id, language)
    )
