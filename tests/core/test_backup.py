"""Backup and restore on SQLite (online copy) and PostgreSQL (pg_dump / pg_restore)."""

import sqlite3
import uuid

import pytest
from sqlalchemy import select

from core.app import App
from core.backup import BackupError, backup, find_pg_tool, restore
from core.checkin import check_in
from core.demo import seed
from core.permissions import Actor
from db.engine import make_engine, make_sessionmaker
from db.migrate import current_revision, upgrade
from db.models import Base, Visit, Visitor
from tests.conftest import REQUIRE_PG
from tests.core.helpers import walk_in


def _checked_in(app: App) -> str:
    """A walk-in visitor's id: encrypted name, visit, badge job and audit entry in the DB."""
    request = walk_in(app)
    result = check_in(app.uow(), Actor.kiosk(request.site_id), request)
    with app.uow() as uow:
        return uow.session.get(Visit, result.visit_id).visitor_id


def _rows(engine) -> dict[str, list[tuple]]:
    """Every table, every column, rows in primary-key order."""
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in Base.metadata.sorted_tables
        }


def _assert_same(original, restored) -> None:
    before, after = _rows(original), _rows(restored)
    assert before.keys() == after.keys()
    for name in before:
        assert after[name] == before[name], name
    assert before["visitors"] and before["visits"] and before["audit_log"]


def _first_name(url: str, sealer, visitor_id: str) -> str:
    engine = make_engine(url)
    app = App(engine=engine, sessions=make_sessionmaker(engine), sealer=sealer, url=url)
    try:
        with app.uow() as uow:
            return uow.session.get(Visitor, visitor_id).first_name
    finally:
        app.close()


def test_sqlite_backup_while_in_use_restores_every_row(demo_app, sealer, tmp_path):
    app = demo_app.app
    visitor = _checked_in(app)
    live = app.engine.url.database
    other = sqlite3.connect(live, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a kiosk in the middle of a write: not in the copy
    other.execute("UPDATE sites SET name = 'uncommitted'")
    steps = []
    out = tmp_path / "backups" / "v.backup"
    try:
        result = backup(app.engine, out, lambda done, total: steps.append((done, total)))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.backend == "sqlite" and result.path == str(out)
    assert result.bytes == out.stat().st_size > 0
    assert result.tables["visitors"] >= 1 and result.revision == current_revision(app.engine)
    assert steps and steps[-1][0] == steps[-1][1]
    assert not out.with_name("v.backup.partial").exists()
    assert out.read_bytes().startswith(b"SQLite format 3\x00")

    fresh = tmp_path / "elsewhere" / "restored.db"
    target = make_engine(f"sqlite:///{fresh}")
    restored = restore(target, out)
    assert restored.before_restore is None and restored.upgraded_from is None
    assert restored.tables == result.tables and restored.database == str(fresh)
    _assert_same(app.engine, target)
    with target.connect() as conn:
        assert "uncommitted" not in {r[0] for r in conn.exec_driver_sql("SELECT name FROM sites")}
    target.dispose()
    assert _first_name(f"sqlite:///{fresh}", sealer, visitor) == "Kaisa"


def test_backup_never_overwrites(demo_app, tmp_path):
    out = tmp_path / "taken"
    out.write_bytes(b"keep me")
    with pytest.raises(BackupError, match="already exists"):
        backup(demo_app.app.engine, out)
    assert out.read_bytes() == b"keep me"


def test_restore_force_keeps_the_old_database(demo_app, sealer, tmp_path):
    app = demo_app.app
    out = tmp_path / "v.backup"
    backup(app.engine, out)
    visitor = _checked_in(app)  # after the backup: only in the old database
    live = app.engine.url.database
    with pytest.raises(BackupError, match="--force"):
        restore(app.engine, out)
    result = restore(app.engine, out, force=True)
    assert result.before_restore == live + ".before-restore"
    old = make_engine(f"sqlite:///{result.before_restore}")
    with old.connect() as conn:
        assert conn.scalar(select(Visitor.id).where(Visitor.id == visitor)) == visitor
    old.dispose()
    with app.engine.connect() as conn:
        assert conn.scalar(select(Visitor.id).where(Visitor.id == visitor)) is None
    with pytest.raises(BackupError, match="in the way"):
        restore(app.engine, out, force=True)


def test_restore_refuses_what_is_not_a_backup(tmp_path, sqlite_template):
    target = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    with pytest.raises(BackupError, match="not an SQLite database"):
        restore(target, junk)
    bare = tmp_path / "bare.db"
    sqlite3.connect(bare).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupError, match="not a Vartio backup"):
        restore(target, bare)
    future = tmp_path / "future.db"
    future.write_bytes(sqlite_template.read_bytes())
    conn = sqlite3.connect(future, isolation_level=None)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()  # the last connection folds the WAL into the file
    with pytest.raises(BackupError, match="does not know"):
        restore(target, future)
    assert not (tmp_path / "new.db").exists()


def test_an_older_backup_is_upgraded(tmp_path):
    old = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{old}")
    upgrade(engine, "0006")
    old_revision = current_revision(engine)
    engine.dispose()
    target = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    result = restore(target, old)
    assert result.upgraded_from == old_revision
    assert result.revision == current_revision(target) != old_revision
    target.dispose()


def test_postgresql_dump_restores_into_another_database(pg_cluster, sealer, tmp_path):
    try:
        find_pg_tool("pg_dump")
    except BackupError as exc:
        if REQUIRE_PG:
            pytest.fail(str(exc))
        pytest.skip(f"pg_dump not installed: {exc}")
    suffix = uuid.uuid4().hex[:8]
    source_url = pg_cluster.create_database(f"backup_src_{suffix}")
    engine = make_engine(source_url)
    upgrade(engine)
    app = App(engine=engine, sessions=make_sessionmaker(engine), sealer=sealer, url=source_url)
    seed(app.uow)
    visitor = _checked_in(app)
    out = tmp_path / "v.pgdump"
    result = backup(engine, out)
    assert result.backend == "postgresql" and out.read_bytes().startswith(b"PGDMP")
    assert result.tables["visitors"] >= 1 and result.revision == current_revision(engine)

    target_url = pg_cluster.create_database(f"backup_dst_{suffix}")
    target = make_engine(target_url)
    restored = restore(target, out)
    assert restored.tables == result.tables and restored.revision == result.revision
    _assert_same(engine, target)
    assert _first_name(target_url, sealer, visitor) == "Kaisa"
    with pytest.raises(BackupError, match="--force"):
        restore(target, out)
    again = restore(target, out, force=True)  # --clean replaces the contents, no duplicates
    assert again.tables == result.tables
    target.dispose()
    app.close()
