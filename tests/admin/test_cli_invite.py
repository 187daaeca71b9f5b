"""`vartio visit invite`: pre-registration from the command line."""

from __future__ import annotations

import json
import secrets

import numpy as np
import pytest

from core.scanning import decode
from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)
from tests.forms.pdf import HAVE_PDFTOPPM, rasterise

BASE = ("visit", "invite", "--site", "hel", "--first", "Matti", "--last", "Meikäläinen")


@pytest.fixture
def db(env, tmp_path):  # noqa: F811
    path = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", path, "--json", "demo"))
    return path


@pytest.mark.skipif(not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) not installed")
def test_invite_writes_the_pdf_whose_qr_checks_in(env, db, tmp_path):  # noqa: F811
    import sqlite3

    from core.security import token_hash

    pdf = tmp_path / "invitation.pdf"
    args = ("--host-email", "Aino.Laine@vartio-demo.fi", "--email", "matti@example.fi")
    more = ("--purpose", "meeting", "--date", "2031-05-06", "--from", "09:30", "--to", "11:00")
    result = ok_json(
        vartio(
            env, "--db", db, "--json", *BASE, *args, *more, "--language", "fi", "--pdf", str(pdf)
        )
    )
    assert result["ok"] and result["visit_id"] and result["mail_job_id"]
    [found] = decode(np.asarray(rasterise(pdf.read_bytes(), tmp_path, dpi=150)), ("QRCode",))
    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "SELECT token_hash FROM invitations WHERE visit_id = ?", (result["visit_id"],)
        ).fetchone()[0]
    assert token_hash(found.text) == stored


def test_invite_by_host_name_without_pdf(env, db):  # noqa: F811
    proc = vartio(
        env, "--db", db, *BASE, "--host", "Li Wei", "--phone", "+358 40 123 4567",
        "--purpose", "delivery", "--date", "2031-05-06",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "visit_id:" in proc.stdout and "mail_job_id: None" in proc.stdout


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (("--host", "Nobody Here", "--purpose", "meeting"), "host"),
        (("--host", "Li Wei", "--purpose", "party"), "purpose"),
        (("--host", "Li Wei", "--purpose", "meeting", "--from", "25:00"), "time"),
        (("--purpose", "meeting"), "--host"),
    ],
)
def test_bad_input_is_exit_1_with_a_message(env, db, extra, needle):  # noqa: F811
    proc = vartio(
        env, "--db", db, "--json", *BASE, "--email", "m@example.fi", "--date", "2031-05-06", *extra
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    body = json.loads(proc.stdout)
    assert body["ok"] is False and needle in body["error"].lower() + body["error"]


def test_missing_date_is_usage(env, db):  # noqa: F811
    proc = vartio(env, "--db", db, *BASE, "--host", "Li Wei", "--purpose", "meeting")
    assert proc.returncode == 2


def test_unknown_site_is_exit_1(env, db):  # noqa: F811
    token = secrets.token_hex(2)
    proc = vartio(
        env, "--db", db, "visit", "invite", "--site", f"x{token}", "--host", "Li Wei",
        "--first", "A", "--last", "B", "--email", "a@example.fi", "--purpose", "meeting",
        "--date", "2031-05-06",
    )  # fmt: skip
    assert proc.returncode == 1 and "no site" in proc.stderr.lower()
