"""Finding the person visited: type part of a name, tap the name (K3).

Only active employees of this site are searched, and only their names are shown; nothing
about other visitors ever appears here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.hosts import HostMatch, search_hosts
from gui.style import mm_to_px
from gui.wipe import wipe
from kiosk.context import Kiosk
from kiosk.screens.base import label

DEBOUNCE_MS = 250
VISIBLE_ROWS = 4


class HostSearch(QWidget):
    changed = Signal()

    def __init__(self, kiosk: Kiosk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.k = kiosk
        self._chosen: HostMatch | None = None
        self._asked = 0  # number of the newest search; older answers are ignored
        self._hint_key: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(mm_to_px(self, 1.5))
        self.edit = QLineEdit()
        self.edit.setMaxLength(100)
        self.edit.textEdited.connect(self._typed)
        layout.addWidget(self.edit)
        self.results = QListWidget()
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.results.itemClicked.connect(self._picked)
        self.results.itemActivated.connect(self._picked)
        self.results.hide()
        layout.addWidget(self.results)
        self.hint = label("hint")
        layout.addWidget(self.hint)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)

    def host(self) -> HostMatch | None:
        return self._chosen

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.edit.setPlaceholderText(tr("Type a name, e.g. Aino"))
        self._show_hint()

    def reset(self) -> None:
        self._timer.stop()
        self._asked += 1
        self._chosen = None
        wipe(self.edit)
        self.results.clear()
        self.results.hide()
        self._set_hint(None)

    def _typed(self, _text: str) -> None:
        if self._chosen is not None:
            self._chosen = None
            self.changed.emit()
        self._timer.start()

    def _search(self) -> None:
        self._asked += 1
        asked = self._asked
        query = self.edit.text().strip()
        if not query:
            self._show_matches([])
            self._set_hint(None)
            return
        self.k.runner.run(
            search_hosts,
            self.k.app.uow(),
            self.k.actor,
            self.k.site.id,
            query,
            on_done=lambda matches: self._answered(asked, matches),
            on_error=lambda _exc: self._failed(asked),
        )

    def _answered(self, asked: int, matches: list[HostMatch]) -> None:
        if asked != self._asked or self._chosen is not None:
            return
        self._show_matches(matches)
        self._set_hint(None if matches else "none")

    def _failed(self, asked: int) -> None:
        if asked == self._asked:
            self._show_matches([])
            self._set_hint("failed")

    def _show_matches(self, matches: list[HostMatch]) -> None:
        self.results.clear()
        for match in matches:
            item = QListWidgetItem(match.name)
            item.setData(Qt.ItemDataRole.UserRole, match)
            self.results.addItem(item)
        if matches:
            rows = min(len(matches), VISIBLE_ROWS)
            row_height = max(self.results.sizeHintForRow(0), mm_to_px(self, 9))
            self.results.setFixedHeight(rows * row_height + 2 * self.results.frameWidth() + 2)
        self.results.setVisible(bool(matches))

    def _picked(self, item: QListWidgetItem) -> None:
        self._timer.stop()
        self._asked += 1
        self._chosen = item.data(Qt.ItemDataRole.UserRole)
        self.edit.setText(self._chosen.name)
        self.results.clear()
        self.results.hide()
        self._set_hint("chosen")
        self.changed.emit()

    def _set_hint(self, key: str | None) -> None:
        self._hint_key = key
        self._show_hint()

    def _show_hint(self) -> None:
        tr = self.k.i18n.tr
        texts = {
            None: "",
            "none": tr("No one by that name here. Check the spelling, or ask reception."),
            "failed": tr("The search is not working right now. Please ask reception."),
            "chosen": "✓ " + tr("You are visiting {name}.", name=self._chosen.name)
            if self._chosen
            else "",
        }
        self.hint.setText(texts[self._hint_key])
        self.hint.setVisible(bool(self.hint.text()))
