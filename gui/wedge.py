"""A barcode or MRZ reader that types like a keyboard ("keyboard wedge").

Such a reader types a whole code within a few milliseconds, an MRZ reader pressing Enter after
each line. While enabled, the reader takes the keys typed anywhere in the program, gathers them
until the typing pauses, and emits the text once. A person tapping keys by hand produces only
short fragments, which are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

END_OF_SCAN_MS = 120  # readers type far faster; a pause this long ends the code
MIN_LENGTH = 8  # the shortest code worth reading (an ID number is 11+, a token 27)
MAX_LENGTH = 8000


class WedgeReader(QObject):
    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buffer: list[str] = []
        self._enabled = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(END_OF_SCAN_MS)
        self._timer.timeout.connect(self._flush)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, on: bool) -> None:
        self._enabled = on
        if not on:
            self._timer.stop()
            self._buffer.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._enabled or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self._buffer:
                return False
            self._take("\n")
            return True
        text = event.text()
        # A space alone is a person pressing a button; inside a code it belongs to the code.
        if not text or not text.isprintable() or (text == " " and not self._buffer):
            return False
        self._take(text)
        return True

    def _take(self, text: str) -> None:
        if sum(map(len, self._buffer)) < MAX_LENGTH:
            self._buffer.append(text)
        self._timer.start()

    def _flush(self) -> None:
        text = "".join(self._buffer).strip()
        self._buffer.clear()
        if len(text) >= MIN_LENGTH:
            self.scanned.emit(text)
