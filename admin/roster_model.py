"""The table of visitors on site: core.roster rows shown in a QTableView, translated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.messages import N_
from core.roster import BadgeState, OnSite
from gui.i18n import Translator

Index = QModelIndex | QPersistentModelIndex
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = (
    N_("Site"),
    N_("Visitor"),
    N_("Company"),
    N_("Host"),
    N_("Checked in"),
    N_("Badge"),
)
SITE, NAME, COMPANY, HOST, CHECKED_IN, BADGE = range(len(COLUMNS))
BADGE_TEXT = {
    BadgeState.PRINTED: N_("Printed"),
    BadgeState.WAITING: N_("Waiting to print"),
    BadgeState.FAILED: N_("Printing failed"),
    BadgeState.NONE: N_("No badge queued"),
}


class RosterModel(QAbstractTableModel):
    def __init__(self, i18n: Translator, parent: Any = None) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self.rows: list[OnSite] = []
        i18n.languageChanged.connect(self._retranslate)

    def set_rows(self, rows: list[OnSite]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, visit_id: str) -> int | None:
        for number, row in enumerate(self.rows):
            if row.visit_id == visit_id:
                return number
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self.i18n.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == VISIT_ID_ROLE:
            return row.visit_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == BADGE and row.badge_error:
            return row.badge_error
        return None

    def _text(self, row: OnSite, column: int) -> str:
        tr = self.i18n.tr
        if column == SITE:
            return row.site_name
        if column == NAME:
            return f"{row.first_name} {row.last_name}".strip()
        if column == COMPANY:
            return row.company
        if column == HOST:
            return row.host_name
        if column == CHECKED_IN:
            at = row.checked_in_at
            if at is None:
                return ""
            if at.date() == datetime.now(at.tzinfo).date():  # today at the site
                return f"{at:%H:%M}"
            return f"{self.i18n.format_date(at.date())} {at:%H:%M}"
        if column == BADGE:
            text = tr(BADGE_TEXT[row.badge])
            return f"{text}: {row.badge_error}" if row.badge_error else text
        return ""

    def _retranslate(self, _language: str = "") -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            )
