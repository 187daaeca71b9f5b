"""Measure, print a table, write bench/latest.json. Figures, not tests: nothing here fails."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "latest.json"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def checkin_figures(n: int = 300) -> dict[str, float]:
    """Walk-in check-in on SQLite: validation, encryption, audit, one commit (no NDA render)."""
    from core.app import App
    from core.checkin import WalkInRequest, check_in
    from core.demo import seed
    from core.hosts import search_hosts
    from core.kiosk import kiosk_site
    from core.permissions import Actor
    from db.crypto import Sealer
    from db.engine import make_engine, make_sessionmaker
    from db.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        app = App(engine, make_sessionmaker(engine), Sealer(os.urandom(32)))
        seed(app.uow)
        site = kiosk_site(app.uow(), None)
        kiosk = Actor.kiosk(site.id)
        host = search_hosts(app.uow(), kiosk, site.id, "Aino")[0].id
        samples = []
        for i in range(n):
            request = WalkInRequest(
                site.id,
                "en",
                f"Bench{i}",
                "Visitor",
                "Bench Oy",
                f"bench{i}@example.fi",
                "",
                host,
                "meeting",
            )
            start = time.perf_counter()
            check_in(app.uow(), kiosk, request)
            samples.append((time.perf_counter() - start) * 1000)
        app.close()
    return {
        "checkin_txn_ms_p50": statistics.median(samples),
        "checkin_txn_ms_p95": percentile(samples, 0.95),
    }


def form_figures() -> dict[str, float]:
    from forms.bench import measure_badge

    return measure_badge()


def cli_start_ms(n: int = 5) -> dict[str, float]:
    import subprocess

    samples = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "admin.cli", "--help"], capture_output=True, check=True
        )
        samples.append((time.perf_counter() - start) * 1000)
    return {"cli_help_ms_p50": statistics.median(samples)}


GOALS = {"checkin_txn_ms_p50": 10.0, "badge_render_ms_p50": 150.0}
MEASURES: list[Callable[[], dict[str, float]]] = [checkin_figures, form_figures, cli_start_ms]


def main() -> int:
    figures: dict[str, float] = {}
    for measure in MEASURES:
        figures.update(measure())
    OUT.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "figures": {k: round(v, 2) for k, v in figures.items()},
                "goals": GOALS,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"{'figure':<28}{'value':>10}{'goal':>10}")
    for key, value in figures.items():
        goal = GOALS.get(key)
        mark = "" if goal is None else ("  ok" if value <= goal else "  over")
        print(f"{key:<28}{value:>10.1f}{'' if goal is None else f'{goal:>10.0f}'}{mark}")
    print(f"written to {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
