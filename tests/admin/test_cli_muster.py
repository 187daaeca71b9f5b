"""`vartio muster`: the evacuation list printed at once; a failing printer exits 1 and the
--pdf is written all the same."""

import json
import sqlite3

import pytest

from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)
from tests.forms.pdf import reader


@pytest.fixture
def db(env, tmp_path):  # noqa: F811
    path = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", path, "--json", "demo"))
    with sqlite3.connect(path) as conn:  # two demo visits at hel, as if checked in
        conn.execute(
            "UPDATE visits SET status = 'on_site' WHERE id IN (SELECT v.id FROM visits v "
            "JOIN sites s ON s.id = v.site_id WHERE s.code = 'hel' ORDER BY v.id LIMIT 2)"
        )
    return path


def test_muster_prints_to_a_spool_and_writes_the_pdf(env, db, tmp_path):  # noqa: F811
    spool, out = tmp_path / "spool", tmp_path / "muster.pdf"
    done = ok_json(
        vartio(
            env, "--db", db, "--json", "muster", "--site", "hel",
            "--printer", f"spool:{spool}", "--pdf", str(out),
        )
    )  # fmt: skip
    assert done["printed"] and done["visitors"] == 2 and done["site"] == "hel"
    [printed] = spool.glob("muster-hel-*.pdf")
    assert printed.read_bytes() == out.read_bytes() and len(reader(out.read_bytes()).pages) == 1
    text = vartio(env, "--db", db, "muster", "--site", "hel", "--printer", f"spool:{spool}")
    assert text.returncode == 0 and "Visitors on site at hel: 2" in text.stdout


def test_a_failing_printer_exits_1_and_the_pdf_is_still_written(env, db, tmp_path):  # noqa: F811
    out = tmp_path / "muster.pdf"
    proc = vartio(
        env, "--db", db, "--json", "muster", "--site", "hel",
        "--printer", "spool:/dev/null/x", "--pdf", str(out),
    )  # fmt: skip
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    result = json.loads(proc.stdout)
    assert result["ok"] is False and result["printed"] is False and result["visitors"] == 2
    assert result["pdf"] == str(out) and out.read_bytes().startswith(b"%PDF")
    assert "did not print" in proc.stderr and str(out) in proc.stderr


def test_unknown_site_or_bad_printer_is_refused(env, db):  # noqa: F811
    unknown = vartio(env, "--db", db, "muster", "--site", "nowhere")
    assert unknown.returncode == 1 and "nowhere" in unknown.stderr
    bad = vartio(env, "--db", db, "muster", "--site", "hel", "--printer", "fax:1")
    assert bad.returncode == 1 and "printer 'fax:1'" in bad.stderr
