"""A3: proposed non-compete terms checked against the employee's jurisdiction. Pure rules.

No database and no clock: every date is passed in. The law of each jurisdiction is data, one
TOML file per jurisdiction in ``resources/jurisdictions/`` (``fi.toml``, ``cn.toml``), so a
jurisdiction is added by adding a file; ``core.jurisdictions`` reads and validates them.

``check_terms(terms)`` lists what is wrong with the terms (empty: nothing found), each item a
code and a Message; ``schedule(terms)`` says when the restriction ends, what compensation is
due each month and in total, and until when the employer can still release the employee.

Month arithmetic is calendar months, the way periods in months are counted in law: adding a
month keeps the day of the month, clamped to the month's last day (31 January + 1 month =
28 or 29 February).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from core.errors import NotFound
from core.jurisdictions import (
    CATEGORY_TEXT,
    EmployeeCategory,
    Jurisdiction,
    Payment,
    load_jurisdictions,
)
from core.messages import N_, Message

CENT = Decimal("0.01")


class WarningCode(StrEnum):
    UNKNOWN_JURISDICTION = "unknown_jurisdiction"
    TOO_LONG = "too_long"
    CATEGORY_NOT_ALLOWED = "category_not_allowed"
    WEIGHTY_REASON_MISSING = "weighty_reason_missing"
    COMPENSATION_TOO_LOW = "compensation_too_low"
    MINIMUM_WAGE_UNKNOWN = "minimum_wage_unknown"
    BELOW_MINIMUM_WAGE = "below_minimum_wage"


WARNING_TEXT: dict[WarningCode, str] = {
    WarningCode.UNKNOWN_JURISDICTION: N_("There are no non-compete rules for jurisdiction {code}."),
    WarningCode.TOO_LONG: N_(
        "A non-compete may last at most {max} months here; {months} months were proposed."
    ),
    WarningCode.CATEGORY_NOT_ALLOWED: N_(
        "A non-compete may not bind this employee here ({category})."
    ),
    WarningCode.WEIGHTY_REASON_MISSING: N_(
        "A non-compete needs a particularly weighty reason; confirm that there is one."
    ),
    WarningCode.COMPENSATION_TOO_LOW: N_(
        "For {months} months the compensation must be at least {percent} % of pay; "
        "{proposed} % was proposed."
    ),
    WarningCode.MINIMUM_WAGE_UNKNOWN: N_(
        "Enter the local minimum monthly wage: the compensation may not be below it."
    ),
    WarningCode.BELOW_MINIMUM_WAGE: N_(
        "The monthly compensation {amount} is below the local minimum wage {minimum}."
    ),
}


@dataclass(frozen=True)
class NonCompeteTerms:
    jurisdiction: str  # ISO 3166 code, e.g. "FI"
    months: int
    compensation_percent: Decimal  # of monthly_pay, as agreed
    monthly_pay: Decimal  # the employee's pay (CN: average monthly wage of the last 12 months)
    employee_category: EmployeeCategory
    restriction_start: date  # the employment's last day; the restriction binds from the next
    local_minimum_wage: Decimal | None = None  # monthly, where the law sets a floor
    weighty_reason: bool = False  # the user asserts there is a particularly weighty reason

    def __post_init__(self) -> None:
        # Nonsense that no jurisdiction could judge is a programming error, not a warning.
        if self.months < 1:
            raise ValueError("months must be at least 1")
        for name in ("compensation_percent", "monthly_pay", "local_minimum_wage"):
            value = getattr(self, name)
            if value is not None and (not value.is_finite() or value < 0):
                raise ValueError(f"{name} must be a non-negative number")


@dataclass(frozen=True)
class NonCompeteWarning:
    code: WarningCode
    message: Message
    source: str = ""  # the legal source, untranslated (a statute's citation)


@dataclass(frozen=True)
class NonCompeteSchedule:
    start: date
    end: date  # the restriction's last day: start + months, as periods in months are counted
    months: int  # months that bind: the proposal, cut to the jurisdiction's maximum
    payment: Payment
    monthly_agreed: Decimal
    monthly_minimum: Decimal  # what the law requires each month (min. wage floor included)
    monthly_due: Decimal  # the larger of the two: the law overrides a lower agreed amount
    total_due: Decimal  # monthly_due x months
    release_notice_months: Fraction | None  # None: the employer cannot end it by notice
    release_deadline: date | None  # last day to give notice so that the restriction never binds


# --- month arithmetic -------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months (negative: back), the day clamped to the month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def subtract_months(day: date, months: Fraction) -> date:
    """``day`` moved back by ``months``; a fraction of a month is counted on the month it falls
    in (the month before the whole months) and rounded up to whole days, in the employee's
    favour: 2 1/3 months before 1 March is 1 January less a third of December's 31 days."""
    whole = int(months)  # months is not negative, so int() floors
    back = add_months(day, -whole)
    rest = months - whole
    if rest:
        previous = back.replace(day=1) - timedelta(days=1)
        days_in_month = calendar.monthrange(previous.year, previous.month)[1]
        part = rest * days_in_month
        back -= timedelta(days=-(-part.numerator // part.denominator))
    return back


def _find(code: str, jurisdictions: Mapping[str, Jurisdiction] | None) -> Jurisdiction | None:
    table = load_jurisdictions() if jurisdictions is None else jurisdictions
    return table.get(code.strip().upper())


def _unknown(code: str) -> Message:
    return Message(WARNING_TEXT[WarningCode.UNKNOWN_JURISDICTION], {"code": code})


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    """40.00 -> "40", 30.5 -> "30.5": no exponent, no trailing zeros."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _of_pay(terms: NonCompeteTerms, percent: Decimal) -> Decimal:
    return _cents(terms.monthly_pay * percent / 100)


def check_terms(
    terms: NonCompeteTerms, jurisdictions: Mapping[str, Jurisdiction] | None = None
) -> list[NonCompeteWarning]:
    """What is wrong with ``terms`` under their jurisdiction's rules; empty when nothing is."""
    rules = _find(terms.jurisdiction, jurisdictions)
    if rules is None:
        return [NonCompeteWarning(WarningCode.UNKNOWN_JURISDICTION, _unknown(terms.jurisdiction))]

    found: list[NonCompeteWarning] = []

    def warn(code: WarningCode, **params: Any) -> None:
        found.append(NonCompeteWarning(code, Message(WARNING_TEXT[code], params), rules.source))

    if terms.months > rules.max_months:
        warn(WarningCode.TOO_LONG, max=rules.max_months, months=terms.months)
    if terms.employee_category not in rules.eligible_categories:
        category = Message(CATEGORY_TEXT[terms.employee_category])
        warn(WarningCode.CATEGORY_NOT_ALLOWED, category=category)
    if rules.requires_weighty_reason and not terms.weighty_reason:
        warn(WarningCode.WEIGHTY_REASON_MISSING)
    binding = min(terms.months, rules.max_months)
    required = rules.required_percent(binding)
    if terms.compensation_percent < required:
        warn(
            WarningCode.COMPENSATION_TOO_LOW,
            months=binding,
            percent=_number(required),
            proposed=_number(terms.compensation_percent),
        )
    if rules.minimum_wage_floor:
        if terms.local_minimum_wage is None:
            warn(WarningCode.MINIMUM_WAGE_UNKNOWN)
        else:
            agreed = _of_pay(terms, terms.compensation_percent)
            minimum = _cents(terms.local_minimum_wage)
            if agreed < minimum:
                # Decimals (in cents), so the edge can format them for the reader's locale.
                warn(WarningCode.BELOW_MINIMUM_WAGE, amount=agreed, minimum=minimum)
    return found


def release_notice_months(rules: Jurisdiction, months: int) -> Fraction | None:
    """Length of the employer's notice to end the agreement, or None where there is none."""
    if rules.release_notice is None:
        return None
    notice = rules.release_notice
    return max(notice.fraction * months, Fraction(notice.minimum_months))


def schedule(
    terms: NonCompeteTerms, jurisdictions: Mapping[str, Jurisdiction] | None = None
) -> NonCompeteSchedule:
    """End date, compensation due and release deadline of ``terms``.

    A restriction longer than the jurisdiction allows binds only for the maximum (FI 3:5 and
    CN art. 24 cap the period), so the schedule counts only those months.

    FI 3:5 lets the employer terminate the agreement with notice of one third of the
    restriction period, at least two months. Our reading for the deadline: notice given no
    later than that long before the employment's last day ends the agreement before it binds,
    so no restriction and no compensation follow; notice given later still leaves the employee
    bound (and paid) until the notice runs out. ``release_deadline`` is that last day.
    """
    rules = _find(terms.jurisdiction, jurisdictions)
    if rules is None:
        raise NotFound(_unknown(terms.jurisdiction))
    months = min(terms.months, rules.max_months)
    agreed = _of_pay(terms, terms.compensation_percent)
    minimum = _of_pay(terms, rules.required_percent(months))
    if rules.minimum_wage_floor and terms.local_minimum_wage is not None:
        minimum = max(minimum, _cents(terms.local_minimum_wage))
    due = max(agreed, minimum)
    notice = release_notice_months(rules, months)
    return NonCompeteSchedule(
        start=terms.restriction_start,
        end=add_months(terms.restriction_start, months),
        months=months,
        payment=rules.payment,
        monthly_agreed=agreed,
        monthly_minimum=minimum,
        monthly_due=due,
        total_due=due * months,
        release_notice_months=notice,
        release_deadline=(
            None if notice is None else subtract_months(terms.restriction_start, notice)
        ),
    )
