"""The roster bench's generator at a small scale: what it builds is what the measured calls
see. Timings are not checked here."""

from sqlalchemy import func, select

from bench.roster import build, guard, measure
from core.door import who_is_inside
from core.roster import on_site
from db.models import Badge, DoorEvent, OutboxJob, Visit


def test_generated_site_is_what_roster_and_door_see(sqlite_app):
    app = sqlite_app
    generated = build(app, historical=2_000, on_site=30, inside=4, pool=50)
    assert (generated.on_site, generated.inside) == (30, 4)

    rows = on_site(app.uow(), guard(generated.site_id), [generated.site_id])
    assert len(rows) == 30
    assert {r.first_name for r in rows} == {f"Guest{k}" for k in range(30)}  # decrypted
    assert sum(r.overstay for r in rows) == 3
    inside = who_is_inside(app.uow(), guard(generated.site_id), generated.zone_id)
    assert len(inside) == 4
    assert all(i.escort_name and i.visit_status == "on_site" for i in inside)

    with app.uow() as uow:
        count = uow.session.scalar
        assert count(select(func.count()).where(Visit.status == "checked_out")) == 2_000
        assert count(select(func.count()).select_from(Badge)) == 2_030
        assert count(select(func.count()).select_from(OutboxJob)) > 2_030
        events = count(select(func.count()).select_from(DoorEvent))
        # Helsinki visits (4 in 5), one in seven in and out, a few refused; 4 + 2 * 10 today.
        assert 2 * 2_000 * 4 // 5 // 7 + 24 <= events <= 2 * 2_000 // 7 + 24 + 2_000 // 50

    figures = measure(app, generated, repeats=2)  # raises when a call sees other counts
    assert set(figures) == {"roster_ms", "roster_ms_p95", "zone_occupancy_ms",
                            "zone_occupancy_ms_p95"}  # fmt: skip
