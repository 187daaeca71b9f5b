"""K12 and A1: notice any touch, click or key anywhere in the program; say when none came for a
while (the kiosk starts over; the admin app logs the person out)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    timedOut = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(round(seconds * 1000))
        self._timer.timeout.connect(self.timedOut)
        self._paused = False
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def poke(self) -> None:
        if not self._paused:
            self._timer.start()

    def pause(self) -> None:
        """While the kiosk is busy for the visitor (checking in), waiting is not idling."""
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._timer.start()

    def stop(self) -> None:
        self._paused = True
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.poke()
        return False
