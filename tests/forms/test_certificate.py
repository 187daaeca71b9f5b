"""The offboarding completion certificate PDF (A4): A4 portrait, every item with how it was
closed and by whom, every task, the signatures with their SHA-256, the audit trail; long free
text stays inside the page; translated."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from forms.certificate import offboarding_certificate
from forms.certificate_data import (
    CertificateData,
    CertificateEvent,
    CertificateItem,
    CertificateSignature,
    CertificateTask,
)
from tests.forms.pdf import HAVE_PDFTOPPM, page_size_mm, rasterise, reader, text

HEL = ZoneInfo("Europe/Helsinki")
AT = datetime(2031, 5, 6, 15, 30, tzinfo=HEL)
SHA = "ab" * 32


def item(kind="Device", **overrides) -> CertificateItem:
    values = dict(
        kind=kind,
        description="Laptop",
        serial="LT-77",
        issued_on=date(2029, 3, 1),
        outcome="Returned",
        condition="Good",
        reason="",
        closed_at=AT,
        closed_by="hr",
    )
    values.update(overrides)
    return CertificateItem(**values)


def sample(items=None, tasks=None, language="en", events=3) -> CertificateData:
    return CertificateData(
        language=language,
        site_name="Helsinki HQ",
        case_id="c" * 32,
        employee_name="Mikko Korhonen",
        last_day=date(2031, 5, 7),
        opened_at=AT - timedelta(days=14),
        opened_by="hr",
        closed_at=AT,
        closed_by="admin",
        items=tuple(
            items
            if items is not None
            else [
                item(),
                item("Key", description="Server room key", serial="", condition="Damaged"),
                item(
                    "Document",
                    description="Plans",
                    outcome="Written off",
                    condition="",
                    reason="Shredded",
                ),
            ]
        ),
        tasks=tuple(
            tasks
            if tasks is not None
            else [
                CertificateTask("Revoke the employee badge", date(2031, 5, 7), AT, "hr", ""),
                CertificateTask(
                    "Exit confidentiality reminder signed",
                    date(2031, 5, 6),
                    AT,
                    "hr",
                    "At the desk",
                ),
            ]
        ),
        signatures=(CertificateSignature("Exit confidentiality reminder", 2, AT, SHA),),
        events=tuple(CertificateEvent(i + 1, AT, "Task done", "hr") for i in range(events)),
    )


def test_one_a4_page_with_everything():
    pdf = offboarding_certificate(sample())
    assert len(reader(pdf).pages) == 1
    width, height = page_size_mm(pdf)
    assert round(width) == 210 and round(height) == 297
    shown = text(pdf)
    for fact in (
        "Offboarding completion certificate",
        "Mikko Korhonen",
        "Helsinki HQ",
        "Device",
        "Key",
        "Document",
        "Returned (Good)",
        "Returned (Damaged)",
        "Written off",
        "Shredded",
        "Serial: LT-77",
        "Revoke the employee badge",
        "At the desk",
        "Exit confidentiality reminder",
        "Task done",
        "Page 1 of 1",
    ):
        assert fact in shown, fact
    assert SHA in shown.replace("\n", "").replace(" ", "")


def test_nothing_issued_and_no_tasks_are_said():
    shown = text(offboarding_certificate(sample(items=[], tasks=[])))
    assert "No items were issued to the employee." in shown
    assert "The case had no tasks." in shown


def test_long_text_and_many_rows_stay_on_the_page(tmp_path):
    items = [item(description="X" * 5000, serial="S" * 120) for _ in range(40)]
    pdf = offboarding_certificate(sample(items=items, events=200))
    pages = len(reader(pdf).pages)
    assert pages > 2
    shown = text(pdf)
    assert f"Page 1 of {pages}" in shown and f"Page {pages} of {pages}" in shown
    assert shown.count("Serial:") == 40 and shown.count("Task done") == 200
    if HAVE_PDFTOPPM:  # the right margin (14 mm) of the first page stays blank
        image = rasterise(pdf, tmp_path, dpi=60)
        margin = round(12 / 25.4 * 60)
        strip = image.crop((image.width - margin, 0, image.width, image.height))
        assert strip.getextrema()[0] > 200


@pytest.mark.parametrize("language", ["fi", "sv", "zh_Hans"])
def test_the_language_is_used(language):
    pdf = offboarding_certificate(sample(language=language))
    assert "Mikko Korhonen" in text(pdf)


def test_chinese_names():
    data = sample(items=[item(description="笔记本电脑")])
    shown = text(
        offboarding_certificate(CertificateData(**{**data.__dict__, "employee_name": "王伟"}))
    )
    assert "王伟" in shown and "笔记本电脑" in shown


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="closed_at"):
        item(closed_at=datetime(2031, 5, 6, 15, 30))


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm not installed")
def test_it_draws_ink(tmp_path):
    image = rasterise(offboarding_certificate(sample()), tmp_path, dpi=60)
    assert image.getextrema()[0] < 50  # some black text
