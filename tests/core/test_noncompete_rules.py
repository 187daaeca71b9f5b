"""A3 non-compete rules: each rule at its limit and just beyond, month arithmetic, the data."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import NotFound
from core.jurisdictions import (
    EmployeeCategory,
    JurisdictionFileError,
    Payment,
    load_jurisdictions,
)
from core.noncompete_rules import (
    NonCompeteTerms,
    WarningCode,
    add_months,
    check_terms,
    schedule,
    subtract_months,
)

FI = NonCompeteTerms(
    jurisdiction="FI",
    months=6,
    compensation_percent=Decimal("40"),
    monthly_pay=Decimal("4000.00"),
    employee_category=EmployeeCategory.OTHER,
    restriction_start=date(2024, 12, 31),  # the employment's last day
    weighty_reason=True,
)
CN = NonCompeteTerms(
    jurisdiction="CN",
    months=24,
    compensation_percent=Decimal("30"),
    monthly_pay=Decimal("20000.00"),
    employee_category=EmployeeCategory.SENIOR_TECHNICIAN,
    restriction_start=date(2025, 7, 1),
    local_minimum_wage=Decimal("2690"),
)


def codes(terms, jurisdictions=None):
    return [w.code for w in check_terms(terms, jurisdictions)]


# --- Finland ---------------------------------------------------------------------------------


def test_fi_valid_terms_have_no_warnings():
    assert codes(FI) == []


@pytest.mark.parametrize(("months", "warned"), [(12, False), (13, True)])
def test_fi_at_most_12_months(months, warned):
    terms = replace(FI, months=months, compensation_percent=Decimal("60"))
    assert (WarningCode.TOO_LONG in codes(terms)) is warned


def test_fi_too_long_message_names_the_limit():
    [warning] = check_terms(replace(FI, months=13, compensation_percent=Decimal("60")))
    assert (
        str(warning.message)
        == "A non-compete may last at most 12 months here; 13 months were proposed."
    )
    assert "55/2001" in warning.source


@pytest.mark.parametrize(
    ("months", "percent", "warned"),
    [
        (6, "40", False),
        (6, "39.99", True),
        (6, "39", True),
        (1, "40", False),
        (7, "40", True),
        (7, "59.9", True),
        (7, "60", False),
        (12, "60", False),
    ],
)
def test_fi_compensation_tiers(months, percent, warned):
    terms = replace(FI, months=months, compensation_percent=Decimal(percent))
    assert codes(terms) == ([WarningCode.COMPENSATION_TOO_LOW] if warned else [])


def test_fi_compensation_message():
    [warning] = check_terms(replace(FI, months=7, compensation_percent=Decimal("40")))
    assert warning.message.params == {"months": 7, "percent": "60", "proposed": "40"}
    assert str(warning.message) == (
        "For 7 months the compensation must be at least 60 % of pay; 40 % was proposed."
    )


def test_fi_weighty_reason_must_be_asserted():
    assert codes(replace(FI, weighty_reason=False)) == [WarningCode.WEIGHTY_REASON_MISSING]


def test_fi_any_category_and_no_minimum_wage():
    for category in EmployeeCategory:
        assert codes(replace(FI, employee_category=category, local_minimum_wage=None)) == []


@pytest.mark.parametrize(
    ("months", "notice", "deadline"),
    [
        (1, Fraction(2), date(2024, 10, 31)),  # the two-month minimum
        (6, Fraction(2), date(2024, 10, 31)),  # a third is exactly the minimum
        (7, Fraction(7, 3), date(2024, 10, 21)),  # 2 months + a third of September (30 d)
        (12, Fraction(4), date(2024, 8, 31)),
    ],
)
def test_fi_release_notice(months, notice, deadline):
    percent = Decimal("40") if months <= 6 else Decimal("60")
    plan = schedule(replace(FI, months=months, compensation_percent=percent))
    assert plan.release_notice_months == notice
    assert plan.release_deadline == deadline


def test_fi_schedule_amounts():
    plan = schedule(replace(FI, months=7, compensation_percent=Decimal("60")))
    assert plan.start == date(2024, 12, 31)
    assert plan.end == date(2025, 7, 31)  # bound 1 January - 31 July
    assert plan.payment is Payment.PAY_DAYS
    assert plan.monthly_due == Decimal("2400.00")
    assert plan.total_due == Decimal("16800.00")


def test_law_overrides_a_lower_agreed_compensation():
    plan = schedule(replace(FI, months=7, compensation_percent=Decimal("40")))
    assert plan.monthly_agreed == Decimal("1600.00")
    assert plan.monthly_minimum == Decimal("2400.00")
    assert plan.monthly_due == Decimal("2400.00")


def test_too_long_binds_only_for_the_maximum():
    plan = schedule(replace(FI, months=18, compensation_percent=Decimal("60")))
    assert plan.months == 12
    assert plan.end == date(2025, 12, 31)
    assert plan.total_due == Decimal("2400.00") * 12


def test_cents_round_half_up():
    plan = schedule(replace(FI, monthly_pay=Decimal("1000.0125")))  # 40 % = 400.005
    assert plan.monthly_due == Decimal("400.01")
    assert plan.total_due == Decimal("2400.06")


# --- China -----------------------------------------------------------------------------------


def test_cn_valid_terms_have_no_warnings():
    assert codes(CN) == []


@pytest.mark.parametrize(("months", "warned"), [(24, False), (25, True)])
def test_cn_at_most_24_months(months, warned):
    assert (WarningCode.TOO_LONG in codes(replace(CN, months=months))) is warned


@pytest.mark.parametrize(("percent", "warned"), [("30", False), ("29.99", True), ("29", True)])
def test_cn_thirty_percent(percent, warned):
    terms = replace(CN, compensation_percent=Decimal(percent))
    assert codes(terms) == ([WarningCode.COMPENSATION_TOO_LOW] if warned else [])


def test_cn_not_below_the_local_minimum_wage():
    # 30 % of 8 966.67 is 2 690.00, exactly the minimum; a cent less warns.
    at_floor = replace(CN, monthly_pay=Decimal("8966.67"))
    assert codes(at_floor) == []
    below = replace(CN, monthly_pay=Decimal("8966.63"))
    [warning] = check_terms(below)
    assert warning.code is WarningCode.BELOW_MINIMUM_WAGE
    assert warning.message.params == {"amount": Decimal("2689.99"), "minimum": Decimal("2690.00")}
    assert str(warning.message) == (
        "The monthly compensation 2689.99 is below the local minimum wage 2690.00."
    )
    plan = schedule(below)
    assert plan.monthly_due == Decimal("2690.00")
    assert plan.total_due == Decimal("64560.00")
    assert plan.payment is Payment.MONTHLY


def test_cn_minimum_wage_must_be_known():
    assert codes(replace(CN, local_minimum_wage=None)) == [WarningCode.MINIMUM_WAGE_UNKNOWN]


def test_cn_only_certain_categories():
    for category in EmployeeCategory:
        warned = WarningCode.CATEGORY_NOT_ALLOWED in codes(replace(CN, employee_category=category))
        assert warned is (category is EmployeeCategory.OTHER)
    [warning] = check_terms(replace(CN, employee_category=EmployeeCategory.OTHER))
    assert str(warning.message) == "A non-compete may not bind this employee here (other employee)."


def test_cn_no_weighty_reason_and_no_release_notice():
    plan = schedule(replace(CN, weighty_reason=False))
    assert codes(replace(CN, weighty_reason=False)) == []
    assert plan.release_notice_months is None
    assert plan.release_deadline is None
    assert plan.end == date(2027, 7, 1)


def test_several_warnings_together():
    terms = replace(
        CN,
        months=30,
        compensation_percent=Decimal("10"),
        employee_category=EmployeeCategory.OTHER,
        local_minimum_wage=None,
    )
    assert set(codes(terms)) == {
        WarningCode.TOO_LONG,
        WarningCode.CATEGORY_NOT_ALLOWED,
        WarningCode.COMPENSATION_TOO_LOW,
        WarningCode.MINIMUM_WAGE_UNKNOWN,
    }


# --- jurisdictions ---------------------------------------------------------------------------


def test_unknown_jurisdiction():
    terms = replace(FI, jurisdiction="SE")
    [warning] = check_terms(terms)
    assert warning.code is WarningCode.UNKNOWN_JURISDICTION
    assert str(warning.message) == "There are no non-compete rules for jurisdiction SE."
    with pytest.raises(NotFound):
        schedule(terms)


def test_code_is_case_insensitive():
    assert codes(replace(FI, jurisdiction="fi")) == []


def test_shipped_jurisdictions():
    loaded = load_jurisdictions()
    assert set(loaded) >= {"FI", "CN"}
    assert load_jurisdictions() is loaded  # cached
    with pytest.raises(TypeError):
        loaded["XX"] = loaded["FI"]  # type: ignore[index]


SE_TOML = """
code = "SE"
name = "Example"
source = "An example statute, s. 1"
max_months = 9
payment = "monthly"
eligible_categories = ["senior_manager"]
requires_weighty_reason = false
minimum_wage_floor = false

