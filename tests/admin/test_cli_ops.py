"""`vartio backup` and `vartio restore`, run as an operator would."""

import json
import uuid

import pytest

from core.backup import BackupError, find_pg_tool
from core.demo import EMPLOYEES
from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)
from tests.conftest import REQUIRE_PG


def _no_personal_data(text: str) -> None:
    for _site, first, last, email, _active in EMPLOYEES:
        assert f"{first} {last}" not in text and email not in text


def test_backup_and_restore_json(env, tmp_path):  # noqa: F811
    db, out, fresh = tmp_path / "v.db", tmp_path / "v.backup", tmp_path / "copy" / "v.db"
    ok_json(vartio(env, "--db", str(db), "--json", "demo"))
    proc = vartio(env, "--db", str(db), "backup", str(out), "--json")
    made = ok_json(proc)
    assert made["ok"] and made["backend"] == "sqlite" and made["path"] == str(out)
    assert made["bytes"] == out.stat().st_size and made["tables"]["sites"] == 2
    assert made["revision"] and made["key_included"] is False
    assert "keyring" in made["key_note"] and "issue 10" in made["key_note"]
    _no_personal_data(proc.stdout + proc.stderr)

    again = vartio(env, "--db", str(db), "--json", "backup", str(out))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr and json.loads(again.stdout)["ok"] is False

    back = ok_json(vartio(env, "--db", str(fresh), "--json", "restore", str(out)))
    assert back["tables"] == made["tables"] and back["revision"] == made["revision"]
    assert back["before_restore"] is None and "keyring" in back["key_note"]
    # The restored file is a working installation with the same keyring's data key.
    assert ok_json(vartio(env, "--db", str(fresh), "--json", "audit", "verify"))["ok"]


def test_restore_text_refusals_and_force(env, tmp_path):  # noqa: F811
    db, out = tmp_path / "v.db", tmp_path / "v.backup"
    ok_json(vartio(env, "--db", str(db), "--json", "demo"))
    text = vartio(env, "--db", str(db), "backup", str(out))
    assert text.returncode == 0 and "Backed up" in text.stdout
    assert "key export is issue 10" in text.stdout
    _no_personal_data(text.stdout + text.stderr)

    refused = vartio(env, "--db", str(db), "restore", str(out))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    forced = vartio(env, "--db", str(db), "restore", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "v.db.before-restore" in forced.stdout and "keyring" in forced.stdout
    assert (tmp_path / "v.db.before-restore").is_file()

    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    bad = vartio(env, "--db", str(tmp_path / "other.db"), "--json", "restore", str(junk))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "not an SQLite database file" in bad.stderr
    assert json.loads(bad.stdout)["ok"] is False
    missing = vartio(env, "--db", str(db), "restore", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "is not a file" in missing.stderr


def test_backup_of_a_database_that_is_not_there(env, tmp_path):  # noqa: F811
    proc = vartio(env, "--db", str(tmp_path / "none.db"), "backup", str(tmp_path / "b"))
    assert proc.returncode == 1 and "no database" in proc.stderr
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "b").exists()


def test_postgresql_backup_and_restore(env, pg_cluster, tmp_path):  # noqa: F811
    try:
        find_pg_tool("pg_dump")
    except BackupError as exc:
        if REQUIRE_PG:
            pytest.fail(str(exc))
        pytest.skip(f"pg_dump not installed: {exc}")
    suffix = uuid.uuid4().hex[:8]
    source = pg_cluster.create_database(f"cli_src_{suffix}")
    target = pg_cluster.create_database(f"cli_dst_{suffix}")
    out = tmp_path / "v.pgdump"
    ok_json(vartio(env, "--db", source, "--json", "demo"))
    made = ok_json(vartio(env, "--db", source, "--json", "backup", str(out)))
    assert made["backend"] == "postgresql" and made["tables"]["sites"] == 2
    back = ok_json(vartio(env, "--db", target, "--json", "restore", str(out)))
    assert back["tables"] == made["tables"] and back["revision"] == made["revision"]
    refused = vartio(env, "--db", target, "restore", str(out))
    assert refused.returncode == 1 and "--force" in refused.stderr
