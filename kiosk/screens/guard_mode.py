"""Guard mode on the kiosk (G1–G5), by the guard's own account: the door, the site, the shift
log — the same panels the admin app shows (``gui.guard``). "Muster list" stays in reach on
every page (G3); leaving, or the kiosk's idle time, forgets the guard and all they saw."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from core.permissions import Actor
from gui.guard.desk import GuardDesk
from gui.guard.door_panel import DoorPanel
from gui.guard.shift_panel import ShiftPanel
from gui.guard.site_panel import SitePanel
from kiosk.context import Kiosk
from kiosk.screens.base import Screen, button


class GuardScreen(Screen):
    leaveRequested = Signal()
    # Whether the screen wants scans changed (another page, a dialog): the window asks again.
    scanningChanged = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk)
        desk = GuardDesk(
            app=kiosk.app,
            runner=kiosk.runner,
            i18n=kiosk.i18n,
            printer=kiosk.printer,
            site_id=kiosk.site.id,
            timezone=kiosk.site.timezone,
        )
        self.door, self.shift = DoorPanel(desk), ShiftPanel(desk)
        self.site = SitePanel(desk, muster_button=False)
        self.pages = QTabWidget()
        for panel in (self.door, self.site, self.shift):
            self.pages.addTab(panel, "")
        self.pages.currentChanged.connect(lambda _i: self.scanningChanged.emit())
        self.door.scanningChanged.connect(self.scanningChanged)
        self.body.addWidget(self.pages, 1)
        self.leave = button()
        self.leave.clicked.connect(self.leaveRequested)
        self.muster = button("primary")
        self.muster.clicked.connect(self._muster)
        self.buttons.addWidget(self.leave)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.muster)
        self.reset()

    @property
    def actor(self) -> Actor | None:
        return self.door.actor

    @property
    def wants_scans(self) -> bool:
        """Scans go to the door page; elsewhere the guard types, and the reader must not eat
        the keys."""
        return self.pages.currentWidget() is self.door and self.door.wants_scans

    def enter(self, actor: Actor) -> None:
        """Guard mode for ``actor``, whose PIN core has just checked."""
        self.pages.setCurrentWidget(self.door)
        for panel in (self.door, self.site, self.shift):
            panel.start(actor)

    def scanned(self, text: str) -> None:
        if self.wants_scans:
            self.door.scanned(text)

    def _muster(self) -> None:
        self.pages.setCurrentWidget(self.site)
        self.site.print_muster()

    def retranslate_ui(self) -> None:
        tr = self.k.i18n.tr
        self.title.setText(tr("Guard mode"))
        for index, text in enumerate((tr("Door"), tr("On site"), tr("Shift log"))):
            self.pages.setTabText(index, text)
        self.leave.setText(tr("Back to the visitor screens"))
        self.muster.setText(tr("Muster list"))
        for panel in (self.door, self.site, self.shift):
            panel.retranslate_ui()

    def reset(self) -> None:
        """Forget the guard: leaving guard mode or idle time ends their session here."""
        for panel in (self.door, self.site, self.shift):
            panel.stop()
        self.pages.setCurrentWidget(self.door)
        self.retranslate_ui()
