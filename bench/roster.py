"""Roster and zone-occupancy figures on a site with years of history (issue 6).

``build`` fills a seeded SQLite database with ``historical`` checked-out visits spread over
three years (their badges, print jobs and, for about one in seven at the Helsinki site, an
entry into the equipment room and an exit), generated inside SQLite in one transaction, then
checks ``on_site`` visitors in through the ordinary check-in service, some overstaying and
``inside`` of them in the equipment room with an escort and no exit. ``measure`` times
``core.roster.on_site`` and ``core.door.who_is_inside`` the way the admin app calls them: a
fresh unit of work per call, a security guard of the site as the actor.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from core.app import App
from core.checkin import WalkInRequest, check_in
from core.clock import now
from core.demo import seed
from core.door import IN, OUT, who_is_inside
from core.door_policy import DoorReason
from core.permissions import Actor, Role
from core.roster import on_site
from db.crypto import Sealer
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade
from db.models import DoorEvent, Employee, Site, Visit, Visitor, VisitZone, Zone

ROOM = "Equipment room"
YEARS = 3
ESCORTS = ("Korhonen", "Lindqvist")  # the demo's escorts of the equipment room


PARAMS = """
    CREATE TEMP TABLE bench_params (n INTEGER, start INTEGER, step REAL, hel TEXT, esp TEXT,
        room TEXT, pool INTEGER, hel_hosts INTEGER, esp_hosts INTEGER)
"""
# One row per historical visit i: every fifth at Espoo, 30 min to 8 h on site, one Helsinki
# visit in seven into the equipment room and out again, a few refused at its door. Times as
# SQLAlchemy stores UTC datetimes on SQLite.
NUMBERED = """
    CREATE TEMP VIEW bench_v AS
    WITH RECURSIVE n(i) AS (
        SELECT 0 UNION ALL SELECT i + 1 FROM n, bench_params p WHERE i + 1 < p.n
    ),
    t AS (
        SELECT i, i % 5 = 4 AS esp, CAST(p.start + i * p.step AS INTEGER) AS t_in,
               1800 + (i * 2654435761) % 27000 AS stay
        FROM n, bench_params p
    )
    SELECT i, esp AS at_esp, printf('h%031d', i) AS visit_id, printf('b%031d', i) AS badge_id,
        NOT esp AND i % 7 = 0 AS entered, NOT esp AND i % 7 = 3 AND i % 10 = 0 AS refused,
        datetime(t_in, 'unixepoch') || '.000000' AS s_in,
        datetime(t_in + 5, 'unixepoch') || '.000000' AS s_printed,
        datetime(t_in + 300, 'unixepoch') || '.000000' AS s_door_in,
        datetime(t_in + stay - 300, 'unixepoch') || '.000000' AS s_door_out,
        datetime(t_in + stay, 'unixepoch') || '.000000' AS s_out,
        datetime(t_in + 14400, 'unixepoch') || '.000000' AS s_end,
        datetime(t_in + 43200, 'unixepoch') || '.000000' AS s_expires
    FROM t
