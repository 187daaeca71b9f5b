"""A kiosk window on the demo database, driven the way a visitor would drive it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from core.kiosk import kiosk_site
from core.permissions import Actor
from core.printing import SpoolPrinter
from gui.camera import Camera
from gui.i18n import Translator
from gui.tasks import TaskRunner
from kiosk.context import Kiosk
from kiosk.window import KioskWindow
from resources.i18n import translations


@pytest.fixture
def spool(tmp_path):
    return tmp_path / "spool"


@pytest.fixture
def make_kiosk(qtbot, demo_app, spool):
    windows = []

    def make(
        *,
        locked: bool = False,
        idle_seconds: float = 60,
        catalog=translations,
        printer=None,
        size: tuple[int, int] = (1280, 800),
        camera=None,
        mailer=None,
    ) -> KioskWindow:
        app = demo_app.app
        site = kiosk_site(app.uow(), "hel")
        kiosk = Kiosk(
            app=app,
            site=site,
            actor=Actor.kiosk(site.id),
            printer=printer or SpoolPrinter(spool),
            runner=TaskRunner(),
            i18n=Translator(catalog=catalog),
            camera=Camera(camera),
            mailer=mailer,
        )
        window = KioskWindow(kiosk, idle_seconds=idle_seconds, locked=locked)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.release()
        window.close()
        window.k.i18n.set_language("en")  # takes Qt's own catalog off the application
        window.deleteLater()
    # Delete them now, while Qt and Python are both alive; left to the interpreter's exit, the
    # many windows' wrappers are torn down after QApplication and PySide can crash there.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sign(qtbot, pad) -> None:
    """A finger-like scribble across the pad."""
    height = pad.height()
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, height // 2))
    for step in range(1, 30):
        QTest.mouseMove(pad, QPoint(40 + step * 12, height // 2 + (-1) ** step * height // 6))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(400, height // 2))


def choose_host(qtbot, window, typed: str, name: str) -> None:
    host = window.walk_in.host
    qtbot.keyClicks(host.edit, typed)
    qtbot.waitUntil(lambda: host.results.count() > 0, timeout=5000)
    item = next(
        host.results.item(row)
        for row in range(host.results.count())
        if host.results.item(row).text() == name
    )
    rect = host.results.visualItemRect(item)
    qtbot.mouseClick(host.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def fill_form(qtbot, window, first_name: str = "Kaisa") -> None:
    form = window.walk_in
    qtbot.keyClicks(form.edits["first_name"], first_name)
    qtbot.keyClicks(form.edits["last_name"], "Testinen")
    qtbot.keyClicks(form.edits["company"], "Huolto Oy")
    qtbot.keyClicks(form.edits["email"], "kaisa.testinen@example.fi")
    choose_host(qtbot, window, "ain", "Aino Laine")
    click(qtbot, form.purpose_buttons["maintenance"])


def to_form(qtbot, window) -> None:
    click(qtbot, window.start.check_in)
    click(qtbot, window.privacy.next)
    assert window.stack.currentWidget() is window.walk_in


def past_form(qtbot, window) -> None:
    """From the completed form to the media declaration, showing no ID where that is allowed."""
    click(qtbot, window.walk_in.next)
    if window.stack.currentWidget() is window.id_step:
        click(qtbot, window.id_step.without)
    assert window.stack.currentWidget() is window.media


def to_agreement(qtbot, window, carried: tuple[str, ...] = ()) -> None:
    """From the completed form past the media declaration (and no photo) to the agreement."""
    past_form(qtbot, window)
    for kind in carried:
        click(qtbot, window.media.choices[kind])
    click(qtbot, window.media.next)
    if window.stack.currentWidget() is window.photo:
        click(qtbot, window.photo.skip)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.agreement, timeout=5000)


def read_to_end(qtbot, window) -> None:
    """Turn the mouse wheel over the agreement until its end is on screen."""
    viewport = window.agreement.text.viewport()
    bar = window.agreement.text.verticalScrollBar()
    centre = QPointF(viewport.rect().center())
    for _ in range(100):
        if bar.value() == bar.maximum():
            break
        wheel = QWheelEvent(
            centre,
            QPointF(viewport.mapToGlobal(centre)),
            QPoint(),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, wheel)
        qtbot.wait(10)
    assert bar.value() == bar.maximum()
    qtbot.waitUntil(window.agreement.pad.isEnabled)  # what the visitor waits to see
