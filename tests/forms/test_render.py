import dataclasses
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError

from forms.bench import sample_badge, sample_nda
from forms.data import BadgeData, NdaData
from forms.render import Renderer, default_renderer, environment, paragraphs
from tests.forms.pdf import image_count, page_size_mm, reader, text

HELSINKI = ZoneInfo("Europe/Helsinki")


def badge(**changes) -> BadgeData:
    plain = {"escort_required": False, "photo_png": None}
    return dataclasses.replace(sample_badge(), **(plain | changes))


def nda(**changes) -> NdaData:
    return dataclasses.replace(sample_nda(), **changes)


def badge_text(**changes) -> str:
    return text(default_renderer().badge(badge(**changes)))


def test_badge_is_one_cr80_card_with_the_visit_facts():
    pdf = default_renderer().badge(badge())
    assert len(reader(pdf).pages) == 1
    width, height = page_size_mm(pdf)
    assert width == pytest.approx(86, abs=0.5) and height == pytest.approx(54, abs=0.5)
    content = text(pdf)
    for expected in (
        "Helsinki HQ",
        "Maria",
        "Kiinteistöhuolto Oy",
        "Host",
        "Aino Laine",
        "25 Nov 2026",
        "Valid until",
        "23:59",
        "Lobby, Office floor",
        "VISITOR",
    ):
        assert expected in content
    assert "ESCORT REQUIRED" not in content


def test_escort_band_when_the_visit_needs_one():
    assert "ESCORT REQUIRED" in badge_text(escort_required=True)


def test_badge_data_carries_nothing_sensitive():
    # A new field here must be something safe to print on a card worn in public.
    assert {f.name for f in dataclasses.fields(BadgeData)} == {
        "language", "site_name", "first_name", "company", "host_name", "visit_date",
        "valid_until", "zones", "escort_required", "token", "photo_png",
    }  # fmt: skip


def test_photo_is_printed_when_given():
    assert image_count(default_renderer().badge(badge())) == 1  # the QR code
    assert image_count(default_renderer().badge(sample_badge())) == 2


def test_unreadable_photo_still_prints_the_badge():
    pdf = default_renderer().badge(badge(photo_png=b"\x89PNG\r\n\x1a\n broken"))
    assert len(reader(pdf).pages) == 1 and image_count(pdf) == 1


def test_long_name_company_and_host_stay_on_one_card():
    long = "Maximiliana-Konstantina " * 9  # ~200 characters
    pdf = default_renderer().badge(
        badge(first_name=long[:200], company=long, host_name=long, zones=(long,) * 5)
    )
    assert len(reader(pdf).pages) == 1
    assert "Maximiliana" in text(pdf)


def test_finnish_badge_has_finnish_date_and_time():
    content = badge_text(language="fi")
    assert "25.11.2026" in content and "23.59" in content


def test_valid_until_is_shown_in_its_own_time_zone():
    late = datetime(2026, 11, 25, 21, 30, tzinfo=UTC).astimezone(HELSINKI)
    assert "23:30" in badge_text(valid_until=late)


def test_valid_until_on_another_day_shows_the_date():
    assert "26/11/2026, 08:00" in badge_text(valid_until=datetime(2026, 11, 26, 8, tzinfo=HELSINKI))


def test_markup_and_template_syntax_in_names_are_printed_literally():
    content = badge_text(first_name="<b>x</b>", company="{{ 7*7 }}", host_name="{% raw %}&amp;")
    assert "<b>x</b>" in content and "{{ 7*7 }}" in content and "{% raw %}&amp;" in content
    assert "49" not in content


def test_language_does_not_leak_between_renders():
    renderer = Renderer()
    renderer.badge(badge(language="fi"))
    assert "VISITOR" in text(renderer.badge(badge(language="en")))