[[compensation]]
up_to_months = 3
percent = "50"

[[compensation]]
up_to_months = 9
percent = 75

[release_notice]
fraction = "1/2"
minimum_months = 1
"""


def test_a_third_jurisdiction_is_data_alone(tmp_path: Path):
    (tmp_path / "se.toml").write_text(SE_TOML, encoding="utf-8")
    table = load_jurisdictions(tmp_path)
    assert set(table) == {"SE"}
    terms = replace(
        FI,
        jurisdiction="SE",
        months=4,
        compensation_percent=Decimal("50"),
        employee_category=EmployeeCategory.OTHER,
    )
    assert codes(terms, table) == [
        WarningCode.CATEGORY_NOT_ALLOWED,
        WarningCode.COMPENSATION_TOO_LOW,
    ]
    plan = schedule(replace(terms, months=10), table)
    assert plan.months == 9
    assert plan.monthly_due == Decimal("3000.00")
    assert plan.release_notice_months == Fraction(9, 2)
    assert plan.release_deadline == date(2024, 8, 15)  # 4 months + half of July (31 d -> 16)
    assert codes(terms) == [WarningCode.UNKNOWN_JURISDICTION]  # the shipped set is untouched


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ('code = "SE"', 'code = "NO"', "se.toml: code: must be the file name"),
        ("max_months = 9", "max_months = 0", "se.toml: max_months: must be at least 1"),
        ("max_months = 9", 'max_months = "9"', "se.toml: max_months: must be a whole number"),
        ("max_months = 9", "max_months = true", "se.toml: max_months: must be a whole number"),
        ("max_months = 9", "", "se.toml: max_months: missing"),
        ('payment = "monthly"', 'payment = "weekly"', "se.toml: payment: must be one of"),
        ('percent = "50"', "percent = 50.5", "se.toml: compensation[0].percent: must be a"),
        ('percent = "50"', 'percent = "lots"', "se.toml: compensation[0].percent: 'lots' is"),
        ('percent = "50"', 'percent = "150"', "se.toml: compensation[0].percent: must be betw"),
        ("up_to_months = 9", "up_to_months = 3", "se.toml: compensation[1].up_to_months: must"),
        ("up_to_months = 9", "up_to_months = 8", "se.toml: compensation: the last tier must"),
        ('["senior_manager"]', '["boss"]', "se.toml: eligible_categories: each must be one"),
        ('fraction = "1/2"', 'fraction = "1/0"', "se.toml: release_notice.fraction: must be a"),
        ('fraction = "1/2"', 'fraction = "3/2"', "se.toml: release_notice.fraction: must be ab"),
        ("minimum_months = 1", "minimum_monts = 1", "se.toml: release_notice.minimum_monts: unk"),
        ("minimum_wage_floor = false", "minimum_wage_floor = 0", "se.toml: minimum_wage_floor"),
        ('name = "Example"', 'name = "Example"\nextra = 1', "se.toml: extra: unknown key"),
        ('name = "Example"', 'name = "Example', "se.toml: not valid TOML"),
    ],
)
def test_a_bad_file_names_the_file_and_key(tmp_path: Path, old, new, error):
    assert old in SE_TOML
    (tmp_path / "se.toml").write_text(SE_TOML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(JurisdictionFileError) as caught:
        load_jurisdictions(tmp_path)
    assert str(caught.value).startswith(error)


def test_nonsense_terms_are_refused():
    with pytest.raises(ValueError):
        replace(FI, months=0)
    with pytest.raises(ValueError):
        replace(FI, monthly_pay=Decimal("-1"))
    with pytest.raises(ValueError):
        replace(CN, local_minimum_wage=Decimal("NaN"))


# --- month arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 5, 1), 0, date(2025, 5, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_subtract_fraction_of_a_month():
    assert subtract_months(date(2025, 3, 1), Fraction(2)) == date(2025, 1, 1)
    # a third of December (31 days) is 10 1/3 days, rounded up to 11
    assert subtract_months(date(2025, 3, 1), Fraction(7, 3)) == date(2024, 12, 21)
    # two thirds of February 2024 (29 days) is 19 1/3 days -> 20
    assert subtract_months(date(2024, 3, 1), Fraction(2, 3)) == date(2024, 2, 10)


# --- properties ------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
valid_terms = st.builds(
    NonCompeteTerms,
    jurisdiction=st.sampled_from(["FI", "CN", "fi", "XX"]),
    months=st.integers(min_value=1, max_value=60),
    compensation_percent=st.decimals(min_value=0, max_value=200, places=2, allow_nan=False),
    monthly_pay=money,
    employee_category=st.sampled_from(EmployeeCategory),
    restriction_start=st.dates(min_value=date(1900, 3, 1), max_value=date(2999, 12, 31)),
    local_minimum_wage=st.none() | money,
    weighty_reason=st.booleans(),
)


@given(valid_terms)
def test_check_and_schedule_never_fail_on_valid_terms(terms):
    warnings = check_terms(terms)
    for warning in warnings:
        str(warning.message)  # every message renders with its parameters
    if terms.jurisdiction == "XX":
        assert [w.code for w in warnings] == [WarningCode.UNKNOWN_JURISDICTION]
        return
    plan = schedule(terms)
    assert plan.total_due == plan.monthly_due * plan.months
    exact = max(terms.monthly_pay * terms.compensation_percent / 100, Decimal(0))
    assert plan.monthly_due >= exact - Decimal("0.005")
    assert (
        abs(plan.monthly_agreed * plan.months - exact * plan.months)
        <= Decimal("0.005") * plan.months
    )
    assert plan.start < plan.end
    if plan.release_deadline is not None:
        assert plan.release_deadline <= add_months(plan.start, -2)
    if not warnings:
        assert plan.monthly_due == plan.monthly_agreed  # fine terms: the agreed sum is due
