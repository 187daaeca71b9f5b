"""Render timings for `make bench` (warm: the first render is not counted)."""

from __future__ import annotations

import io
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw

from forms.data import BadgeData, NdaData
from forms.render import Renderer
from resources import path

SITE_TZ = ZoneInfo("Europe/Helsinki")


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def sample_photo() -> bytes:
    """A webcam-sized (480 × 640) smooth picture, standing in for a face."""
    return _png(Image.radial_gradient("L").resize((480, 640)).convert("RGB"))


def sample_signature() -> bytes:
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (200, 40), (350, 160), (580, 50)], "navy", 6)
    return _png(image)


def sample_badge() -> BadgeData:
    return BadgeData(
        language="en",
        site_name="Helsinki HQ",
        first_name="Maria",
        company="Kiinteistöhuolto Oy",
        host_name="Aino Laine",
        visit_date=date(2026, 11, 25),
        valid_until=datetime(2026, 11, 25, 23, 59, tzinfo=SITE_TZ),
        zones=("Lobby", "Office floor"),
        escort_required=True,
        token=secrets.token_urlsafe(20),  # 160 bits, 27 characters
        photo_png=sample_photo(),
    )


def sample_nda() -> NdaData:
    return NdaData(
        language="en",
        site_name="Helsinki HQ",
        title="Confidentiality agreement",
        body=path("agreements", "nda.en.txt").read_text(encoding="utf-8"),
        template_version=1,
        signer_name="Maria Virtanen",
        company="Kiinteistöhuolto Oy",
        signed_at=datetime(2026, 11, 25, 10, 0, tzinfo=SITE_TZ),
        timezone="Europe/Helsinki",
        signature_png=sample_signature(),
    )


def _timed(render: Callable[[Any], bytes], data: Any, n: int) -> list[float]:
    render(data)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        render(data)
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def sample_badge_cjk() -> BadgeData:
    """A visitor from a Chinese call centre: every text on the card in Chinese."""
    return replace(
        sample_badge(),
        language="zh_Hans",
        site_name="赫尔辛基总部",
        first_name="欧阳明",
        company="华立呼叫服务有限公司",
        host_name="张伟",
        zones=("大厅", "办公区"),
    )


def measure_badge(n: int = 30) -> dict[str, float]:
    """Warm render times in ms: a Latin-script badge with photo and escort band, the same in
    Chinese, and a one-page NDA with a signature."""
    renderer = Renderer()
    badge_ms = _timed(renderer.badge, sample_badge(), n)
    cjk_ms = _timed(renderer.badge, sample_badge_cjk(), n)
    nda_ms = _timed(renderer.nda, sample_nda(), max(5, n // 3))
    return {
        "badge_render_ms_p50": statistics.median(badge_ms),
        "badge_render_ms_p95": badge_ms[round(0.95 * (len(badge_ms) - 1))],
        "badge_render_cjk_ms_p50": statistics.median(cjk_ms),
        "nda_render_ms_p50": statistics.median(nda_ms),
    }