def test_concurrent_renders_from_worker_threads():
    renderer = Renderer()
    results: dict[str, str] = {}

    def work(language: str, n: int) -> None:
        results[f"{language}{n}"] = text(renderer.badge(badge(language=language)))

    threads = [
        threading.Thread(target=work, args=(lang, n)) for n in range(3) for lang in ["en", "fi"]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6
    for key, content in results.items():
        assert ("25.11.2026" if key.startswith("fi") else "25 Nov 2026") in content


def test_missing_value_fails_loudly():
    with pytest.raises(UndefinedError):
        Renderer().render("badge.html", "en", badge=badge())
    with pytest.raises(UndefinedError):
        environment().from_string("{{ nda.title }}").render(nda={})


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        badge(valid_until=datetime(2026, 11, 25, 23, 59))
    with pytest.raises(ValueError, match="timezone-aware"):
        nda(signed_at=datetime(2026, 11, 25, 10, 0))


def test_nda_is_a4_with_text_signer_version_and_page_number():
    pdf = default_renderer().nda(
        nda(
            body="First paragraph.\n\nSecond paragraph.",
            template_version=3,
            signed_at=datetime(2026, 11, 25, 10, tzinfo=UTC),
        )
    )
    width, height = page_size_mm(pdf)
    assert width == pytest.approx(210, abs=0.5) and height == pytest.approx(297, abs=0.5)
    content = text(pdf)
    for expected in (
        "Confidentiality agreement",
        "First paragraph.",
        "Second paragraph.",
        "Signed by",
        "Maria Virtanen",
        "Kiinteistöhuolto Oy",
        "Agreement version 3",
        "12:00:00",  # 10:00 UTC in Helsinki
        "1 / 1",
    ):
        assert expected in content
    assert image_count(pdf) == 1  # the signature


def test_long_nda_numbers_every_page():
    pdf = default_renderer().nda(
        nda(body="A clause of the agreement. " * 60 + "\n\n" + "More.\n\n" * 80)
    )
    pages = reader(pdf).pages
    assert len(pages) > 1
    assert f"{len(pages)} / {len(pages)}" in pages[-1].extract_text()


def test_nda_without_signature_or_company():
    pdf = default_renderer().nda(nda(signature_png=None, company=""))
    assert image_count(pdf) == 0 and "Company" not in text(pdf)


def test_paragraphs_split_at_blank_lines():
    assert paragraphs("a\nb\r\n\r\nc\n  \n\n d ") == ["a\nb", "c", "d"]


def test_importing_forms_does_not_import_the_heavy_libraries():
    # The command line imports core, which imports forms: it must not pay for WeasyPrint.
    code = (
        "import sys, forms.render, forms.data; "
        "print([m for m in ('weasyprint', 'jinja2', 'segno', 'PIL') if m in sys.modules])"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.stdout.strip() == "[]", out.stderr


NASTY = "\x00\x01\x08\x0b\x0c\x1b\x7f\u0085\u2028\u2029\u202e\u2066\ufeff\ufffe\U0010ffff"


@settings(max_examples=25, deadline=None)
@given(
    name=st.text(max_size=10_000),
    company=st.text(alphabet=st.sampled_from(NASTY + "Aa <>&{}%#ä张"), max_size=500),
    host=st.text(max_size=500),
)
@example(name="x" * 10_000, company="\u202eyO iltuoH", host=NASTY * 600)
@example(name=NASTY, company="", host="")
def test_any_text_gives_a_one_page_badge(name, company, host):
    pdf = default_renderer().badge(badge(first_name=name, company=company, host_name=host))
    assert len(reader(pdf).pages) == 1


@pytest.mark.skipif(
    subprocess.run(["fc-list", ":lang=zh-cn"], capture_output=True, text=True).stdout == "",
    reason="no Chinese font installed (fonts-noto-cjk)",
)
def test_chinese_badge_carries_chinese_text():
    content = badge_text(
        language="zh_Hans", first_name="张伟", company="华立呼叫服务", escort_required=True
    )
    assert "张伟" in content and "华立呼叫服务" in content and "2026年11月25日" in content
