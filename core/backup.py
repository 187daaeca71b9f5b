"""Backup and restore of the whole database (D5). No Qt.

SQLite: an online copy through SQLite's backup API, consistent while kiosks keep writing (WAL);
the copy is itself a Vartio database. PostgreSQL: ``pg_dump --format=custom`` / ``pg_restore``.
The data key is never part of a backup: it stays in the operating system's keyring.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, func, inspect, select, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from db.engine import make_engine
from db.migrate import alembic_config, current_revision, upgrade
from db.models import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
STEP_PAGES = 1024  # 4 MiB a step with the default page size
KEY_NOTE = (
    "The data key is NOT in the backup: it lives in this machine's keyring and without it the "
    "personal data in the backup cannot be read. Keep the machine's keyring / key with the "
    "backup; key export is issue 10."
)

Progress = Callable[[int, int], None]  # (pages done, pages in all)


class BackupError(Exception):
    """A refusal or failure the operator can act on; the message says what to do."""


@dataclass(frozen=True)
class BackupResult:
    backend: str  # "sqlite" | "postgresql"
    path: str  # the backup file written or read
    bytes: int
    tables: dict[str, int]  # row count per table
    revision: str | None  # schema revision of the database after the operation
    database: str = ""  # the installation's database (URL without password, or path)
    before_restore: str | None = None  # where --force kept the old SQLite file
    upgraded_from: str | None = None  # revision of an older backup that was upgraded


def backend_of(engine: Engine) -> str:
    return "sqlite" if engine.url.get_backend_name() == "sqlite" else "postgresql"


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows per table of the model that exists in this database (an old schema may lack some)."""
    present = set(inspect(conn).get_table_names())
    return {
        t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
        for t in Base.metadata.sorted_tables
        if t.name in present
    }


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("Only an SQLite database in a file can be backed up or restored.")
    return Path(database)


def _describe(engine: Engine) -> str:
    if backend_of(engine) == "sqlite":
        return str(_sqlite_path(engine))
    return engine.url.render_as_string(hide_password=True)


def _file_engine(path: Path) -> Engine:
    # A plain engine: no WAL switch or write lock, so looking at a file never changes it.
    return create_engine(f"sqlite:///{path}", poolclass=NullPool)


def _reserve(out: Path) -> None:
    """Create OUT empty, failing if it exists: never overwrite (even in a race)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "xb"):
            pass
    except FileExistsError:
        raise BackupError(f"{out} already exists; choose a new file name.") from None
    except OSError as exc:
        raise BackupError(f"Cannot write {out}: {exc.strerror}.") from None


# --- backup -------------------------------------------------------------------------------


def backup(engine: Engine, out: Path, progress: Progress | None = None) -> BackupResult:
    """Copy the live database into ``out`` (which must not exist yet)."""
    out = Path(out)
    _reserve(out)
    try:
        if backend_of(engine) == "sqlite":
            return _backup_sqlite(engine, out, progress)
        return _backup_postgresql(engine, out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def _backup_sqlite(engine: Engine, out: Path, progress: Progress | None) -> BackupResult:
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(partial)
        try:
            # One read transaction on the source: every step copies the same snapshot, so a
            # kiosk committing meanwhile neither restarts the copy nor half-enters it.
            source.execute("BEGIN DEFERRED")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            source.backup(target, pages=STEP_PAGES, progress=step)
            source.execute("COMMIT")
        finally:
            target.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"SQLite backup failed: {exc}.") from None
    finally:
        raw.close()
    os.replace(partial, out)
    check = _file_engine(out)
    try:
        with check.connect() as conn:
            tables = table_counts(conn)
        revision = current_revision(check)
    finally:
        check.dispose()
    return BackupResult(
        "sqlite", str(out), out.stat().st_size, tables, revision, database=_describe(engine)
    )


def find_pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` on PATH, else Debian's versioned directory (newest first)."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise BackupError(
            f"{name} was not found (on PATH or in /usr/lib/postgresql/*/bin). Install the "
            "PostgreSQL client tools, e.g. `apt-get install postgresql-client`."
        )
    return found


def _pg_env(url: URL) -> dict[str, str]:
    """libpq's environment for the URL: the password never appears on a command line."""
    env = dict(os.environ)

    def first(value: object) -> str | None:
        if isinstance(value, tuple):
            value = value[0] if value else None
        return None if value is None else str(value)

    params = {
        "PGHOST": url.host or first(url.query.get("host")),
        "PGPORT": str(url.port) if url.port else first(url.query.get("port")),
        "PGUSER": url.username or first(url.query.get("user")),
        "PGPASSWORD": url.password if url.password is not None else None,
        "PGDATABASE": url.database,
        "PGSSLMODE": first(url.query.get("sslmode")),
    }
    env.update({k: str(v) for k, v in params.items() if v})
    return env


def _run_pg(cmd: list[str], url: URL, what: str) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run(cmd, env=_pg_env(url), capture_output=True, check=False)
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackupError(f"{what} failed: {lines[-1] if lines else f'exit {proc.returncode}'}")
    return proc


