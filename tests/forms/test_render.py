import io
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError
from pypdf import PdfReader

from forms.data import BadgeData, NdaData
from forms.render import Renderer, default_renderer

MM = 72 / 25.4


def badge(**overrides) -> BadgeData:
    values = dict(
        language="en",
        site_name="Helsinki HQ",
        first_name="Maria",
        company="Kiinteistöhuolto Oy",
        host_name="Aino Laine",
        visit_date=date(2026, 11, 25),
        valid_until=datetime(2026, 11, 25, 23, 59, tzinfo=UTC),
        zones=("Lobby", "Office floor"),
        escort_required=False,
        token="tok-" + "a" * 26,
    )
    values.update(overrides)
    return BadgeData(**values)


def nda(**overrides) -> NdaData:
    values = dict(
        language="en",
        site_name="Helsinki HQ",
        title="Confidentiality agreement",
        body="First paragraph.\n\nSecond paragraph.",
        template_version=3,
        signer_name="Maria Virtanen",
        company="Huolto Oy",
        signed_at=datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
        timezone="Europe/Helsinki",
        signature_png=None,
    )
    values.update(overrides)
    return NdaData(**values)


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def size_mm(reader: PdfReader) -> tuple[float, float]:
    box = reader.pages[0].mediabox
    return float(box.width) / MM, float(box.height) / MM


def test_badge_is_one_cr80_card_with_the_visit_facts():
    reader, text = read(default_renderer().badge(badge()))
    assert len(reader.pages) == 1
    width, height = size_mm(reader)
    assert width == pytest.approx(86, abs=0.5) and height == pytest.approx(54, abs=0.5)
    for expected in ("Maria", "Kiinteistöhuolto Oy", "Aino Laine", "Lobby, Office floor"):
        assert expected in text
    assert "ESCORT REQUIRED" not in text


def test_escort_band_when_the_visit_needs_one():
    _reader, text = read(default_renderer().badge(badge(escort_required=True)))
    assert "ESCORT REQUIRED" in text


def test_finnish_badge_has_finnish_date():
    _reader, text = read(default_renderer().badge(badge(language="fi")))
    assert "25.11.2026" in text


def test_markup_in_names_is_printed_literally():
    _reader, text = read(
        default_renderer().badge(badge(first_name="<b>x</b>", company="{{ 7*7 }}"))
    )
    assert "<b>x</b>" in text and "{{ 7*7 }}" in text and "49" not in text


def test_nda_is_a4_with_text_signer_and_version():
    reader, text = read(default_renderer().nda(nda()))
    width, height = size_mm(reader)
    assert width == pytest.approx(210, abs=0.5) and height == pytest.approx(297, abs=0.5)
    for expected in ("Confidentiality agreement", "Second paragraph.", "Maria Virtanen", "3"):
        assert expected in text
    assert "12:00" in text  # 10:00 UTC shown in Helsinki time


def test_missing_value_fails_loudly():
    renderer = Renderer()
    with pytest.raises(UndefinedError):
        renderer._render("badge.html", "badge.css", "en", badge=badge())


def test_importing_forms_does_not_import_weasyprint():
    code = "import sys, forms.render; print('weasyprint' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.stdout.strip() == "False", out.stderr


@settings(max_examples=20, deadline=None)
@given(
    name=st.text(max_size=10_000),
    company=st.text(max_size=500),
    host=st.text(max_size=500),
)
def test_any_text_gives_a_one_page_badge(name, company, host):
    pdf = default_renderer().badge(badge(first_name=name, company=company, host_name=host))
    reader, _text = read(pdf)
    assert len(reader.pages) == 1


def test_chinese_badge_carries_chinese_text():
    _reader, text = read(
        default_renderer().badge(
            badge(
                language="zh_Hans", first_name="张伟", company="华立呼叫服务", escort_required=True
            )
        )
    )
    assert "张伟" in text and "华立呼叫服务" in text
    assert "须有人陪同" in text and "2026年11月25日" in text
