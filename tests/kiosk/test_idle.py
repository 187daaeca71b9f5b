"""K12: left alone, the kiosk forgets the visitor and goes back to the first screen."""

import numpy as np

from kiosk.screens.finish import State
from tests.core.barcode_frames import background
from tests.core.id_samples import td3
from tests.gui.video import write_video
from tests.kiosk.conftest import click, fill_form, read_to_end, sign, to_agreement, to_form
from tests.kiosk.test_scan import _type


def test_idle_timeout_wipes_everything(qtbot, make_kiosk):
    window = make_kiosk(idle_seconds=1.5)
    click(qtbot, window.start.language_buttons["sv"])
    to_form(qtbot, window)
    fill_form(qtbot, window)
    to_agreement(qtbot, window)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    assert not window.agreement.pad.is_empty()

    # Nobody touches anything now.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=5000)

    form = window.walk_in
    assert all(edit.text() == "" for edit in form.edits.values())
    assert not any(edit.isUndoAvailable() for edit in form.edits.values())  # not even Ctrl+Z
    assert form.host.edit.text() == "" and form.host.host() is None
    assert not form.host.edit.isUndoAvailable()
    assert form.host.results.count() == 0 and form.host.hint.text() == ""
    assert not any(choice.isChecked() for choice in form.purpose_buttons.values())
    assert all(label.text() == "" for label in form.error_labels.values())
    assert window.agreement.pad.is_empty() and window.agreement.agreement is None
    assert window.agreement.text.toPlainText() == ""
    assert window.finish.state is State.WORKING
    assert window.k.i18n.language == "en"
    assert window.start.language_buttons["en"].isChecked()


def test_touching_the_screen_keeps_the_visitor(qtbot, make_kiosk):
    window = make_kiosk(idle_seconds=0.6)
    to_form(qtbot, window)
    for letter in "Kaisa":
        qtbot.keyClicks(window.walk_in.edits["first_name"], letter)
        qtbot.wait(250)
    assert window.stack.currentWidget() is window.walk_in
    assert window.walk_in.edits["first_name"].text() == "Kaisa"


def test_a_search_answered_after_the_reset_is_dropped(qtbot, make_kiosk):
    window = make_kiosk()
    to_form(qtbot, window)
    host, runner = window.walk_in.host, window.k.runner
    resets = []

    def reset_while_searching(busy):
        if busy and not resets:  # the search has just been started in a worker
            resets.append(True)
            window.reset_all()

    runner.busyChanged.connect(reset_while_searching)
    qtbot.keyClicks(host.edit, "ain")
    qtbot.waitUntil(lambda: bool(resets), timeout=2000)
    assert runner.wait_idle(5000)
    assert host.results.count() == 0 and host.edit.text() == ""
    assert window.stack.currentWidget() is window.start


def test_idle_timeout_wipes_the_photo_the_id_and_the_declaration(qtbot, make_kiosk, tmp_path):
    scene = np.ascontiguousarray(np.asarray(background(seed=2))[:, :, ::-1])
    window = make_kiosk(idle_seconds=2, camera=str(write_video(tmp_path / "c.avi", [scene] * 600)))
    _type(qtbot, window, td3())  # a passport at Start
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.privacy)
    click(qtbot, window.privacy.next)
    fill_form(qtbot, window, first_name="")
    click(qtbot, window.walk_in.next)
    click(qtbot, window.media.choices["usb_stick"])
    click(qtbot, window.media.next)
    qtbot.waitUntil(lambda: window.photo.view.live, timeout=10_000)
    click(qtbot, window.photo.take)
    qtbot.waitUntil(lambda: window.photo.photo_png is not None, timeout=10_000)
    assert window.walk_in.id_document is not None

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=8000)
    assert window.photo.photo_png is None and window.photo.still.pixmap().isNull()
    assert not window.photo.view.live and not window.start.camera_view.live
    assert window.media.carried() == {}
    assert window.walk_in.id_document is None and not window.walk_in.id_note.isVisible()
    assert window.id_step.result is None
