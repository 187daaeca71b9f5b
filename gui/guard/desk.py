"""What a guard's panels share, in the kiosk's guard mode and in the admin app: the
installation, the site, the runner for slow work, the language, the printer.

Each panel acts for ``actor`` (the guard whose own PIN or password opened it) and never on
the GUI thread: database work and printing go through ``desk.runner``; core checks every act
again, so a panel hides nothing that core would allow or allow anything core refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from core.app import App
from core.permissions import Actor
from core.printing import Printer
from gui.i18n import Translator
from gui.tasks import TaskRunner


@dataclass(frozen=True)
class GuardDesk:
    app: App
    runner: TaskRunner
    i18n: Translator
    printer: Printer
    site_id: str
    timezone: str
    # The admin app has no camera or wedge reader of its own: a field takes the scanner's
    # typing there. The kiosk reads scans for the whole window and passes them on.
    scan_field: bool = False


class GuardPanel(QWidget):
    """A page of guard mode: started for a guard, stopped (and emptied) when they leave."""

    def __init__(self, desk: GuardDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.actor: Actor | None = None

    def start(self, actor: Actor) -> None:
        self.actor = actor

    def stop(self) -> None:
        self.actor = None

    def run(
        self,
        work: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """``work(uow, actor, *args)`` in the runner, for the current guard."""
        if self.actor is None:
            return
        self.desk.runner.run(
            work, self.desk.app.uow(), self.actor, *args, on_done=on_done, on_error=on_error
        )

    def retranslate_ui(self) -> None:
        raise NotImplementedError
