"""What core hands to the non-compete reminder letter (A3/A4): plain values, already chosen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

PAYMENTS = ("monthly", "pay_days")  # core.jurisdictions.Payment, as text: forms sit below core


@dataclass(frozen=True)
class NonCompeteLetterData:
    language: str
    employer: str  # the company that is owed the restriction and pays for it
    employer_address: str  # "" when unknown
    site_name: str
    employee_name: str
    letter_date: date
    last_day: date  # the last working day
    first_day: date  # the first day the restriction binds (the day after the last day)
    last_bound_day: date  # the restriction's last day
    months: int
    monthly_due: Decimal
    total_due: Decimal
    currency: str | None  # ISO 4217; None: amounts are printed as plain numbers
    payment: str  # one of PAYMENTS
    release_deadline: date | None  # None: the law sets no notice for a release
    contact: str  # where the former employee asks about the letter; "" leaves the line out

    def __post_init__(self) -> None:
        if self.payment not in PAYMENTS:
            raise ValueError(f"payment must be one of {PAYMENTS}")
        if not self.first_day <= self.last_bound_day:
            raise ValueError("the restriction must end on or after its first day")
