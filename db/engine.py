"""Where the database is, and engines/sessions for it. Nothing here runs at import time."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

ENV_VAR = "VARTIO_DB"
BUSY_TIMEOUT_MS = 10_000


def default_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("vartio", appauthor=False))
    return f"sqlite:///{data_dir / 'vartio.db'}"


def resolve_url(cli_value: str | None = None) -> str:
    """``--db`` first, then ``$VARTIO_DB``, then a file in the user's data directory.

    A bare path (no ``scheme://``) means an SQLite file.
    """
    raw = cli_value or os.environ.get(ENV_VAR) or default_url()
    if "://" not in raw:
        raw = f"sqlite:///{Path(raw).expanduser().resolve()}"
    return raw


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below decide when a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode survives a process crash; a power cut may lose the last commits.
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock up front: a reader that later writes would otherwise fail with
        # "database is locked" instead of waiting, and the audit chain needs one writer at a time.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        _sqlite_setup(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
