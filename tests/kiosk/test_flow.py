"""The whole walk-in, as a visitor does it: language, privacy, form, agreement, badge."""

import re

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import AgreementSignature, Visit
from kiosk.screens.finish import State
from tests.kiosk.conftest import (
    choose_host,
    click,
    read_to_end,
    sign,
    to_agreement,
    to_form,
)


def test_a_visitor_checks_in_and_gets_a_badge(qtbot, make_kiosk, demo_app, spool):
    # A small screen, so the agreement has to be scrolled.
    window = make_kiosk(size=(1024, 600))
    start, form, agreement, finish = window.start, window.walk_in, window.agreement, window.finish
    assert window.stack.currentWidget() is start

    click(qtbot, start.language_buttons["fi"])
    assert window.k.i18n.language == "fi" and start.language_buttons["fi"].isChecked()
    click(qtbot, start.language_buttons["en"])
    assert window.k.i18n.language == "en"
    assert start.check_in.text() == "Check in"

    click(qtbot, start.check_in)
    assert window.stack.currentWidget() is window.privacy
    notice = " ".join(text.text() for _heading, text in window.privacy.sections)
    assert "Vartio Demo Oy" in notice and "365 days" in notice
    click(qtbot, window.privacy.next)
    assert window.stack.currentWidget() is form

    # Everything but the first name; "Next" says what is missing.
    qtbot.keyClicks(form.edits["last_name"], "Testinen")
    qtbot.keyClicks(form.edits["company"], "Huolto Oy")
    qtbot.keyClicks(form.edits["email"], "kaisa.testinen@example.fi")
    choose_host(qtbot, window, "ain", "Aino Laine")
    assert [form.host.results.item(i).text() for i in range(form.host.results.count())] == []
    assert form.host.edit.text() == "Aino Laine"
    click(qtbot, form.purpose_buttons["maintenance"])
    assert not form.is_complete()
    click(qtbot, form.next)
    assert window.stack.currentWidget() is form
    assert form.error_labels["first_name"].text() == "Please enter your first name."
    assert form.error_labels["last_name"].text() == ""

    qtbot.keyClicks(form.edits["first_name"], "Kaisa")
    assert form.error_labels["first_name"].text() == ""
    assert form.is_complete()
    to_agreement(qtbot, window)

    assert agreement.title.text() == "Confidentiality agreement for visitors"
    assert not agreement.pad.isEnabled() and not agreement.finish.isEnabled()
    read_to_end(qtbot, window)
    assert agreement.pad.isEnabled()
    sign(qtbot, agreement.pad)
    assert agreement.finish.isEnabled()
    click(qtbot, agreement.finish)

    assert window.stack.currentWidget() is finish
    qtbot.waitUntil(lambda: finish.state is State.DONE, timeout=30_000)
    assert finish.title.text() == "Welcome, Kaisa."
    shown = [line.text() for line in finish.lines]
    assert "You are checked in to visit Aino Laine." in shown
    assert "Please take your badge from the printer and wear it visibly." in shown

    with demo_app.app.uow() as uow:
        visit = uow.session.scalars(
            select(Visit).where(Visit.status == "on_site").order_by(Visit.checked_in_at.desc())
        ).first()
        assert visit is not None and visit.purpose == "maintenance"
        assert visit.visitor.first_name == "Kaisa" and visit.visitor.last_name == "Testinen"
        assert visit.host.first_name == "Aino"
        signature = uow.session.scalars(
            select(AgreementSignature).where(AgreementSignature.visitor_id == visit.visitor_id)
        ).one()
        assert re.fullmatch(r"[0-9a-f]{64}", signature.pdf_sha256)
        assert signature.signature.startswith(b"\x89PNG")

    badges = list(spool.glob("*.pdf"))
    assert len(badges) == 1
    text = " ".join(page.extract_text() for page in PdfReader(badges[0]).pages)
    assert "Kaisa" in text and "Aino Laine" in text
    assert "Testinen" not in text

    click(qtbot, finish.done)
    assert window.stack.currentWidget() is start
    assert form.edits["first_name"].text() == ""


def test_done_screen_returns_to_start_by_itself(qtbot, make_kiosk, monkeypatch):
    monkeypatch.setattr("kiosk.screens.finish.RETURN_AFTER_MS", 200)
    window = make_kiosk()
    to_form(qtbot, window)
    from tests.kiosk.conftest import fill_form

    fill_form(qtbot, window)
    to_agreement(qtbot, window)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start, timeout=15_000)
    assert window.walk_in.edits["first_name"].text() == ""


def test_return_moves_to_the_next_field(qtbot, make_kiosk):
    window = make_kiosk()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    to_form(qtbot, window)
    edits = window.walk_in.edits
    edits["first_name"].setFocus()
    qtbot.keyClicks(edits["first_name"], "Kaisa")
    qtbot.keyClick(edits["first_name"], Qt.Key.Key_Return)
    assert edits["last_name"].hasFocus()
    edits["phone"].setFocus()
    qtbot.keyClick(edits["phone"], Qt.Key.Key_Return)
    assert window.walk_in.host.edit.hasFocus()
