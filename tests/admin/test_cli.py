"""The `vartio` command, run from outside as an operator would."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.demo import EMPLOYEES, EXPECTED_VISITORS


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ)
    e.update(
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    e.pop("VARTIO_DB", None)
    return e


def vartio(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "admin.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def ok_json(proc):
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def test_init_demo_and_verify(env, tmp_path):
    db = str(tmp_path / "v.db")
    assert ok_json(vartio(env, "--db", db, "--json", "init"))["ok"]
    demo = ok_json(vartio(env, "--db", db, "--json", "demo"))
    assert demo["created"] and demo["guard"]["pin"]
    assert {u["username"] for u in demo["users"]} >= {"admin", "guard", "reception"}
    again = ok_json(vartio(env, "--db", db, "--json", "demo"))
    assert again["created"] is False
    report = ok_json(vartio(env, "--db", db, "--json", "audit", "verify"))
    assert report["ok"] and report["entries"] > 1


def test_tampered_audit_row_is_named(env, tmp_path):
    db = tmp_path / "v.db"
    ok_json(vartio(env, "--db", str(db), "--json", "demo"))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE audit_log SET actor = 'system:someone-else' WHERE seq = 2")
    proc = vartio(env, "--db", str(db), "--json", "audit", "verify")
    assert proc.returncode == 1
    result = json.loads(proc.stdout)
    assert result["ok"] is False and result["first_bad_seq"] == 2
    assert "entry 2" in proc.stderr and "Traceback" not in proc.stderr


def test_demo_database_holds_no_personal_data_in_clear(env, tmp_path):
    db = tmp_path / "v.db"
    ok_json(vartio(env, "--db", str(db), "--json", "demo"))
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("v.db*"))
    needles = []
    for first, last, _company, email, phone, _host in EXPECTED_VISITORS:
        needles += [f"{first} {last}", email, phone]
        # A short surname alone is an ordinary word in some template text (Swedish "Min").
        needles += [last] if len(last) > 3 else []
    needles += [f"{first} {last}" for _s, first, last, _e, _a in EMPLOYEES]
    needles += [email for _s, _f, _l, email, _a in EMPLOYEES]
    for needle in needles:
        for encoding in ("utf-8", "utf-16-le"):
            assert needle.encode(encoding) not in raw, needle


def test_user_create_reads_password_from_stdin(env, tmp_path):
    db = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", db, "--json", "demo"))
    created = ok_json(
        vartio(
            env,
            "--db",
            db,
            "--json",
            "user",
            "create",
            "anna.k",
            "--role",
            "security",
            "--site",
            "hel",
            "--pin",
            "1357",
            "--password-stdin",
            stdin="a long enough password\n",
        )
    )
    assert created["username"] == "anna.k"
    dup = vartio(
        env,
        "--db",
        db,
        "--json",
        "user",
        "create",
        "anna.k",
        "--role",
        "hr",
        "--password-stdin",
        stdin="another long password\n",
    )
    assert dup.returncode == 1 and "taken" in dup.stderr
    short = vartio(
        env,
        "--db",
        db,
        "user",
        "create",
        "bob",
        "--role",
        "hr",
        "--password-stdin",
        stdin="short\n",
    )
    assert short.returncode == 1 and "at least" in short.stderr


def test_usage_errors_exit_2(env):
    assert vartio(env, "no-such-command").returncode == 2
    assert vartio(env, "user", "create", "x", "--role", "king").returncode == 2


def test_uninitialised_database_is_a_clear_failure(env, tmp_path):
    proc = vartio(env, "--db", str(tmp_path / "empty.db"), "--json", "audit", "verify")
    assert proc.returncode == 1
    assert "vartio init" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_keyring_is_a_clear_failure(env, tmp_path):
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    proc = vartio(env, "--db", str(tmp_path / "v.db"), "init")
    assert proc.returncode == 1
    assert "keyring" in proc.stderr.lower() and "Traceback" not in proc.stderr


def test_cli_starts_without_qt_or_weasyprint():
    code = (
        "import sys, admin.cli; admin.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'weasyprint', 'gui', 'kiosk')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert proc.stdout.strip() == "[]"


def test_user_disable_and_reset_password(env, tmp_path):
    db = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", db, "--json", "demo"))
    reset = vartio(env, "--db", db, "--json", "user", "reset-password", "reception",
                   "--password-stdin", stdin="a new password 9\n")  # fmt: skip
    assert ok_json(reset)["password_reset"]
    short = vartio(env, "--db", db, "user", "reset-password", "reception", "--password-stdin",
                   stdin="short\n")  # fmt: skip
    assert short.returncode == 1 and "at least" in short.stderr
    assert ok_json(vartio(env, "--db", db, "--json", "user", "disable", "reception"))["id"]
    missing = vartio(env, "--db", db, "user", "disable", "nobody")
    assert missing.returncode == 1 and "no account" in missing.stderr
    assert "Traceback" not in missing.stderr
