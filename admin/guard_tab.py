"""Guard views in the admin app (G1–G5): the same door, site and shift-log panels as the
kiosk's guard mode, for the logged-in person at a site they pick. A USB scanner types into
the door page's scan field. Shown only to people who check doors somewhere; core decides
again on every act."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from admin.site_choice import SiteChoiceBox
from core.app import App
from core.permissions import Actor, Permission
from core.printing import Printer
from gui.guard.desk import GuardDesk, GuardPanel
from gui.guard.door_panel import DoorPanel
from gui.guard.shift_panel import ShiftPanel
from gui.guard.site_panel import SitePanel
from gui.i18n import Translator, problem_text
from gui.tasks import TaskRunner
from gui.widgets import label


class GuardTab(QWidget):
    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        i18n: Translator,
        actor: Actor,
        printer: Printer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.i18n, self.actor = app, runner, i18n, actor
        self.printer = printer
        self.panels: list[GuardPanel] = []
        self.door: DoorPanel | None = None
        self.site: SitePanel | None = None
        self.shift: ShiftPanel | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.site_caption = label("field")
        self.site_choice = SiteChoiceBox(
            app, runner, actor, Permission.DOOR_CHECK,
            lambda exc: self.status.setText(problem_text(i18n, exc)),
        )  # fmt: skip
        self.site_choice.chosen.connect(self._site_chosen)
        self.site_caption.setBuddy(self.site_choice)
        row.addWidget(self.site_caption)
        row.addWidget(self.site_choice, 1)
        layout.addLayout(row)
        self.status = label("hint")
        layout.addWidget(self.status)
        self.pages = QTabWidget()
        layout.addWidget(self.pages, 1)
        self.retranslate_ui()
        i18n.languageChanged.connect(self.retranslate_ui)

    def _site_chosen(self) -> None:
        """New panels for the site: a panel belongs to one site, like a kiosk."""
        for panel in self.panels:
            panel.stop()
        self.pages.clear()
        for panel in self.panels:
            panel.deleteLater()
        self.panels = []
        site = self.site_choice.site
        if site is None:
            return
        desk = GuardDesk(
            app=self.app,
            runner=self.runner,
            i18n=self.i18n,
            printer=self.printer,
            site_id=site.id,
            timezone=site.timezone,
            scan_field=True,
        )
        self.door, self.site, self.shift = DoorPanel(desk), SitePanel(desk), ShiftPanel(desk)
        self.panels = [self.door, self.site, self.shift]
        for panel in self.panels:
            self.pages.addTab(panel, "")
            panel.start(self.actor)
        self.retranslate_ui()

    def stop(self) -> None:
        for panel in self.panels:
            panel.stop()

    def retranslate_ui(self, _language: str = "") -> None:
        tr = self.i18n.tr
        self.site_caption.setText(tr("Site"))
        for index, text in enumerate((tr("Door"), tr("On site"), tr("Shift log"))):
            if index < self.pages.count():
                self.pages.setTabText(index, text)
        for panel in self.panels:
            panel.retranslate_ui()
