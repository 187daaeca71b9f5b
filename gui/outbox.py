"""E-mail sent in the background: host notices right after each check-in, invitations made
at the admin desk or the command line, and retries of both on a timer.

Only mail: a badge that failed to print is reprinted when reception asks, never by the
kiosk on its own, because a badge coming out of an unattended printer later could be taken
by anyone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from core.app import App
from core.mail import Mailer
from core.outbox import MAIL_KINDS, deliver_pending
from core.printing import Printer
from gui.tasks import TaskRunner

RETRY_EVERY_MS = 60_000


class OutboxPump(QObject):
    def __init__(
        self,
        app: App,
        printer: Printer,
        mailer: Mailer | None,
        interval_ms: int = RETRY_EVERY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.printer, self.mailer = app, printer, mailer
        # Its own single thread: a slow mail server must not hold up the visitor's screens.
        self.runner = TaskRunner(self, max_threads=1)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.nudge)

    def start(self) -> None:
        if self.mailer is not None:
            self._timer.start()
            self.nudge()

    def nudge(self) -> None:
        """Send what is due now, unless a round is still running."""
        if self.mailer is None or self.runner.busy:
            return
        self.runner.run(
            deliver_pending,
            self.app.uow,
            self.printer,
            None,
            self.mailer,
            MAIL_KINDS,
            on_error=lambda _exc: None,  # logged by the runner; the job stays queued
        )

    def stop(self) -> None:
        self._timer.stop()
        self.runner.shutdown()
