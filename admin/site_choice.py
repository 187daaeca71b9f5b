"""The site a desk tab works at: the sites where the person has the tab's permission (core
lists them in the runner), shown as "Name (code)"; ``chosen`` fires once they are loaded and
whenever another is picked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from core.app import App
from core.permissions import Actor, Permission
from core.sites import SiteChoice, sites_for
from gui.tasks import TaskRunner


class SiteChoiceBox(QComboBox):
    chosen = Signal()

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        actor: Actor,
        permission: Permission,
        on_error: Callable[[BaseException], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sites: list[SiteChoice] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(lambda _i: self.chosen.emit())
        runner.run(sites_for, app.uow(), actor, permission, on_done=self._loaded, on_error=on_error)

    def _loaded(self, sites: list[SiteChoice]) -> None:
        self.sites = sites
        self.blockSignals(True)
        for site in sites:
            self.addItem(f"{site.name} ({site.code})", site.id)
        self.blockSignals(False)
        self.chosen.emit()

    @property
    def site(self) -> SiteChoice | None:
        index = self.currentIndex()
        return self.sites[index] if 0 <= index < len(self.sites) else None
