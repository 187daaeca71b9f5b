"""The muster list PDF (G3): A4 portrait, the roll call's header on every page, page X of Y,
one line per person, nothing typed can break out of the page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from forms.data import MusterData, MusterPerson
from forms.render import default_renderer, page_counter
from tests.forms.pdf import page_size_mm, reader, text

HEL = ZoneInfo("Europe/Helsinki")
AT = datetime(2031, 5, 6, 11, 0, tzinfo=HEL)


def person(i: int = 0, **overrides) -> MusterPerson:
    values = dict(
        first_name=f"Maria{i}",
        last_name=f"Virtanen{i}",
        company="Huolto Oy",
        host_name="Aino Laine",
        checked_in_at=datetime(2031, 5, 6, 9, i % 60, tzinfo=HEL),
        escort_required=False,
    )
    values.update(overrides)
    return MusterPerson(**values)


def sample(people=(), language="en", zones=(("Equipment room", 0),)) -> MusterData:
    return MusterData(language, "Helsinki HQ", AT, tuple(people), tuple(zones))


def test_nobody_on_site_is_one_a4_page_saying_so():
    pdf = default_renderer().muster(sample())
    assert len(reader(pdf).pages) == 1
    width, height = page_size_mm(pdf)
    assert round(width) == 210 and round(height) == 297
    shown = text(pdf)
    for fact in ("Helsinki HQ", "Muster list", "Nobody is on site.", "Visitors on site: 0"):
        assert fact in shown, fact
    assert "Equipment room: 0" in shown and "Page 1 of 1" in shown


def test_500_people_take_several_pages_each_with_the_header_and_its_number():
    people = [
        person(i, zone="Equipment room" if i % 5 == 0 else "", escort_name="Mikko Korhonen")
        for i in range(500)
    ]
    pdf = default_renderer().muster(sample(people, zones=(("Equipment room", 100),)))
    pages = [page.extract_text() for page in reader(pdf).pages]
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert "Name" in page and "Company" in page and "Checked in" in page, number
        assert f"Page {number} of {len(pages)}" in page
        if number > 1:
            assert "Helsinki HQ" in page  # the running header
    everything = "\n".join(pages)
    for i in (0, 1, 250, 499):
        assert f"Virtanen{i}, Mari" in everything
    assert "Visitors on site: 500" in pages[0] and "Equipment room: 100" in pages[0]


def test_chinese_names_and_language():
    people = [person(first_name="伟", last_name="王", company="华为技术有限公司", host_name="李娜")]
    shown = text(default_renderer().muster(sample(people, language="zh_Hans")))
    for word in ("王, 伟", "华为技术有限公司", "李娜"):
        assert word in shown, word
    assert "Muster list" not in shown and "Nobody" not in shown


@pytest.mark.parametrize("language", ["fi", "sv", "zh_Hans"])
def test_translated(language):
    shown = text(default_renderer().muster(sample()))
    localised = text(default_renderer().muster(sample(language=language)))
    assert "Nobody is on site." in shown and "Nobody is on site." not in localised


def test_nasty_text_is_escaped_and_clipped_to_one_line():
    nasty = '</td></tr></table><img src="file:///etc/passwd"><script>x</script>{{ 7*7 }}'
    people = [person(first_name=nasty, company="X" * 10_000, host_name=nasty)]
    pdf = default_renderer().muster(sample(people, zones=((nasty, 1),)))
    assert len(reader(pdf).pages) == 1
    shown = text(pdf)
    assert '</td></tr></table><img src="file:///etc/passwd"><script>x</script>' in shown
    assert "{{" in shown and "49" not in shown
    assert "X" * 200 not in shown


def test_page_counter_escapes_everything_but_letters():
    value = page_counter('Page {page} of {pages}</style>"')
    assert value.startswith('"Page " counter(page) " of " counter(pages)')
    assert "<" not in value and value.count('"') == 6  # three strings, none broken open
