"""A4 at the HR desk: the site's offboarding cases with overdue tasks counted at a glance; a
case's tasks (marking one done does what it says: accounts disabled, badge and escort rights
revoked) and the items issued to the employee (returned with their condition, or written off
with a reason); closing the case when nothing is open, and saving its completion certificate.
Core decides and audits; everything runs in the runner."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from admin.agreements_tab import SignDialog
from admin.desk_tab import DeskTab, EmployeeFinder
from admin.desk_work import file_current, make_and_save, sign_current
from admin.site_choice import SiteChoiceBox
from core.agreement_admin import Kind
from core.app import App
from core.issued_items import CONDITION_TEXT, KIND_TEXT, issue_item, return_item, write_off_item
from core.offboarding import (
    CaseView,
    TaskAction,
    case_view,
    certificate_pdf,
    close_case,
    complete_task,
    list_cases,
    overdue_summary,
    start_case,
)
from core.offboarding_certificate import CaseSummary, DueCounts
from core.permissions import Actor, Permission
from gui.i18n import Translator
from gui.tasks import TaskRunner
from gui.widgets import button, label, set_flag


class OffboardingTab(DeskTab):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(app, runner, i18n, actor, parent)
        self.cases: list[CaseSummary] = []
        self.case: CaseView | None = None
        self._shown: str | None = None  # the case on show, to keep its selections on reload
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.site = SiteChoiceBox(app, runner, actor, Permission.MANAGE_OFFBOARDING, self.failed)
        self.site.chosen.connect(self._site_changed)
        self.open_only = QCheckBox()
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.overdue = label("strong")
        for widget in (self.site, self.open_only, self.overdue):
            top.addWidget(widget)
        top.addStretch(1)
        outer.addLayout(top)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        self.case_list = QListWidget()
        self.case_list.currentRowChanged.connect(self._case_chosen)
        self.finder = EmployeeFinder(self, self.site.currentData)
        self.last_day = QDateEdit(QDate.currentDate())
        self.last_day.setCalendarPopup(True)
        self.start = button("primary")
        self.start.clicked.connect(self._start)
        for widget in (self.case_list, self.finder, self.last_day, self.start):
            left.addWidget(widget)
        self.heading = label("title")
        self.tasks_caption, self.items_caption = label("field"), label("field")
        self.tasks, self.items = QListWidget(), QListWidget()
        self.note = QLineEdit()
        self.done = button()
        self.done.clicked.connect(self._task_done)
        # The exit confidentiality reminder is signed here, on the pad, then the task is done.
        self.sign = button()
        self.sign.clicked.connect(self._ask_sign)
        self.paper = button()  # or a copy signed on paper, scanned to PDF
        self.paper.clicked.connect(self._ask_paper)
        self.dialog: SignDialog | None = None
        self.tasks.currentRowChanged.connect(lambda _r: self._update_sign())
        task_row = QHBoxLayout()
        task_row.addWidget(self.note, 1)
        task_row.addWidget(self.sign)
        task_row.addWidget(self.paper)
        task_row.addWidget(self.done)
        self.kind = QComboBox()
        self.description, self.serial = QLineEdit(), QLineEdit()
        self.issue = button()
        self.issue.clicked.connect(self._issue)
        issue_row = QHBoxLayout()
        for widget in (self.kind, self.description, self.serial, self.issue):
            issue_row.addWidget(widget)
        self.condition = QComboBox()
        self.returned = button()
        self.returned.clicked.connect(self._return)
        self.reason = QLineEdit()
        self.write_off = button()
        self.write_off.clicked.connect(self._write_off)
        close_row = QHBoxLayout()
        for widget in (self.condition, self.returned, self.reason, self.write_off):
            close_row.addWidget(widget)
        self.close = button("primary")
        self.close.clicked.connect(self._close)
        self.certificate = button()
        self.certificate.clicked.connect(self._ask_certificate)
        end_row = QHBoxLayout()
        end_row.addStretch(1)
        end_row.addWidget(self.certificate)
        end_row.addWidget(self.close)
        right.addWidget(self.heading)
        right.addWidget(self.tasks_caption)
        right.addWidget(self.tasks, 1)
        right.addLayout(task_row)
        right.addWidget(self.items_caption)
        right.addWidget(self.items, 1)
        right.addLayout(issue_row)
        right.addLayout(close_row)
        right.addLayout(end_row)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        outer.addLayout(columns, 1)
        outer.addWidget(self.status)
        self.retranslate_ui()
        self._show_case()
        i18n.languageChanged.connect(self.retranslate_ui)

    # -- the site's cases ---------------------------------------------------------------------

    def _site_changed(self) -> None:
        self.case = None
        self._show_case()
        self.refresh()

    def refresh(self) -> None:
        site = self.site.currentData()
        if site is None:
            return
        self.run(list_cases, site, self.open_only.isChecked(), on_done=self._cases_loaded)
        self.run(overdue_summary, [site], on_done=self._overdue_loaded)

    def _overdue_loaded(self, counts: dict[str, DueCounts]) -> None:
        due = counts.get(self.site.currentData())
        overdue, soon = (due.overdue, due.due_soon) if due is not None else (0, 0)
        self.overdue.setText(
            self.i18n.tr(
                "Overdue tasks: {overdue} · due within 2 days: {soon}", overdue=overdue, soon=soon
            )
        )
        set_flag(self.overdue, "problem", overdue > 0)

    def _cases_loaded(self, cases: list[CaseSummary]) -> None:
        keep = self.case.id if self.case is not None else None
        self.cases = cases
        self.case_list.blockSignals(True)
        self.case_list.clear()
        for case in cases:
            text = f"{case.employee_name} — {self.i18n.format_date(case.last_day)}"
            if case.status == "open":
                text += " — " + self.i18n.tr(
                    "{open} open, {overdue} overdue",
                    open=case.open_tasks,
                    overdue=case.overdue_tasks,
                )
            self.case_list.addItem(text)
        self.case_list.blockSignals(False)
        # A case just closed stays on show though "open cases only" no longer lists it.
        rows = [i for i, c in enumerate(cases) if c.id == keep]
        if rows:
            self.case_list.setCurrentRow(rows[0])

    def _case_chosen(self, row: int) -> None:
        if 0 <= row < len(self.cases):
            self.run(case_view, self.cases[row].id, on_done=self._case_loaded)

    def _case_loaded(self, case: CaseView) -> None:
        self.case = case
        self._show_case()

    # -- starting a case ----------------------------------------------------------------------

    def _start(self) -> None:
        employee = self.finder.chosen
        if employee is None:
            return
        last_day = date.fromisoformat(self.last_day.date().toString("yyyy-MM-dd"))
        self.run(start_case, employee.id, last_day, on_done=self._started)

    def _started(self, _case_id: str) -> None:
        self.finder.clear()
        self.status.setText(self.i18n.tr("The case was opened."))
        self.refresh()

    # -- a case -------------------------------------------------------------------------------

    def _reload(self, *_result: object) -> None:
        self.status.clear()
        if self.case is not None:
            self.run(case_view, self.case.id, on_done=self._case_loaded)
        self.refresh()

    def _task_done(self) -> None:
        row = self.tasks.currentRow()
        if self.case is not None and 0 <= row < len(self.case.tasks):
            self.run(complete_task, self.case.tasks[row].id, self.note.text(), on_done=self._reload)
            self.note.clear()

    def _exit_task(self) -> str | None:
        row = self.tasks.currentRow()
        if self.case is None or self.case.status != "open" or not 0 <= row < len(self.case.tasks):
            return None
        task = self.case.tasks[row]
        wanted = task.action is TaskAction.EXIT_REMINDER and task.done_at is None
        return task.id if wanted else None

    def _update_sign(self) -> None:
        self.sign.setEnabled(self._exit_task() is not None)
        self.paper.setEnabled(self._exit_task() is not None)

    def _ask_sign(self) -> None:
        task_id = self._exit_task()
        if self.case is None or task_id is None or self.dialog is not None:
            return
        self.dialog = SignDialog(self.i18n, self.case.employee_name, Kind.EXIT_REMINDER, self)
        case = self.case
        self.dialog.finished.connect(lambda result: self._signed(case, task_id, result))
        self.dialog.open()

    def _signed(self, case: CaseView, task_id: str, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or result != QDialog.DialogCode.Accepted:
            return
        app, actor = self.app, self.actor
        language, png = dialog.language.currentData(), dialog.pad.to_png()

        def sign_then_done() -> object:
            # Core checks the signature is there and newer than the case.
            sign_current(app, actor, case.employee_id, Kind.EXIT_REMINDER, language, png)
            return complete_task(app.uow(), actor, task_id)

        self.runner.run(sign_then_done, on_done=self._reload, on_error=self.failed)

    def _ask_paper(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.i18n.tr("File a signed copy"), "", "PDF (*.pdf)"
        )
        if path:
            self.file_exit_reminder(path)

    def file_exit_reminder(self, path: str) -> None:
        """The exit reminder signed on paper (the version in use in this language), filed;
        then its task is done."""
        task_id, case = self._exit_task(), self.case
        if task_id is None or case is None:
            return
        app, actor, language = self.app, self.actor, self.i18n.language

        def file_then_done() -> object:
            file_current(app, actor, case.employee_id, Kind.EXIT_REMINDER, language, path)
            return complete_task(app.uow(), actor, task_id)

        self.runner.run(file_then_done, on_done=self._reload, on_error=self.failed)

    def _issue(self) -> None:
        if self.case is not None:
            self.run(
                issue_item,
                self.case.employee_id,
                self.kind.currentData(),
                self.description.text(),
                self.serial.text(),
                on_done=self._issued,
            )

    def _issued(self, _item_id: str) -> None:
        self.description.clear()
        self.serial.clear()
        self._reload()

    def _item(self) -> str | None:
        row = self.items.currentRow()
        if self.case is None or not 0 <= row < len(self.case.items):
            return None
        return self.case.items[row].id

    def _return(self) -> None:
        item = self._item()
        if item is not None:
            self.run(return_item, item, self.condition.currentData(), on_done=self._reload)

    def _write_off(self) -> None:
        item = self._item()
        if item is not None:
            self.run(write_off_item, item, self.reason.text(), on_done=self._written_off)

    def _written_off(self, _item: object) -> None:
        self.reason.clear()
        self._reload()

    def _close(self) -> None:
        if self.case is not None:
            self.run(close_case, self.case.id, self.i18n.language, on_done=self._closed)

    def _closed(self, case: CaseView) -> None:
        self.case = case
        self.status.setText(self.i18n.tr("The case is closed. Its certificate is kept."))
        self._reload()

    def _ask_certificate(self) -> None:
        if self.case is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, self.i18n.tr("Save the certificate"), "certificate.pdf", "PDF (*.pdf)"
        )
        if path:
            self.save_certificate(path)

    def save_certificate(self, path: str) -> None:
        if self.case is None:
            return
        app, actor, case_id = self.app, self.actor, self.case.id
        self.runner.run(
            make_and_save,
            lambda: certificate_pdf(app.uow(), actor, case_id),
            path,
            on_done=lambda done: self.status.setText(self.i18n.tr("Saved to {path}.", path=done)),
            on_error=self.failed,
        )

    def _show_case(self) -> None:
        tr, case = self.i18n.tr, self.case
        # The same case shown again (a reload after an act): the chosen task and item stay.
        same = case is not None and case.id == self._shown
        rows = (self.tasks.currentRow(), self.items.currentRow()) if same else (-1, -1)
        self._shown = case.id if case is not None else None
        self.tasks.clear()
        self.items.clear()
        is_open = case is not None and case.status == "open"
        for widget in (self.done, self.issue, self.returned, self.write_off, self.close):
            widget.setEnabled(is_open)
        self.certificate.setEnabled(case is not None and case.certificate_sha256 is not None)
        if case is None:
            self.heading.setText(tr("Choose a case, or find the leaving employee to open one."))
            self._update_sign()
            return
        self.heading.setText(
            tr(
                "{name}, last working day {day}",
                name=case.employee_name,
                day=self.i18n.format_date(case.last_day),
            )
        )
        for task in case.tasks:
            mark = "✓" if task.done_at is not None else "☐"
            when = tr("due {day}", day=self.i18n.format_date(task.due_on))
            self.tasks.addItem(f"{mark} {tr(task.title)} — {when}")
        for item in case.items:
            state = {"issued": "☐", "returned": "✓", "written_off": "✗"}.get(item.status, "?")
            serial = f" ({item.serial})" if item.serial else ""
            self.items.addItem(f"{state} {tr(item.kind_text)}: {item.description}{serial}")
        self.tasks.setCurrentRow(rows[0])
        self.items.setCurrentRow(rows[1])
        self._update_sign()

    def retranslate_ui(self, _language: str = "") -> None:
        tr = self.i18n.tr
        self.open_only.setText(tr("Open cases only"))
        self.finder.search.setPlaceholderText(tr("Leaving employee's name"))
        self.start.setText(tr("Open a case"))
        self.tasks_caption.setText(tr("Tasks"))
        self.items_caption.setText(tr("Issued items"))
        self.note.setPlaceholderText(tr("Note (optional)"))
        self.done.setText(tr("Mark done"))
        self.sign.setText(tr("Sign the exit reminder…"))
        self.paper.setText(tr("File a signed copy…"))
        self.description.setPlaceholderText(tr("Description"))
        self.serial.setPlaceholderText(tr("Serial number"))
        self.issue.setText(tr("Record an issued item"))
        self.returned.setText(tr("Returned"))
        self.reason.setPlaceholderText(tr("Reason for writing off"))
        self.write_off.setText(tr("Write off"))
        self.close.setText(tr("Close the case"))
        self.certificate.setText(tr("Save the certificate…"))
        for choice, texts in ((self.kind, KIND_TEXT), (self.condition, CONDITION_TEXT)):
            chosen = max(choice.currentIndex(), 0)
            choice.clear()
            for value, text in texts.items():
                choice.addItem(tr(text), value.value)
            choice.setCurrentIndex(chosen)
        self._show_case()
