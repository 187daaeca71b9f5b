"""Every kiosk screen in every language, photographed on a real X server (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x800x24" python -m tests.kiosk.screenshots DB OUT_DIR

The demo database must exist (`vartio --db DB demo`). Pictures are written as
OUT_DIR/<language>/<nn>-<screen>.png for a person to look at; tests/kiosk/test_screenshots.py
runs this and checks the pictures were taken.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from core.agreements import current_nda
from core.app import open_app
from core.checkin import CheckInResult
from core.checkout import CheckOutResult
from core.clock import now
from core.idparse import parse_id
from core.kiosk import kiosk_site
from core.messages import N_, Message
from core.permissions import Actor, Role
from core.printing import SpoolPrinter
from gui.camera import Camera
from gui.i18n import Translator
from gui.tasks import TaskRunner
from kiosk.actions import Finished
from kiosk.context import Kiosk
from kiosk.window import KioskWindow
from resources.i18n import LANGUAGES


def _settle(app: QApplication, window: KioskWindow) -> None:
    for _ in range(5):
        app.processEvents()
    window.k.runner.wait_idle(3000)


def main(db: str, out: Path) -> int:
    qt = QApplication.instance() or QApplication(["vartio-screenshots"])
    installation = open_app(db)
    site = kiosk_site(installation.uow(), "hel")
    kiosk = Kiosk(
        app=installation,
        site=site,
        actor=Actor.kiosk(site.id),
        printer=SpoolPrinter(out / "spool"),
        runner=TaskRunner(),
        i18n=Translator(),
        camera=Camera(None),
    )
    window = KioskWindow(kiosk, idle_seconds=3600, locked=False)
    window.resize(1280, 800)
    window.show()
    _settle(qt, window)
    taken = 0
    guard = Actor(
        kind="user", id="screenshots", roles=frozenset({Role.SECURITY}), site_ids={site.id}
    )
    for language in LANGUAGES:
        kiosk.i18n.set_language(language)
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        window.walk_in.use_id(parse_id("131052-308T"))
        window.walk_in.edits["first_name"].setText("Kaisa")
        window.walk_in.edits["last_name"].setText("Testinen")
        window.media.choices["laptop"].setChecked(True)
        window.id_step.show_result(None)
        nda = current_nda(installation.uow(), kiosk.actor, language)
        if nda is not None:
            window.agreement.set_agreement(nda)
        steps = [
            ("start", lambda: None),
            ("privacy", lambda: None),
            ("walk_in", window.walk_in._next_pressed),
            ("id_step", lambda: None),
            ("media", lambda: None),
            ("photo", lambda: None),
            ("agreement", lambda: None),
            ("finish", lambda: window.finish.show_done(_finished())),
            ("notice", lambda: window.notice.show_checked_out(_checked_out())),
            ("guard_mode", lambda: window.guard_mode.enter(guard)),
            ("guard_mode", lambda: window.guard_mode.pages.setCurrentIndex(1)),
            ("guard_mode", lambda: window.guard_mode.pages.setCurrentIndex(2)),
        ]
        for index, (name, prepare) in enumerate(steps):
            screen = getattr(window, name)
            window.stack.setCurrentWidget(screen)
            prepare()
            _settle(qt, window)
            picture = window.screen().grabWindow(window.winId())
            shot = (
                name if name != "guard_mode" else f"{name}-{window.guard_mode.pages.currentIndex()}"
            )
            picture.save(str(folder / f"{index:02d}-{shot}.png"))
            taken += 1
        window.reset_all()
    window.release()
    installation.close()
    print(f"{taken} screenshots in {out}")
    return 0


def _finished() -> Finished:
    result = CheckInResult("v", "Kaisa", "Aino Laine", "job", now(), None)
    return Finished(
        result, printed=False, problem=Message(N_("The printer did not accept the badge."))
    )


def _checked_out() -> CheckOutResult:
    return CheckOutResult("v", "Kaisa", "Aino Laine", now())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
