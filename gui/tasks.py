"""The one way a screen does slow work: database, PDF rendering, printing.

    runner.run(search_hosts, app.uow(), actor, site_id, text, on_done=show, on_error=complain)

The callable runs in a QThreadPool worker; ``on_done(result)`` or ``on_error(exception)`` is
then called on the GUI thread. ``forget()`` drops every result still on its way, so work
started before the kiosk was reset (idle timeout) can never refill a wiped screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, Qt, QThreadPool, Signal, Slot

from core.errors import VartioError

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    generation: int
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None


class TaskRunner(QObject):
    busyChanged = Signal(bool)
    idle = Signal()
    # Emitted from worker threads; queued to this object's (the GUI) thread.
    _succeeded = Signal(int, object)
    _failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._pending: dict[int, _Pending] = {}
        self._next_id = 0
        self._generation = 0
        self._succeeded.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self._failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> int:
        """Start ``fn(*args, **kwargs)`` in a worker; returns a task id."""
        self._next_id += 1
        task_id = self._next_id
        was_busy = self.busy
        self._pending[task_id] = _Pending(self._generation, on_done, on_error)
        if not was_busy:
            self.busyChanged.emit(True)
        self._pool.start(lambda: self._work(task_id, fn, args, kwargs))
        return task_id

    def forget(self) -> None:
        """Drop the callbacks of every task started so far; their results are discarded."""
        self._generation += 1

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Process events until every task has been delivered (for tests and shutdown)."""
        deadline = QDeadlineTimer(timeout_ms)
        while self._pending and not deadline.hasExpired():
            self._pool.waitForDone(10)
            QCoreApplication.processEvents()
        return not self._pending

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Forget callbacks and let running work finish, so no worker outlives this object."""
        self.forget()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)

    def _work(self, task_id: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # every failure goes back to the GUI thread, none is lost
            if not isinstance(exc, VartioError):
                log.exception("background task %s failed", getattr(fn, "__name__", fn))
            self._emit(self._failed, task_id, exc)
        else:
            self._emit(self._succeeded, task_id, result)

    def _emit(self, signal: Any, task_id: int, value: object) -> None:
        try:
            signal.emit(task_id, value)
        except RuntimeError:  # the runner was deleted while the work ran: nobody is listening
            log.debug("task %s finished after its runner was deleted", task_id)

    @Slot(int, object)
    def _deliver_result(self, task_id: int, result: object) -> None:
        pending = self._current(task_id)
        try:
            if pending is not None and pending.on_done is not None:
                pending.on_done(result)
        finally:
            self._settle()

    @Slot(int, object)
    def _deliver_error(self, task_id: int, exc: object) -> None:
        pending = self._current(task_id)
        try:
            if pending is None:
                return
            assert isinstance(exc, BaseException)
            if pending.on_error is not None:
                pending.on_error(exc)
            else:
                log.error("unhandled background failure: %s", type(exc).__name__)
        finally:
            self._settle()

    def _current(self, task_id: int) -> _Pending | None:
        """Remove a finished task; None when its result is stale (started before ``forget``)."""
        pending = self._pending.pop(task_id, None)
        if pending is None or pending.generation != self._generation:
            return None
        return pending

    def _settle(self) -> None:
        # After the callback, which may have started the next task.
        if not self._pending:
            self.busyChanged.emit(False)
            self.idle.emit()
