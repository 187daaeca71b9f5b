from pathlib import Path

from db.engine import ENV_VAR, make_engine, resolve_url


def test_url_comes_from_flag_then_environment_then_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://x@/y")
    assert resolve_url("sqlite:///flag.db") == "sqlite:///flag.db"
    assert resolve_url(None) == "postgresql+psycopg://x@/y"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'vartio' / 'vartio.db'}"


def test_bare_path_means_sqlite_file(tmp_path):
    assert resolve_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"


def test_sqlite_opens_in_wal_with_foreign_keys_and_busy_timeout(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()
