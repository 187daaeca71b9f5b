"""The table of visitors on site: core.roster rows shown in a QTableView, translated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt

from core.messages import N_
from core.roster import BadgeState, OnSite
from gui.table_model import RowsModel

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


class RosterModel(RowsModel[OnSite]):
    columns = COLUMNS

    def row_of(self, visit_id: str) -> int | None:
        for number, row in enumerate(self.rows):
            if row.visit_id == visit_id:
                return number
        return None

    def text(self, row: OnSite, column: int) -> str:
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

    def styled(self, row: OnSite, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == BADGE and row.badge_error:
            return row.badge_error
        return None
