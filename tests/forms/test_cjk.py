"""K1: Chinese names on badges and agreements. The font the badge asks for must hold every
hanzi of GB 2312 and of GBK (the GB 18030 two-byte set), and text in other scripts falls back
to a font that has it; `make setup` installs fonts-noto-cjk, so this runs in CI."""

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from forms.bench import sample_badge_cjk
from forms.render import default_renderer
from tests.forms.pdf import reader, text

CSS = Path(__file__).resolve().parents[2] / "forms" / "templates" / "badge.css"


def _cjk_family() -> str:
    families = re.search(r"font-family:\s*([^;]+);", CSS.read_text()).group(1)
    return next(f.strip(' "') for f in families.split(",") if "CJK" in f)


def _font_cmap(family: str) -> set[int]:
    found = subprocess.run(
        ["fc-match", "-f", "%{family}|%{file}|%{index}", family], capture_output=True, text=True
    ).stdout
    name, path, index = found.split("|")
    assert family.split()[0] in name, f"fontconfig has no {family} (fonts-noto-cjk): {name}"
    return set(TTFont(path, fontNumber=int(index), lazy=True).getBestCmap())


def _hanzi(codec: str, leads: range, trails: range) -> list[str]:
    found = []
    for lead in leads:
        for trail in trails:
            try:
                char = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if "\u3400" <= char <= "\u9fff":
                found.append(char)
    return found


def test_the_badge_font_holds_every_gb2312_and_gbk_hanzi():
    cmap = _font_cmap(_cjk_family())
    gb2312 = _hanzi("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))
    gbk = _hanzi("gbk", range(0x81, 0xFF), range(0x40, 0xFF))
    assert len(gb2312) == 6763 and len(gbk) > 20_000
    missing = [c for c in gbk if ord(c) not in cmap]
    assert missing == []


def test_a_chinese_badge_embeds_the_cjk_font_and_the_latin_one_for_the_rest():
    data = sample_badge_cjk()
    pdf = default_renderer().badge(replace(data, first_name="欧阳明 Ōuyáng Ming"))
    content = text(pdf)
    assert "欧阳明" in content and "华立呼叫服务有限公司" in content
    fonts = {
        str(font["/BaseFont"])
        for page in reader(pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Sans-CJK" in f for f in fonts), fonts
    assert any("DejaVu" in f for f in fonts), fonts


@pytest.mark.parametrize("name", ["김민준", "さくら", "Ольга", "Αθηνά"])
def test_other_scripts_on_a_chinese_badge_are_drawn(name):
    data = sample_badge_cjk()
    pdf = default_renderer().badge(replace(data, first_name=name))
    assert name in text(pdf)
