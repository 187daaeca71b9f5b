"""A3 non-compete at the HR desk: enter an employee's terms and see at once where they break the
rules of the employee's jurisdiction (saved anyway: a warning, not a refusal); the tracker of
former employees still bound (end date, compensation per month and in total, release deadline,
status); the reminder letter as a PDF. Core checks, seals the pay and audits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin.desk_tab import DeskTab, EmployeeFinder
from admin.desk_work import make_and_save
from admin.site_choice import SiteChoiceBox
from core.app import App
from core.jurisdictions import CATEGORY_TEXT
from core.messages import N_, Message
from core.noncompete import (
    NonCompeteView,
    Status,
    TermsInput,
    TrackerRow,
    record_terms,
    release,
    tracker,
)
from core.noncompete_letter import noncompete_letter_pdf
from core.permissions import Actor, Permission
from gui.i18n import Translator
from gui.table_model import ROW_ROLE, RowsModel
from gui.tasks import TaskRunner
from gui.widgets import button, label, set_flag

STATUS_TEXT = {
    Status.UPCOMING: N_("Not yet left"),
    Status.RUNNING: N_("Bound now"),
    Status.ENDED: N_("Ended"),
    Status.RELEASED: N_("Released"),
}


class TrackerModel(RowsModel[TrackerRow]):
    columns = (
        N_("Name"),
        N_("Last working day"),
        N_("Bound until"),
        N_("Per month"),
        N_("Total"),
        N_("Release deadline"),
        N_("State"),
        N_("Days left"),
    )

    def _day(self, value: date | None) -> str:
        return self.i18n.format_date(value) if value is not None else ""

    @staticmethod
    def _money(value: Decimal | None) -> str:
        return f"{value:,.2f}".replace(",", "\u202f") if value is not None else ""

    def text(self, row: TrackerRow, column: int) -> str:
        values = (
            row.name,
            self._day(row.last_day),
            self._day(row.end),
            self._money(row.monthly_due),
            self._money(row.total_due),
            self._day(row.release_deadline),
            self.i18n.tr(STATUS_TEXT[row.status]),
            str(row.days_left) if row.status is Status.RUNNING else "",
        )
        return values[column]


class NonCompeteTab(DeskTab):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(app, runner, i18n, actor, parent)
        outer = QVBoxLayout(self)
        self.site = SiteChoiceBox(app, runner, actor, Permission.MANAGE_AGREEMENTS, self.failed)
        self.site.chosen.connect(self.refresh)
        outer.addWidget(self.site)
        columns = QHBoxLayout()
        form_side = QVBoxLayout()
        self.finder = EmployeeFinder(self, self.site.currentData)
        self.finder.changed.connect(self._update_buttons)
        form_side.addWidget(self.finder)
        form = QFormLayout()
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setValue(6)
        self.percent, self.pay, self.minimum = QLineEdit(), QLineEdit(), QLineEdit()
        self.category = QComboBox()
        self.weighty = QCheckBox()
        self.captions = [label("field") for _ in range(6)]
        fields = (self.months, self.percent, self.pay, self.category, self.minimum, self.weighty)
        for caption, field in zip(self.captions, fields, strict=True):
            caption.setBuddy(field)
            form.addRow(caption, field)
        form_side.addLayout(form)
        self.save = button("primary")
        self.save.clicked.connect(self._save_terms)
        form_side.addWidget(self.save)
        self.warnings = label()
        form_side.addWidget(self.warnings)
        form_side.addStretch(1)
        table_side = QVBoxLayout()
        self.model = TrackerModel(i18n, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.letter = button()
        self.letter.clicked.connect(self._ask_letter)
        self.release_on = QDateEdit(QDate.currentDate())
        self.release_on.setCalendarPopup(True)
        self.release = button()
        self.release.clicked.connect(self._release)
        row = QHBoxLayout()
        row.addWidget(self.letter)
        row.addStretch(1)
        row.addWidget(self.release_on)
        row.addWidget(self.release)
        table_side.addWidget(self.table, 1)
        table_side.addLayout(row)
        columns.addLayout(form_side, 2)
        columns.addLayout(table_side, 3)
        outer.addLayout(columns, 1)
        outer.addWidget(self.status)
        self.retranslate_ui()
        self._update_buttons()
        i18n.languageChanged.connect(self.retranslate_ui)

    def failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        super().failed(exc)

    def refresh(self) -> None:
        site = self.site.currentData()
        if site is not None:
            self.run(tracker, site, on_done=self._tracked)

    def _tracked(self, rows: list[TrackerRow]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self._selected()
        self.letter.setEnabled(chosen is not None)
        self.release.setEnabled(chosen is not None and chosen.released_on is None)
        self.save.setEnabled(self.finder.chosen is not None)

    # -- terms ----------------------------------------------------------------------------------

    def _save_terms(self) -> None:
        employee = self.finder.chosen
        if employee is None:
            return
        self.save.setEnabled(False)
        terms = TermsInput(
            months=self.months.value(),
            compensation_percent=self.percent.text(),
            monthly_pay=self.pay.text(),
            employee_category=self.category.currentData(),
            local_minimum_wage=self.minimum.text() or None,
            weighty_reason=self.weighty.isChecked(),
        )
        self.run(record_terms, employee.id, terms, on_done=self._saved)

    def _saved(self, view: NonCompeteView) -> None:
        self.save.setEnabled(True)
        render = self.i18n.render
        if view.warnings:
            text = "\n".join(f"⚠ {render(w.message)} ({w.source})" for w in view.warnings)
        else:
            text = self.i18n.tr(
                "Saved. The terms are within the rules of {code}.", code=view.jurisdiction
            )
        self.warnings.setText(text)
        set_flag(self.warnings, "problem", bool(view.warnings))
        self.status.clear()
        self.refresh()

    # -- release and letter ---------------------------------------------------------------------

    def _release(self) -> None:
        row = self._selected()
        if row is None:
            return
        on = date.fromisoformat(self.release_on.date().toString("yyyy-MM-dd"))
        self.run(release, row.employee_id, on, on_done=self._released)

    def _released(self, answer: tuple[NonCompeteView, tuple[Message, ...]]) -> None:
        view, notes = answer
        assert view.released_on is not None
        text = self.i18n.tr(
            "Released from the restriction on {day}.", day=self.i18n.format_date(view.released_on)
        )
        self.status.setText(" ".join([text, *(self.i18n.render(n) for n in notes)]))
        self.refresh()

    def _selected(self) -> TrackerRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _ask_letter(self) -> None:
        if self._selected() is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, self.i18n.tr("Save the letter"), "noncompete-letter.pdf", "PDF (*.pdf)"
        )
        if path:
            self.save_letter(path)

    def save_letter(self, path: str) -> None:
        row = self._selected()
        if row is None:
            return
        app, actor = self.app, self.actor
        self.runner.run(
            make_and_save,
            lambda: noncompete_letter_pdf(app.uow(), actor, row.employee_id),
            path,
            on_done=lambda done: self.status.setText(self.i18n.tr("Saved to {path}.", path=done)),
            on_error=self.failed,
        )

    def retranslate_ui(self, _language: str = "") -> None:
        tr = self.i18n.tr
        self.finder.search.setPlaceholderText(tr("Employee's name"))
        texts = (
            N_("Months"),
            N_("Compensation, % of pay"),
            N_("Monthly pay"),
            N_("Category"),
            N_("Local minimum wage"),
            N_("Particularly weighty reason"),
        )
        for caption, text in zip(self.captions, texts, strict=True):
            caption.setText(tr(text))
        chosen = max(self.category.currentIndex(), 0)
        self.category.clear()
        for category, text in CATEGORY_TEXT.items():
            self.category.addItem(tr(text), category.value)
        self.category.setCurrentIndex(chosen)
        self.save.setText(tr("Save the terms"))
        self.letter.setText(tr("Reminder letter…"))
        self.release.setText(tr("Release from the restriction"))
