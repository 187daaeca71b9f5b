"""Unit of work: one session, one transaction, per user action.

    with uow:
        ...
        uow.commit()

Leaving the block without ``commit`` rolls everything back. Inside the block personal fields
seal and open with this installation's key.
"""

from __future__ import annotations

from contextlib import ExitStack
from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from core import audit
from core.permissions import Actor
from db.crypto import Sealer
from db.personal import sealing


class UnitOfWork:
    def __init__(self, sessions: sessionmaker[Session], sealer: Sealer) -> None:
        self._sessions = sessions
        self.sealer = sealer
        self._session: Session | None = None
        self._stack: ExitStack | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("unit of work entered twice")
        self._stack = ExitStack()
        self._stack.enter_context(sealing(self.sealer))
        self._session = self._stack.enter_context(self._sessions())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._stack is not None
        try:
            self.session.rollback()  # no-op after commit; undoes everything otherwise
        finally:
            self._session = None
            self._stack.close()

    def commit(self) -> None:
        self.session.commit()

    def audit(self, actor: Actor, action: str, **kwargs: Any) -> None:
        audit.append(self.session, actor.label, action, **kwargs)
