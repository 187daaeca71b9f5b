"""The agreements status table: core.agreement_status rows in a QTableView, translated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from core.agreement_admin import KIND_TEXT, Kind
from core.agreement_status import STATE_TEXT, State, StatusRow
from core.messages import N_
from gui.table_model import RowsModel

COLUMNS = (N_("Name"), N_("Type"), N_("Agreement"), N_("State"), N_("Version"),
           N_("Signed"), N_("Expires"))  # fmt: skip
NAME, TYPE, AGREEMENT, STATE, VERSION, SIGNED, EXPIRES = range(len(COLUMNS))
PERSON_TEXT = {"employee": N_("Employee"), "contractor": N_("Contractor"), "visitor": N_("Visitor")}
ATTENTION = {State.MISSING: "#a4161a", State.EXPIRED: "#a4161a", State.EXPIRING: "#8a5a00"}


class AgreementsModel(RowsModel[StatusRow]):
    columns = COLUMNS

    def _day(self, value: datetime | None) -> str:
        return self.i18n.format_date(value.date()) if value is not None else ""

    def styled(self, row: StatusRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE:
            colour = ATTENTION.get(row.state)
            return QBrush(QColor(colour)) if colour else None
        return None

    def text(self, row: StatusRow, column: int) -> str:
        tr = self.i18n.tr
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