def _backup_postgresql(engine: Engine, out: Path) -> BackupResult:
    pg_dump = find_pg_tool("pg_dump")
    # pg_dump reads the snapshot this transaction exported, so the counts match the dump.
    with engine.connect() as conn:
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
        cmd = [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={out}"]
        _run_pg(cmd, engine.url, "pg_dump")
        tables = table_counts(conn)
        revision = _revision_in(conn)
        conn.rollback()
    return BackupResult(
        "postgresql", str(out), out.stat().st_size, tables, revision, database=_describe(engine)
    )


def _revision_in(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.scalar(text("SELECT version_num FROM alembic_version"))


# --- restore ------------------------------------------------------------------------------


def _known_revision(engine: Engine, revision: str | None, source: Path) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    if revision is None:
        raise BackupError(f"{source} is not a Vartio backup (no schema revision in it).")
    try:
        known = ScriptDirectory.from_config(alembic_config(engine)).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise BackupError(
            f"{source} has schema revision {revision}, which this version of Vartio does not "
            "know (a backup from a newer version?). Restore it with that version."
        )


def _magic(source: Path, size: int) -> bytes:
    try:
        with open(source, "rb") as file:
            return file.read(size)
    except OSError as exc:
        raise BackupError(f"Cannot read {source}: {exc.strerror}.") from None


def restore(engine: Engine, source: Path, force: bool = False) -> BackupResult:
    """Put the backup ``source`` in place of the installation's database; schema upgraded."""
    source = Path(source)
    if backend_of(engine) == "sqlite":
        return _restore_sqlite(engine, source, force)
    return _restore_postgresql(engine, source, force)


def _restore_sqlite(engine: Engine, source: Path, force: bool) -> BackupResult:
    if _magic(source, len(SQLITE_MAGIC)) != SQLITE_MAGIC:
        raise BackupError(f"{source} is not an SQLite database file; nothing was restored.")
    target = _sqlite_path(engine)
    before = target.with_name(target.name + ".before-restore")
    if target.exists() and not force:
        raise BackupError(
            f"The database {target} already exists. Use --force to replace it "
            f"(the old file is kept as {before.name})."
        )
    if target.exists() and before.exists():
        raise BackupError(f"{before} is in the way (an earlier restore's); move it first.")
    # Checked and upgraded as a copy beside the target, so a bad file never replaces anything.
    staging = target.with_name(target.name + ".restoring")
    for leftover in _with_sidecars(staging):
        leftover.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, staging)
    try:
        check = _file_engine(staging)
        try:
            with check.connect() as conn:
                ok = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                revision = _revision_in(conn)
        except Exception as exc:  # sqlite3 says "file is not a database" and the like
            reason = exc.__cause__ or exc
            raise BackupError(f"{source} cannot be read as a database: {reason}.") from None
        finally:
            check.dispose()
        if ok != "ok":
            raise BackupError(f"{source} is damaged (SQLite quick_check: {ok}).")
        _known_revision(engine, revision, source)
        upgraded = make_engine(f"sqlite:///{staging}")
        try:
            upgrade(upgraded)
            new_revision = current_revision(upgraded)
        finally:
            upgraded.dispose()  # the last connection checkpoints the WAL into the file
        kept = _set_aside(engine, target, before) if target.exists() else None
        os.replace(staging, target)
    finally:
        for leftover in _with_sidecars(staging):
            leftover.unlink(missing_ok=True)
    final = _file_engine(target)
    try:
        with final.connect() as conn:
            tables = table_counts(conn)
    finally:
        final.dispose()
    return BackupResult(
        "sqlite",
        str(source),
        source.stat().st_size,
        tables,
        new_revision,
        database=str(target),
        before_restore=str(kept) if kept else None,
        upgraded_from=revision if revision != new_revision else None,
    )


def _with_sidecars(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))]


def _set_aside(engine: Engine, target: Path, before: Path) -> Path:
    """Move the old database to ``before`` with its WAL folded in (else its commits are lost)."""
    engine.dispose()
    conn = sqlite3.connect(target)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise BackupError(
            f"{target} is in use; close the kiosk and admin programs, then restore again."
        )
    os.replace(target, before)
    for sidecar in _with_sidecars(target)[1:]:
        sidecar.unlink(missing_ok=True)  # would otherwise be replayed into the restored file
    return before


def _dump_revision(pg_restore: str, source: Path) -> str | None:
    """The alembic revision inside a custom-format dump, read without restoring anything."""
    proc = subprocess.run(
        [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(source)],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackupError(f"{source} cannot be read by pg_restore: {lines[-1] if lines else ''}")
    rows = proc.stdout.decode("utf-8", "replace").splitlines()
    for i, line in enumerate(rows):
        if line.startswith("COPY ") and "alembic_version" in line and i + 1 < len(rows):
            value = rows[i + 1].strip()
            return value if value and value != "\\." else None
    return None


def _restore_postgresql(engine: Engine, source: Path, force: bool) -> BackupResult:
    if _magic(source, len(PGDUMP_MAGIC)) != PGDUMP_MAGIC:
        raise BackupError(
            f"{source} is not a pg_dump custom-format file (`vartio backup` on PostgreSQL "
            "writes one); nothing was restored."
        )
    pg_restore = find_pg_tool("pg_restore")
    revision = _dump_revision(pg_restore, source)
    _known_revision(engine, revision, source)
    existing = inspect(engine).get_table_names()
    if existing and not force:
        raise BackupError(
            f"The database {_describe(engine)} already has {len(existing)} tables. Use --force "
            "to replace its contents with the backup."
        )
    engine.dispose()  # our idle connections would hold locks pg_restore --clean needs
    cmd = [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run_pg([*cmd, f"--dbname={engine.url.database}", str(source)], engine.url, "pg_restore")
    upgrade(engine)
    with engine.connect() as conn:
        tables = table_counts(conn)
        new_revision = _revision_in(conn)
    return BackupResult(
        "postgresql",
        str(source),
        source.stat().st_size,
        tables,
        new_revision,
        database=_describe(engine),
        upgraded_from=revision if revision != new_revision else None,
    )
