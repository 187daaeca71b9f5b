"""G4: the shift handover log and incident reports, written and searched by the site's guard.

Each page has a form on the left and the site's entries on the right with a search field;
choosing an entry shows it whole. Notes keep their lines. Core validates, seals the text and
audits; a refused field is named in the message and what was typed stays in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.clock import to_local
from core.incidents import (
    CATEGORY_TEXT,
    IncidentInput,
    IncidentView,
    report_incident,
    search_incidents,
)
from core.messages import N_
from core.permissions import Actor
from core.shift import HandoverInput, HandoverView, list_handovers, record_handover
from gui.guard.desk import GuardDesk, GuardPanel
from gui.i18n import problem_text
from gui.widgets import button, label, set_flag


def notes_field() -> QPlainTextEdit:
    field = QPlainTextEdit()
    field.setTabChangesFocus(True)
    return field


class LogPage(QWidget):
    """A form (left) and a searchable list with the chosen entry shown whole (right)."""

    def __init__(self, panel: ShiftPanel) -> None:
        super().__init__()
        self.panel = panel
        self.entries: list[Any] = []
        columns = QHBoxLayout(self)
        self.form = QFormLayout()
        self.save = button("primary")
        self.save.clicked.connect(self.submit)
        self.message = label("hint")
        left = QVBoxLayout()
        left.addLayout(self.form, 1)
        left.addWidget(self.message)
        left.addWidget(self.save)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.load)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._chosen)
        self.shown = QPlainTextEdit()
        self.shown.setReadOnly(True)
        right = QVBoxLayout()
        right.addWidget(self.search)
        right.addWidget(self.list, 1)
        right.addWidget(self.shown, 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

    @property
    def i18n(self) -> Any:
        return self.panel.desk.i18n

    def local(self, at: datetime) -> str:
        return f"{to_local(at, self.panel.desk.timezone):%Y-%m-%d %H:%M}"

    def say(self, text: str, problem: bool) -> None:
        self.message.setText(text)
        set_flag(self.message, "problem", problem)

    def _failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        self.say(problem_text(self.i18n, exc), True)

    def loaded(self, entries: list[Any]) -> None:
        self.entries = entries
        self.list.clear()
        for entry in entries:
            self.list.addItem(self.line(entry))
        self.shown.clear()

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.shown.setPlainText(self.whole(self.entries[row]))

    def saved(self, _entry: Any) -> None:
        self.save.setEnabled(True)
        self.clear_form()
        self.say(self.i18n.tr("Saved."), False)
        self.load()

    def submit(self) -> None:
        self.save.setEnabled(False)
        self.say("", False)
        self.panel.run(*self.request(), on_done=self.saved, on_error=self._failed)

    def load(self) -> None:
        self.panel.run(*self.query(), on_done=self.loaded, on_error=self._failed)

    # What a page fills in.
    def request(self) -> tuple[Callable[..., Any], Any, Any]:
        raise NotImplementedError

    def query(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def line(self, entry: Any) -> str:
        raise NotImplementedError

    def whole(self, entry: Any) -> str:
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError


class HandoverPage(LogPage):
    def __init__(self, panel: ShiftPanel) -> None:
        super().__init__(panel)
        self.incoming = QLineEdit()
        self.incoming.setMaxLength(64)
        self.open_items, self.keys, self.notes = notes_field(), notes_field(), notes_field()
        self.captions = [label("field") for _ in range(4)]
        for caption, field in zip(
            self.captions, (self.incoming, self.open_items, self.keys, self.notes), strict=True
        ):
            caption.setBuddy(field)
            self.form.addRow(caption, field)

    def request(self) -> tuple[Callable[..., Any], Any, Any]:
        data = HandoverInput(
            incoming=self.incoming.text() or None,
            open_items=self.open_items.toPlainText(),
            keys=self.keys.toPlainText(),
            notes=self.notes.toPlainText(),
        )
        return record_handover, self.panel.desk.site_id, data

    def query(self) -> tuple[Any, ...]:
        return list_handovers, self.panel.desk.site_id, 50, self.search.text() or None

    def line(self, entry: HandoverView) -> str:
        return f"{self.local(entry.at)}  {entry.outgoing_name} → {entry.incoming or '–'}"

    def whole(self, entry: HandoverView) -> str:
        tr = self.i18n.tr
        parts = [self.line(entry)]
        for caption, text in ((tr("Open items"), entry.open_items), (tr("Keys"), entry.keys),
                              (tr("Notes"), entry.notes)):  # fmt: skip
            if text:
                parts.append(f"{caption}:\n{text}")
        return "\n\n".join(parts)

    def clear_form(self) -> None:
        for field in (self.incoming, self.open_items, self.keys, self.notes):
            field.clear()

    def retranslate_ui(self) -> None:
        tr = self.i18n.tr
        for caption, text in zip(
            self.captions,
            (N_("Incoming guard"), N_("Open items"), N_("Keys"), N_("Notes")),
            strict=True,
        ):
            caption.setText(tr(text))
        self.incoming.setPlaceholderText(tr("Username"))
        self.save.setText(tr("Save handover"))
        self.search.setPlaceholderText(tr("Search the handovers"))


class IncidentPage(LogPage):
    def __init__(self, panel: ShiftPanel) -> None:
        super().__init__(panel)
        self.occurred = QDateTimeEdit()
        self.occurred.setCalendarPopup(True)
        self.occurred.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.category = QComboBox()
        self.place = QLineEdit()
        self.place.setMaxLength(200)
        self.description, self.people = notes_field(), notes_field()
        self.captions = [label("field") for _ in range(5)]
        fields = (self.occurred, self.category, self.place, self.description, self.people)
        for caption, field in zip(self.captions, fields, strict=True):
            caption.setBuddy(field)
            self.form.addRow(caption, field)
        self.clear_form()

    def _zone(self) -> QTimeZone:
        return QTimeZone(self.panel.desk.timezone.encode())

    def request(self) -> tuple[Callable[..., Any], Any, Any]:
        when = self.occurred.dateTime().toSecsSinceEpoch()
        data = IncidentInput(
            category=self.category.currentData(),
            description=self.description.toPlainText(),
            place=self.place.text(),
            people_involved=self.people.toPlainText(),
            occurred_at=datetime.fromtimestamp(when, ZoneInfo(self.panel.desk.timezone)),
        )
        return report_incident, self.panel.desk.site_id, data

    def query(self) -> tuple[Any, ...]:
        return search_incidents, self.panel.desk.site_id, self.search.text() or None

    def line(self, entry: IncidentView) -> str:
        category = self.i18n.tr(CATEGORY_TEXT.get(entry.category, entry.category))
        where = f" — {entry.place}" if entry.place else ""
        return f"{self.local(entry.occurred_at)}  {category}{where}"

    def whole(self, entry: IncidentView) -> str:
        tr = self.i18n.tr
        parts = [self.line(entry), entry.description]
        if entry.people_involved:
            parts.append(f"{tr('People involved')}:\n{entry.people_involved}")
        parts.append(
            tr(
                "Reported by {name} at {time}",
                name=entry.reported_by_name,
                time=self.local(entry.reported_at),
            )
        )
        return "\n\n".join(parts)

    def clear_form(self) -> None:
        self.occurred.setTimeZone(self._zone())
        self.occurred.setDateTime(QDateTime.currentDateTime().toTimeZone(self._zone()))
        for field in (self.place, self.description, self.people):
            field.clear()

    def retranslate_ui(self) -> None:
        tr = self.i18n.tr
        texts = (N_("When"), N_("Category"), N_("Place"), N_("What happened"),
                 N_("People involved"))  # fmt: skip
        for caption, text in zip(self.captions, texts, strict=True):
            caption.setText(tr(text))
        chosen = max(self.category.currentIndex(), 0)
        self.category.clear()
        for category, text in CATEGORY_TEXT.items():
            self.category.addItem(tr(text), category.value)
        self.category.setCurrentIndex(chosen)
        self.save.setText(tr("File the report"))
        self.search.setPlaceholderText(tr("Search the reports"))


class ShiftPanel(GuardPanel):
    def __init__(self, desk: GuardDesk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget()
        self.handovers = HandoverPage(self)
        self.incidents = IncidentPage(self)
        self.pages.addTab(self.handovers, "")
        self.pages.addTab(self.incidents, "")
        layout.addWidget(self.pages)
        self.retranslate_ui()

    def start(self, actor: Actor) -> None:
        self.stop()
        super().start(actor)
        self.handovers.load()
        self.incidents.load()

    def stop(self) -> None:
        """Forget the guard and everything on the pages, typed or read."""
        super().stop()
        for page in (self.handovers, self.incidents):
            page.clear_form()
            page.loaded([])
            page.search.clear()
            page.say("", False)
            page.save.setEnabled(True)

    def retranslate_ui(self) -> None:
        tr = self.desk.i18n.tr
        self.pages.setTabText(0, tr("Shift handover"))
        self.pages.setTabText(1, tr("Incidents"))
        self.handovers.retranslate_ui()
        self.incidents.retranslate_ui()
