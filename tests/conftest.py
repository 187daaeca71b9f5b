"""Shared fixtures: every database test runs on SQLite and on a throwaway real PostgreSQL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

# Qt aborts the interpreter without a display unless told to draw offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import pytest
from sqlalchemy import text

from core.app import App
from core.demo import DemoInfo, seed
from db.crypto import Sealer
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade
from db.models import Base
from tests.pg import Cluster

REQUIRE_PG = os.environ.get("VARTIO_REQUIRE_PG") == "1"
# A real SMTP server (aiosmtpd) for the mail tests of core and kiosk.
pytest_plugins = ["tests.smtp"]


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in the test process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True, scope="session")
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = Cluster().start()
    except Exception as exc:  # the reason is shown; make test sets VARTIO_REQUIRE_PG=1
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required for this run but could not start: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template_url(pg_cluster: Cluster) -> str:
    url = pg_cluster.create_database("vartio_test")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def sealer() -> Sealer:
    return Sealer(os.urandom(32))


def _sqlite_url(template: Path, tmp_path: Path) -> str:
    target = tmp_path / "vartio.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def _pg_url(template_url: str) -> str:
    engine = make_engine(template_url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return template_url


def _make_app(url: str, sealer: Sealer) -> App:
    engine = make_engine(url)
    return App(engine=engine, sessions=make_sessionmaker(engine), sealer=sealer, url=url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return _sqlite_url(request.getfixturevalue("sqlite_template"), tmp_path)
    return _pg_url(request.getfixturevalue("pg_template_url"))


@pytest.fixture
def app(db_url: str, sealer: Sealer) -> Iterator[App]:
    """A migrated, empty database on SQLite and on PostgreSQL."""
    application = _make_app(db_url, sealer)
    yield application
    application.close()


@pytest.fixture
def sqlite_app(sqlite_template: Path, tmp_path: Path, sealer: Sealer) -> Iterator[App]:
    application = _make_app(_sqlite_url(sqlite_template, tmp_path), sealer)
    yield application
    application.close()


class Demo(NamedTuple):
    app: App
    info: DemoInfo


@pytest.fixture
def demo_app(sqlite_app: App) -> Demo:
    """SQLite app with the demo data: ``demo_app.app``, ``demo_app.info``."""
    return Demo(sqlite_app, seed(sqlite_app.uow))
