"""One open Vartio installation: engine, session factory and the data key's sealer."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.uow import UnitOfWork
from db import crypto
from db.crypto import Sealer
from db.engine import make_engine, make_sessionmaker, resolve_url


@dataclass
class App:
    engine: Engine
    sessions: sessionmaker[Session]
    sealer: Sealer
    url: str = field(default="")

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.sealer)

    def close(self) -> None:
        self.engine.dispose()


def open_app(db: str | None = None, create_key: bool = False, sealer: Sealer | None = None) -> App:
    """Open the database at ``db`` (or the configured one) with the keyring's data key."""
    url = resolve_url(db)
    engine = make_engine(url)
    if sealer is None:
        sealer = Sealer(crypto.load_master_key(create=create_key))
    return App(engine=engine, sessions=make_sessionmaker(engine), sealer=sealer, url=url)
