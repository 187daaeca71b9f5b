"""`vartio purge`, `vartio retention set` and `vartio erase`, run as an operator would."""

import subprocess
import sys
from datetime import date, timedelta

from core.demo import EXPECTED_VISITORS
from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)

# Moves the first demo visitor's visit 200 days back (checked out); prints the ids of that
# visitor and of one still expected today. In another process, like the CLI: the data key is
# in that environment's keyring.
PREPARE = """
import sys
from datetime import timedelta
from sqlalchemy import select
from core.app import open_app
from core.clock import now
from db.models import Visit, Visitor

app = open_app(sys.argv[1])
with app.uow() as uow:
    visits = uow.session.scalars(select(Visit).order_by(Visit.created_at, Visit.id)).all()
    old, recent = visits[0], visits[1]
    end = now() - timedelta(days=200)
    old.expected_start, old.expected_end = end - timedelta(hours=1), end
    old.checked_in_at, old.checked_out_at, old.status = end - timedelta(hours=1), end, "checked_out"
    print(old.visitor_id, recent.visitor_id)
    uow.commit()
app.close()
"""


def _prepare(environ, db):
    done = subprocess.run([sys.executable, "-c", PREPARE, db], env=environ, check=True,
                          timeout=120, capture_output=True, text=True)  # fmt: skip
    return done.stdout.split()


def test_purge_reports_each_site_and_compacts(env, tmp_path):  # noqa: F811
    db = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", db, "--json", "demo"))
    nothing = ok_json(vartio(env, "--db", db, "--json", "purge"))
    assert (nothing["visits_anonymised"], nothing["visitors_anonymised"]) == (0, 0)
    later = (date.today() + timedelta(days=400)).isoformat()
    proc = vartio(env, "--db", db, "purge", "--json", "--today", later)
    report = ok_json(proc)
    assert proc.stderr == ""  # no progress lines with --json
    assert report["visitors_anonymised"] == len(EXPECTED_VISITORS)
    assert report["visits_anonymised"] == len(EXPECTED_VISITORS) and report["vacuumed"]
    hel = next(s for s in report["sites"] if s["site"] == "hel")
    n = len(EXPECTED_VISITORS)
    assert hel == {"site": "hel", "retention_days": 365, "visits_anonymised": n,
                   "visitors_anonymised": n}  # fmt: skip
    text = vartio(env, "--db", db, "purge", "--today", later)
    assert text.returncode == 0 and "hel: kept 365 days" in text.stderr
    assert "Visits anonymised: 0, visitors anonymised: 0." in text.stdout
    assert ok_json(vartio(env, "--db", db, "--json", "audit", "verify"))["ok"]
    bad = vartio(env, "--db", db, "purge", "--today", "tomorrow")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_retention_is_set_per_site_with_a_floor(env, tmp_path):  # noqa: F811
    db = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", db, "--json", "demo"))
    low = vartio(env, "--db", db, "--json", "retention", "set", "--site", "hel", "--days", "60")
    assert low.returncode == 1 and "at least 90 days" in low.stderr
    done = ok_json(vartio(env, "--db", db, "--json", "retention", "set", "--site", "hel",
                          "--days", "120"))  # fmt: skip
    assert done == {"ok": True, "site": "hel", "days": 120, "previous": 365}
    text = vartio(env, "--db", db, "retention", "set", "--site", "hel", "--days", "90")
    assert text.returncode == 0 and "keeps visitor records 90 days (was 120)" in text.stdout
    unknown = vartio(env, "--db", db, "retention", "set", "--site", "nope", "--days", "100")
    assert unknown.returncode == 1 and "no site with the code nope" in unknown.stderr


def test_erase_is_refused_inside_the_floor_and_done_after(env, tmp_path):  # noqa: F811
    db = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", db, "--json", "demo"))
    old, recent = _prepare(env, db)
    refused = vartio(env, "--db", db, "--json", "erase", "--visitor", recent, "--reason", "R-1")
    assert refused.returncode == 1 and "kept 90 days for security" in refused.stderr
    done = ok_json(vartio(env, "--db", db, "--json", "erase", "--visitor", old, "--reason", "R-2"))
    assert done["visitor"] == old and done["visits"] == 1 and done["vacuumed"]
    text = vartio(env, "--db", db, "erase", "--visitor", old, "--reason", "R-3")
    assert text.returncode == 0 and f"Visitor {old} erased" in text.stdout
    missing = vartio(env, "--db", db, "erase", "--visitor", "nobody", "--reason", "R-4")
    assert missing.returncode == 1 and "no visitor with this id" in missing.stderr
    assert ok_json(vartio(env, "--db", db, "--json", "audit", "verify"))["ok"]
