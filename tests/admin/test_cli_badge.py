"""`vartio badge reprint`: a new badge (new token) printed for a visitor on site."""

import sqlite3

import pytest

from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)


@pytest.fixture
def db(env, tmp_path):  # noqa: F811
    path = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", path, "--json", "demo"))
    return path


def _on_site_visit(db: str) -> str:
    """A demo visit, as if its visitor had checked in (status is not personal data)."""
    with sqlite3.connect(db) as conn:
        (visit_id,) = conn.execute("SELECT id FROM visits ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE visits SET status = 'on_site' WHERE id = ?", (visit_id,))
    return visit_id


def test_reprint_prints_a_new_badge(env, db, tmp_path):  # noqa: F811
    visit = _on_site_visit(db)
    spool = tmp_path / "spool"
    done = ok_json(
        vartio(env, "--db", db, "--json", "badge", "reprint", visit, "--printer", f"spool:{spool}")
    )
    assert done["printed"] and done["visit_id"] == visit
    assert [p.name for p in spool.glob("*.pdf")] == [f"badge-{done['job_id']}.pdf"]
    again = ok_json(
        vartio(env, "--db", db, "--json", "badge", "reprint", visit, "--printer", f"spool:{spool}")
    )
    assert again["revoked"] == 1 and len(list(spool.glob("*.pdf"))) == 2


def test_a_visit_not_on_site_or_a_bad_printer_is_refused(env, db):  # noqa: F811
    with sqlite3.connect(db) as conn:
        (expected,) = conn.execute("SELECT id FROM visits LIMIT 1").fetchone()
    refused = vartio(env, "--db", db, "badge", "reprint", expected)
    assert refused.returncode == 1 and "on site" in refused.stderr
    bad = vartio(env, "--db", db, "badge", "reprint", expected, "--printer", "fax:1")
    assert bad.returncode == 1 and "printer 'fax:1'" in bad.stderr
