"""Plain-text attributes over encrypted columns.

A model declares ``first_name = Personal()`` beside ``first_name_enc: Mapped[bytes | None]``.
Reading or writing the attribute seals/opens with the sealer of the current unit of work
(a context variable, so each worker thread has its own). The associated data binds every
value to its table, column and row id: a value copied into another row or column fails to open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, TypeVar, overload

from db.crypto import Sealer

T = TypeVar("T", str, bytes)

_current: ContextVar[Sealer | None] = ContextVar("vartio_sealer", default=None)


@contextmanager
def sealing(sealer: Sealer) -> Iterator[Sealer]:
    token = _current.set(sealer)
    try:
        yield sealer
    finally:
        _current.reset(token)


def current_sealer() -> Sealer:
    sealer = _current.get()
    if sealer is None:
        raise RuntimeError("personal data used outside a unit of work (no sealer in context)")
    return sealer


def field_aad(table: str, field: str, row_id: str) -> bytes:
    return f"{table}.{field}:{row_id}".encode()


class Personal(Generic[T]):
    """Descriptor: the clear value of ``<name>_enc``; str by default, bytes with ``binary=True``."""

    def __init__(self, binary: bool = False) -> None:
        self.binary = binary
        self.name = ""
        self.column = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.column = f"{name}_enc"

    @overload
    def __get__(self, obj: None, owner: type) -> Personal[T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T | None: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        sealed = getattr(obj, self.column)
        if sealed is None:
            return None
        plain = current_sealer().open(sealed, self._aad(obj))
        return plain if self.binary else plain.decode("utf-8")

    def __set__(self, obj: Any, value: T | None) -> None:
        if value is None:
            setattr(obj, self.column, None)
            return
        raw = value if isinstance(value, bytes) else value.encode("utf-8")
        setattr(obj, self.column, current_sealer().seal(raw, self._aad(obj)))

    def _aad(self, obj: Any) -> bytes:
        if not obj.id:
            raise RuntimeError(f"{type(obj).__name__} has no id yet; personal data needs one")
        return field_aad(obj.__tablename__, self.name, obj.id)
