"""K12: left alone, the kiosk forgets the visitor and goes back to the first screen."""

from kiosk.screens.finish import State
from tests.kiosk.conftest import click, fill_form, read_to_end, sign, to_agreement, to_form


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
