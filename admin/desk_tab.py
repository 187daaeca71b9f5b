"""What the HR desk tabs share: the installation, the runner, the language and the person;
core work run for that person with its refusals shown in the tab's status line; and finding
an employee of the chosen site by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QVBoxLayout, QWidget

from core.app import App
from core.hosts import HostMatch, search_hosts
from core.permissions import Actor
from gui.i18n import Translator, problem_text
from gui.tasks import TaskRunner
from gui.widgets import label


class DeskTab(QWidget):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.i18n, self.actor = app, runner, i18n, actor
        self.status = label()  # the subclass places it, usually last

    def run(self, work: Callable[..., Any], *args: Any, on_done: Callable[[Any], None]) -> None:
        """``work(uow, actor, *args)`` in the runner; a refusal lands in the status line."""
        self.runner.run(
            work, self.app.uow(), self.actor, *args, on_done=on_done, on_error=self.failed
        )

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, LookupError):  # desk_work found no version of the agreement
            self.status.setText(self.i18n.tr("There is no version of this agreement to sign."))
        else:
            self.status.setText(problem_text(self.i18n, exc))


class EmployeeFinder(QWidget):
    """A name typed, the site's active employees whose name starts so, one of them chosen."""

    changed = Signal()

    def __init__(self, tab: DeskTab, site: Callable[[], str | None]) -> None:
        super().__init__()
        self.tab, self.site = tab, site
        self.matches: list[HostMatch] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.textEdited.connect(self._search)
        self.found = QListWidget()
        self.found.setMaximumHeight(120)
        self.found.currentRowChanged.connect(lambda _r: self.changed.emit())
        layout.addWidget(self.search)
        layout.addWidget(self.found)

    @property
    def chosen(self) -> HostMatch | None:
        row = self.found.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None

    def _search(self, text: str) -> None:
        site = self.site()
        if site is not None and text.strip():
            self.tab.run(search_hosts, site, text.strip(), on_done=self._found)

    def _found(self, matches: list[HostMatch]) -> None:
        self.matches = matches
        self.found.clear()
        for match in matches:
            self.found.addItem(match.name)
        if matches:
            self.found.setCurrentRow(0)
        self.changed.emit()

    def clear(self) -> None:
        self.search.clear()
        self.matches = []
        self.found.clear()
