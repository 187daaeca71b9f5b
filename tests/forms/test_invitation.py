"""The invitation PDF: one page, the visit's facts in the visitor's language, a QR code that
reads back as the token."""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from core.scanning import decode
from forms.data import InvitationData
from forms.render import default_renderer
from tests.forms.pdf import HAVE_PDFTOPPM, page_size_mm, rasterise, reader, text

HEL = ZoneInfo("Europe/Helsinki")


def sample(**overrides) -> InvitationData:
    values = dict(
        language="en",
        site_name="Helsinki HQ, Ruoholahti",
        visitor_name="Maria Virtanen",
        host_name="Aino Laine",
        expected_start=datetime(2031, 5, 6, 9, 30, tzinfo=HEL),
        expected_end=datetime(2031, 5, 6, 11, 0, tzinfo=HEL),
        all_day=False,
        purpose="Meeting",
        token=secrets.token_urlsafe(20),
    )
    values.update(overrides)
    return InvitationData(**values)


def test_invitation_is_one_a5_page_with_the_facts():
    data = sample()
    pdf = default_renderer().invitation(data)
    assert len(reader(pdf).pages) == 1
    width, height = page_size_mm(pdf)
    assert round(width) == 148 and round(height) == 210
    shown = text(pdf)
    for fact in ("Helsinki HQ", "Aino Laine", "Maria Virtanen", "Meeting", "2031", "09:30"):
        assert fact in shown, fact
    assert "Show this code at the kiosk" in shown
    assert data.token not in shown


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", ("Isäntä", "Tapaaminen")), ("sv", ("Värd", "Möte")), ("zh_Hans", ("会议",))],
)
def test_invitation_in_the_visitors_language(language, words):
    shown = text(default_renderer().invitation(sample(language=language)))
    for word in words:
        assert word in shown, (language, word)


def test_all_day_visit_shows_no_times():
    data = sample(
        all_day=True,
        expected_start=datetime(2031, 5, 6, 0, 0, tzinfo=HEL),
        expected_end=datetime(2031, 5, 6, 23, 59, 59, tzinfo=HEL),
    )
    assert "23:59" not in text(default_renderer().invitation(data))


def test_absurd_input_stays_on_one_page():
    data = sample(site_name="S" * 5000, visitor_name="V" * 5000, host_name="H" * 5000)
    assert len(reader(default_renderer().invitation(data)).pages) == 1


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        sample(expected_start=datetime(2031, 5, 6, 9, 30))


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) not installed")
def test_invitation_qr_decodes_to_the_token(tmp_path):
    data = sample(language="zh_Hans")
    page = rasterise(default_renderer().invitation(data), tmp_path, dpi=150)
    assert [d.text for d in decode(np.asarray(page), ("QRCode",))] == [data.token]


def test_the_privacy_notice_is_on_the_invitation_and_it_stays_one_page():
    data = sample(
        privacy_controller="Vartio Demo Oy",
        privacy_contact="tietosuoja@vartio-demo.fi",
        retention_days=180,
    )
    pdf = default_renderer().invitation(data)
    content = " ".join(text(pdf).split())
    assert "Vartio Demo Oy is the controller" in content and "180 days" in content
    assert "tietosuoja@vartio-demo.fi" in content
    assert len(reader(pdf).pages) == 1
    long = sample(privacy_controller="C" * 5000, privacy_contact="x@" * 3000, language="zh_Hans")
    assert len(reader(default_renderer().invitation(long)).pages) == 1
