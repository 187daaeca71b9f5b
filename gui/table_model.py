"""A read-only table of rows from core, its column titles translated (msgids), redrawn when the
language changes. Subclasses say what a cell shows."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gui.i18n import Translator

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    columns: tuple[str, ...] = ()  # msgids

    def __init__(self, i18n: Translator, parent: Any = None) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self.rows: list[Row] = []
        i18n.languageChanged.connect(self._retranslate)

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.i18n.tr(self.columns[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        return self.styled(row, index.column(), role)

    def text(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def styled(self, row: Row, column: int, role: int) -> Any:
        """Anything but the display text (a colour, a tooltip); None by default."""
        return None

    def _retranslate(self, _language: str = "") -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )
