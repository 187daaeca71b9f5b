"""What every kiosk screen needs: the installation, the site, who acts, and the shared helpers."""

from __future__ import annotations

from dataclasses import dataclass

from core.app import App
from core.kiosk import KioskSite
from core.mail import Mailer
from core.permissions import Actor
from core.printing import Printer
from gui.camera import Camera
from gui.i18n import Translator
from gui.tasks import TaskRunner


@dataclass(frozen=True)
class Kiosk:
    app: App
    site: KioskSite
    actor: Actor
    printer: Printer
    runner: TaskRunner
    i18n: Translator
    camera: Camera  # with no camera its state is "unavailable" and the kiosk works on
    mailer: Mailer | None = None  # None: hosts are not e-mailed (no mail server configured)
