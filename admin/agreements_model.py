"""The agreements status table: core.agreement_status rows in a QTableView, translated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.agreement_admin import KIND_TEXT, Kind
from core.agreement_status import STATE_TEXT, State, StatusRow
from core.messages import N_
from gui.i18n import Translator

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = (N_("Name"), N_("Type"), N_("Agreement"), N_("State"), N_("Version"),
           N_("Signed"), N_("Expires"))  # fmt: skip
NAME, TYPE, AGREEMENT, STATE, VERSION, SIGNED, EXPIRES = range(len(COLUMNS))
PERSON_TEXT = {"employee": N_("Employee"), "contractor": N_("Contractor"), "visitor": N_("Visitor")}
ATTENTION = {State.MISSING: "#a4161a", State.EXPIRED: "#a4161a", State.EXPIRING: "#8a5a00"}


class AgreementsModel(QAbstractTableModel):
    def __init__(self, i18n: Translator, parent: Any = None) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self.rows: list[StatusRow] = []
        i18n.languageChanged.connect(self._retranslate)

    def set_rows(self, rows: list[StatusRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.i18n.tr(COLUMNS[section])
        return None

    def _day(self, value: datetime | None) -> str:
        return self.i18n.format_date(value.date()) if value is not None else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STATE:
            colour = ATTENTION.get(row.state)
            return QBrush(QColor(colour)) if colour else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        tr = self.i18n.tr
        column = index.column()
        if column == NAME:
            return row.name
        if column == TYPE:
            return tr(PERSON_TEXT.get(row.staff_kind or row.person_type, row.person_type))
        if column == AGREEMENT:
            return tr(KIND_TEXT[Kind(row.kind)]) if row.kind in set(Kind) else row.kind
        if column == STATE:
            return tr(STATE_TEXT[row.state])
        if column == VERSION:
            return str(row.version) if row.version is not None else ""
        if column == SIGNED:
            return self._day(row.signed_at)
        return self._day(row.expires_at)

    def _retranslate(self, _language: str = "") -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, STATE))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
