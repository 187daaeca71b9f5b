"""Render timings for `make bench` (warm: the first render is not counted)."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, date, datetime

from forms.data import BadgeData, NdaData
from forms.render import Renderer


def _timed(render, data, n: int) -> list[float]:
    render(data)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        render(data)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure_badge(n: int = 30) -> dict[str, float]:
    renderer = Renderer()
    badge = BadgeData(
        "en",
        "Helsinki HQ",
        "Maria",
        "Kiinteistöhuolto Oy",
        "Aino Laine",
        date(2026, 11, 25),
        datetime(2026, 11, 25, 21, 59, tzinfo=UTC),
        ("Lobby", "Office floor"),
        True,
        "x" * 27,
    )
    nda = NdaData(
        "en",
        "Helsinki HQ",
        "Confidentiality agreement",
        "Text.\n\n" * 12,
        1,
        "Maria Virtanen",
        "Kiinteistöhuolto Oy",
        datetime.now(UTC),
        "Europe/Helsinki",
        None,
    )
    badge_ms = sorted(_timed(renderer.badge, badge, n))
    nda_ms = _timed(renderer.nda, nda, max(5, n // 3))
    return {
        "badge_render_ms_p50": statistics.median(badge_ms),
        "badge_render_ms_p95": badge_ms[int(0.95 * (len(badge_ms) - 1))],
        "nda_render_ms_p50": statistics.median(nda_ms),
    }
