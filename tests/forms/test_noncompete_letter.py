"""The non-compete reminder letter: one A4 page in the former employee's language, with their
name, the restriction period, the compensation and the release deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from forms.noncompete_data import NonCompeteLetterData
from forms.noncompete_letter import render_noncompete_letter
from forms.render import default_renderer
from tests.forms.pdf import HAVE_PDFTOPPM, page_size_mm, rasterise, reader, text


def sample(**overrides) -> NonCompeteLetterData:
    values = dict(
        language="en",
        employer="Vartio Demo Oy",
        employer_address="Porkkalankatu 1, 00180 Helsinki",
        site_name="Helsinki HQ, Ruoholahti",
        employee_name="Jukka Nieminen",
        letter_date=date(2031, 3, 3),
        last_day=date(2031, 2, 28),
        first_day=date(2031, 3, 1),
        last_bound_day=date(2031, 8, 28),
        months=6,
        monthly_due=Decimal("1800.00"),
        total_due=Decimal("10800.00"),
        currency="EUR",
        payment="pay_days",
        release_deadline=date(2030, 12, 28),
        contact="hr@vartio-demo.fi",
    )
    values.update(overrides)
    return NonCompeteLetterData(**values)


def render(data: NonCompeteLetterData) -> bytes:
    return render_noncompete_letter(default_renderer(), data)


def flat(pdf: bytes) -> str:
    """The text with line breaks and spaces gone: CJK text extracts with stray breaks."""
    return "".join(text(pdf).split())


def test_english_letter_is_one_a4_page_with_the_facts():
    pdf = render(sample())
    assert len(reader(pdf).pages) == 1
    width, height = page_size_mm(pdf)
    assert round(width) == 210 and round(height) == 297
    shown = flat(pdf)
    for fact in ("Jukka Nieminen", "Vartio Demo Oy", "28 February 2031", "1 March 2031",
                 "28 August 2031", "28 December 2030", "€1,800.00", "€10,800.00",
                 "hr@vartio-demo.fi", "ordinary pay days"):  # fmt: skip
        assert "".join(fact.split()) in shown, fact


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("fi", ("1.maaliskuuta2031", "28.elokuuta2031", "28.helmikuuta2031")),
        ("zh_Hans", ("2031年3月1日", "2031年8月28日", "2031年2月28日")),
    ],
)
def test_letter_in_the_employees_language(language, dates):
    data = sample(language=language)
    if language == "zh_Hans":
        data = replace(data, employee_name="李伟", currency="CNY", payment="monthly",
                       release_deadline=None)  # fmt: skip
    pdf = render(data)
    assert len(reader(pdf).pages) == 1
    shown = flat(pdf)
    assert data.employee_name.replace(" ", "") in shown
    for day in dates:
        assert day in shown, (language, day)


def test_no_release_deadline_no_contact_and_no_currency_leave_their_lines_out():
    pdf = render(sample(release_deadline=None, contact="", currency=None, payment="monthly"))
    shown = text(pdf)
    assert "Release deadline" not in shown and "Questions about" not in shown
    assert "1,800.00" in shown and "€" not in shown
    assert "Monthly, during the restriction" in shown


def test_typed_text_is_escaped_and_clipped_to_one_page():
    pdf = render(sample(employee_name="<b>" + "Ä" * 5000, employer="A&B <Oy>", contact="x" * 900))
    assert len(reader(pdf).pages) == 1
    shown = text(pdf)
    assert "A&B <Oy>" in shown and "<b>" in shown


def test_bad_data_is_a_programming_error():
    with pytest.raises(ValueError):
        sample(payment="weekly")
    with pytest.raises(ValueError):
        sample(last_bound_day=date(2031, 2, 1))


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) is not installed")
def test_letter_draws_ink_in_the_body(tmp_path):
    page = rasterise(render(sample()), tmp_path, dpi=60)
    width, height = page.size
    body = page.crop((0, height // 4, width, height // 2))
    assert body.getextrema()[0] < 100  # dark text where the facts are
