"""A7 in the admin app: the audit log of a site, filtered by who, what (an action's beginning),
subject and days, newest first, 200 entries at a time with "Load more"; "Verify the chain"
walks the whole hash chain and says whether it holds and where it first breaks. Security and
administrators; core decides and audits every look."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin.desk_tab import DeskTab
from admin.site_choice import SiteChoiceBox
from core.app import App
from core.audit import ChainReport
from core.audit_view import AuditFilter, AuditRow, audit_entries, verify_chain
from core.messages import N_
from core.permissions import Actor, Permission
from gui.i18n import Translator
from gui.table_model import RowsModel
from gui.tasks import TaskRunner
from gui.widgets import button, set_flag

PAGE = 200


class AuditModel(RowsModel[AuditRow]):
    columns = (N_("No."), N_("Time"), N_("Who"), N_("Action"), N_("Subject"), N_("Details"))

    def __init__(self, i18n: Translator, timezone: str = "UTC", parent: object = None) -> None:
        super().__init__(i18n, parent)
        self.timezone = timezone

    def add_rows(self, rows: list[AuditRow]) -> None:
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def text(self, row: AuditRow, column: int) -> str:
        if column == 0:
            return str(row.seq)
        if column == 1:
            return f"{row.at.astimezone(ZoneInfo(self.timezone)):%Y-%m-%d %H:%M:%S}"
        if column == 2:
            return row.actor_name
        if column == 3:
            return row.action
        if column == 4:
            return f"{row.subject_type}: {row.subject_id}" if row.subject_type else ""
        return json.dumps(row.details, ensure_ascii=False, sort_keys=True)


class AuditTab(DeskTab):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(app, runner, i18n, actor, parent)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.site = SiteChoiceBox(app, runner, actor, Permission.VIEW_AUDIT, self.failed)
        self.site.chosen.connect(self.search)
        self.who, self.action, self.subject = QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.who, self.action, self.subject):
            field.setClearButtonEnabled(True)
            field.returnPressed.connect(self.search)
        self.since, self.until = QDateEdit(QDate.currentDate().addDays(-7)), QDateEdit()
        self.until.setDate(QDate.currentDate())
        for day in (self.since, self.until):
            day.setCalendarPopup(True)
        self.find = button("primary")
        self.find.clicked.connect(self.search)
        for widget in (
            self.site,
            self.who,
            self.action,
            self.subject,
            self.since,
            self.until,
            self.find,
        ):
            filters.addWidget(widget)
        layout.addLayout(filters)
        self.model = AuditModel(i18n, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.more, self.verify = button(), button()
        self.more.clicked.connect(self.load_more)
        self.verify.clicked.connect(self._verify)
        row.addWidget(self.more)
        row.addStretch(1)
        row.addWidget(self.verify)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self._loads = 0
        self.retranslate_ui()
        self.more.setEnabled(False)
        i18n.languageChanged.connect(self.retranslate_ui)

    def _filter(self) -> AuditFilter:
        site = self.site.site
        zone = ZoneInfo(site.timezone if site is not None else "UTC")

        def start(day: QDate) -> datetime:
            return datetime.combine(date.fromisoformat(day.toString("yyyy-MM-dd")), time(), zone)

        return AuditFilter(
            actor=self.who.text() or None,
            action=self.action.text() or None,
            subject_id=self.subject.text() or None,
            since=start(self.since.date()),
            until=start(self.until.date()) + timedelta(days=1),
        )

    def search(self) -> None:
        site = self.site.site
        if site is None:
            return
        self.model.timezone = site.timezone
        self.model.set_rows([])
        self._load(None)

    def load_more(self) -> None:
        if self.model.rows:
            self._load(self.model.rows[-1].seq)

    def _load(self, before: int | None) -> None:
        self._loads += 1
        load = self._loads
        self.more.setEnabled(False)
        self.run(
            audit_entries,
            self.site.currentData(),
            self._filter(),
            PAGE,
            before,
            on_done=lambda rows: self._loaded(load, rows),
        )

    def _loaded(self, load: int, rows: list[AuditRow]) -> None:
        if load != self._loads:
            return
        if rows:
            self.model.add_rows(rows)
        self.more.setEnabled(len(rows) == PAGE)
        self.status.setText(self.i18n.tr("Entries shown: {count}", count=len(self.model.rows)))

    def _verify(self) -> None:
        self.verify.setEnabled(False)
        self.runner.run(
            verify_chain, self.app.uow, self.actor, on_done=self._verified, on_error=self.failed
        )

    def _verified(self, report: ChainReport) -> None:
        self.verify.setEnabled(True)
        tr = self.i18n.tr
        if report.ok:
            text = tr("The audit chain is intact: {count} entries.", count=report.entries)
        else:
            text = tr(
                "The audit chain is broken at entry {seq}: {problem}.",
                seq=report.first_bad_seq,
                problem=report.problem,
            )
        self.status.setText(text)
        set_flag(self.status, "problem", not report.ok)

    def failed(self, exc: BaseException) -> None:
        self.verify.setEnabled(True)
        super().failed(exc)

    def retranslate_ui(self, _language: str = "") -> None:
        tr = self.i18n.tr
        self.who.setPlaceholderText(tr("Who (username)"))
        self.action.setPlaceholderText(tr("Action begins with"))
        self.subject.setPlaceholderText(tr("Subject id"))
        self.find.setText(tr("Search"))
        self.more.setText(tr("Load more"))
        self.verify.setText(tr("Verify the chain"))