"""
INSERTS = [
    """
    INSERT INTO visits (id, site_id, visitor_id, host_id, purpose, status, language,
        escort_required, expected_start, expected_end, checked_in_at, checked_out_at,
        created_by, created_at, id_document_enc, carried_media)
    SELECT visit_id, CASE WHEN at_esp THEN p.esp ELSE p.hel END,
        (SELECT id FROM bench_pool WHERE k = i % p.pool),
        (SELECT id FROM bench_hosts
         WHERE k = CASE WHEN at_esp THEN 1000 + i % p.esp_hosts ELSE i % p.hel_hosts END),
        'meeting', 'checked_out', 'en', 0, s_in, s_end, s_in, s_out, 'kiosk', s_in, NULL, '{}'
    FROM bench_v, bench_params p
    """,
    # Badges: one in forty never handed back.
    """
    INSERT INTO badges (id, visit_id, token_hash, issued_at, expires_at, returned_at,
        revoked_at)
    SELECT badge_id, visit_id, lower(hex(randomblob(32))), s_in, s_expires,
        CASE WHEN i % 40 = 0 THEN NULL ELSE s_out END, NULL
    FROM bench_v
    """,
    # The badge print job of every check-in stays in the outbox once done.
    """
    INSERT INTO outbox (id, kind, payload, secret_enc, status, attempts, next_attempt_at,
        last_error, created_at, done_at)
    SELECT printf('o%031d', i), 'print_badge',
        json_object('visit_id', visit_id, 'badge_id', badge_id),
        NULL, 'done', 1, s_in, NULL, s_in, s_printed
    FROM bench_v
    """,
    """
    INSERT INTO visit_zones (visit_id, zone_id)
    SELECT visit_id, p.room FROM bench_v, bench_params p WHERE entered
    """,
    """
    INSERT INTO door_events (id, site_id, zone_id, visit_id, escort_employee_id, guard,
        direction, allowed, reason, at)
    SELECT printf('d%031d', i), p.hel, p.room, visit_id,
        (SELECT id FROM bench_escorts WHERE k = i % 2), 'user:guard', 'in', 1, 'allowed',
        s_door_in
    FROM bench_v, bench_params p WHERE entered
    UNION ALL
    SELECT printf('e%031d', i), p.hel, p.room, visit_id,
        (SELECT id FROM bench_escorts WHERE k = i % 2), 'user:guard', 'out', 1, 'exit',
        s_door_out
    FROM bench_v, bench_params p WHERE entered
    UNION ALL
    SELECT printf('r%031d', i), p.hel, p.room, visit_id, NULL, 'user:guard', 'in', 0,
        'zone_not_on_visit', s_door_in
    FROM bench_v, bench_params p WHERE refused
    """,
]


@dataclass(frozen=True)
class Generated:
    site_id: str
    zone_id: str
    on_site: int  # visits checked in and not out at the site
    inside: int  # of them, inside the equipment room now
    seconds: float  # time taken to build


def _visitor_pool(app: App, size: int) -> list[str]:
    """Properly sealed visitors that the historical visits come back as."""
    with app.uow() as uow:
        ids = []
        for k in range(size):
            visitor = Visitor()
            first, last = f"Past{k}", "Visitor"
            visitor.first_name, visitor.last_name = first, last
            visitor.company = f"Company {k % 97}"
            visitor.email = f"past{k}@example.fi"
            visitor.name_index = uow.sealer.blind_index(f"{first} {last}")
            visitor.email_index = uow.sealer.blind_index(visitor.email)
            uow.session.add(visitor)
            ids.append(visitor.id)
        uow.commit()
    return ids


def _history(app: App, historical: int, pool: list[str], sites: dict[str, str]) -> None:
    with app.uow() as uow:
        room = uow.session.scalar(select(Zone.id).where(Zone.name == ROOM))
        employees = uow.session.execute(
            select(Employee.id, Employee.site_id, Employee.active)
        ).all()
        hosts = {
            code: [e.id for e in employees if e.site_id == site and e.active]
            for code, site in sites.items()
        }
        escorts = [
            e.id
            for e in uow.session.scalars(select(Employee).where(Employee.site_id == sites["hel"]))
            if e.last_name in ESCORTS
        ]
    end = int((now() - timedelta(days=2)).timestamp())
    start = end - YEARS * 365 * 86400
    params = (
        historical, start, (end - start) / historical, sites["hel"], sites["esp"], room,
        len(pool), len(hosts["hel"]), len(hosts["esp"]),
    )  # fmt: skip
    with app.engine.begin() as conn:
        sql = conn.exec_driver_sql
        sql(PARAMS)
        sql("INSERT INTO bench_params VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", params)
        sql("CREATE TEMP TABLE bench_pool (k INTEGER PRIMARY KEY, id TEXT)")
        sql("CREATE TEMP TABLE bench_hosts (k INTEGER PRIMARY KEY, id TEXT)")
        sql("CREATE TEMP TABLE bench_escorts (k INTEGER PRIMARY KEY, id TEXT)")
        sql("INSERT INTO bench_pool VALUES (?, ?)", list(enumerate(pool)))
        # Helsinki hosts at 0.., Espoo hosts at 1000..
        rows = list(enumerate(hosts["hel"])) + [(1000 + k, h) for k, h in enumerate(hosts["esp"])]
        sql("INSERT INTO bench_hosts VALUES (?, ?)", rows)
        sql("INSERT INTO bench_escorts VALUES (?, ?)", list(enumerate(escorts)))
        sql(NUMBERED)
        for statement in INSERTS:
            sql(statement)
        for table in ("bench_v", "bench_params", "bench_pool", "bench_hosts", "bench_escorts"):
            sql(f"DROP {'VIEW' if table == 'bench_v' else 'TABLE'} {table}")
        sql("ANALYZE")
    # A live database's WAL was checkpointed long ago: not during the measured calls. Outside
    # any transaction (the engine would open one).
    raw = app.engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def _arrivals(app: App, site_id: str, count: int, inside: int) -> None:
    """``count`` real check-ins; every tenth overstaying since yesterday; the first ``inside``
    in the equipment room with an escort, the next ten in and out again."""
    kiosk = Actor.kiosk(site_id)
    with app.uow() as uow:
        hosts = [
            e.id
            for e in uow.session.scalars(
                select(Employee).where(Employee.site_id == site_id, Employee.active.is_(True))
            )
        ]
    visit_ids = []
    for k in range(count):
        request = WalkInRequest(
            site_id, "en", f"Guest{k}", "Onsite", f"Vendor {k % 13} Oy",
            f"guest{k}@example.fi", "", hosts[k % len(hosts)], "meeting",
        )  # fmt: skip
        visit_ids.append(check_in(app.uow(), kiosk, request).visit_id)
    at = now()
    with app.uow() as uow:
        room = uow.session.scalar(select(Zone.id).where(Zone.site_id == site_id, Zone.name == ROOM))
        escorts = [
            e.id
            for e in uow.session.scalars(select(Employee).where(Employee.site_id == site_id))
            if e.last_name in ESCORTS
        ]
        for k, visit_id in enumerate(visit_ids):
            if k % 10 == 5:  # overstay: came yesterday, expected to leave yesterday evening
                uow.session.execute(
                    update(Visit)
                    .where(Visit.id == visit_id)
                    .values(
                        checked_in_at=at - timedelta(hours=26),
                        expected_start=at - timedelta(hours=26),
                        expected_end=at - timedelta(hours=18),
                    )
                )
            if k >= inside + 10:
                continue
            uow.session.add(VisitZone(visit_id=visit_id, zone_id=room))
            entered = at - timedelta(minutes=count - k)
            escort = escorts[k % len(escorts)]
            uow.session.add(_event(site_id, room, visit_id, escort, IN, entered))
            if k >= inside:
                left = entered + timedelta(seconds=30)
                uow.session.add(_event(site_id, room, visit_id, escort, OUT, left))
        uow.commit()


def _event(
    site_id: str, zone_id: str, visit_id: str, escort_id: str, direction: str, at: datetime
) -> DoorEvent:
    reason = DoorReason.ALLOWED if direction == IN else DoorReason.EXIT
    return DoorEvent(
        site_id=site_id, zone_id=zone_id, visit_id=visit_id, escort_employee_id=escort_id,
        guard="user:guard", direction=direction, allowed=True, reason=reason.value, at=at,
    )  # fmt: skip


def build(
    app: App, historical: int = 1_000_000, on_site: int = 300, inside: int = 40, pool: int = 2_000
) -> Generated:
    """Seed the demo sites into the migrated, empty database of ``app`` and add the history
    and the visitors on site (see the module's docstring)."""
    started = time.perf_counter()
    seed(app.uow)
    with app.uow() as uow:
        sites = {s.code: s.id for s in uow.session.scalars(select(Site))}
        room = uow.session.scalar(
            select(Zone.id).where(Zone.site_id == sites["hel"], Zone.name == ROOM)
        )
    _history(app, historical, _visitor_pool(app, min(pool, historical)), sites)
    _arrivals(app, sites["hel"], on_site, inside)
    assert room is not None
    return Generated(sites["hel"], room, on_site, inside, time.perf_counter() - started)


def guard(site_id: str) -> Actor:
    return Actor(kind="user", id="bench-guard", roles=frozenset({Role.SECURITY}),
                 site_ids=frozenset({site_id}))  # fmt: skip


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(app: App, generated: Generated, repeats: int = 30) -> dict[str, float]:
    """p50 and p95 of each call after one warm-up; each call checks it saw what was made."""
    actor = guard(generated.site_id)
    calls = {
        "roster_ms": (lambda: on_site(app.uow(), actor, [generated.site_id]), generated.on_site),
        "zone_occupancy_ms": (
            lambda: who_is_inside(app.uow(), actor, generated.zone_id),
            generated.inside,
        ),
    }
    figures: dict[str, float] = {}
    for name, (call, expected) in calls.items():
        samples = []
        for n in range(repeats + 1):
            start = time.perf_counter()
            rows = call()
            elapsed = (time.perf_counter() - start) * 1000
            if len(rows) != expected:
                raise RuntimeError(f"{name}: {len(rows)} rows, {expected} expected")
            if n:  # the first is the warm-up
                samples.append(elapsed)
        figures[name] = statistics.median(samples)
        figures[f"{name}_p95"] = _percentile(samples, 0.95)
    return figures


def roster_figures(historical: int = 1_000_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/roster.db")
        upgrade(engine)
        app = App(engine, make_sessionmaker(engine), Sealer(os.urandom(32)))
        generated = build(app, historical)
        figures = measure(app, generated)
        app.close()
    figures["roster_db_build_s"] = generated.seconds
    return figures
