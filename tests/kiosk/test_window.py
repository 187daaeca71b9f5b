"""The kiosk window: language switching, touch target sizes, and the ways a check-in can end."""

from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select, update

from core.messages import Message
from core.printing import PrintFailed
from db.models import AgreementTemplate, Employee, OutboxJob, Visit
from gui.style import MIN_TARGET_MM, mm_to_px
from kiosk.screens.finish import State
from tests.kiosk.conftest import (
    click,
    fill_form,
    past_form,
    read_to_end,
    sign,
    to_agreement,
    to_form,
)


class Marked:
    """A catalog that marks every message with its language, to see what was redrawn."""

    def __init__(self, language):
        self.language = language

    def gettext(self, message):
        return message if self.language == "en" else f"[{self.language}] {message}"


def visits(app):
    with app.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Visit))


def test_switching_language_redraws_without_losing_input(qtbot, make_kiosk):
    window = make_kiosk(catalog=Marked)
    form = window.walk_in
    to_form(qtbot, window)
    qtbot.keyClicks(form.edits["first_name"], "Kaisa")
    qtbot.keyClicks(form.edits["email"], "not-an-address")
    form.edits["email"].editingFinished.emit()
    assert form.error_labels["email"].text() == "This does not look like an e-mail address."
    caption = form.captions["first_name"]

    # Back to the first screen, pick Finnish, and return: everything typed is still there.
    click(qtbot, form.back)
    click(qtbot, window.privacy.back)
    click(qtbot, window.start.language_buttons["fi"])
    assert window.start.check_in.text() == "[fi] Check in"
    assert window.start.language_buttons["sv"].text() == "Svenska"  # names stay in their own
    click(qtbot, window.start.check_in)
    assert window.privacy.title.text() == "[fi] How we use your details"
    click(qtbot, window.privacy.next)
    assert form.captions["first_name"] is caption  # redrawn, not rebuilt
    assert caption.text() == "[fi] First name"
    assert form.edits["first_name"].text() == "Kaisa"
    assert form.edits["email"].text() == "not-an-address"
    assert form.error_labels["email"].text() == "[fi] This does not look like an e-mail address."
    assert form.purpose_buttons["delivery"].text() == "[fi] Delivery"

    # Switching while the form is on screen redraws it at once, too.
    window.k.i18n.set_language("sv")
    assert caption.text() == "[sv] First name" and form.next.text() == "[sv] Next"
    assert form.edits["first_name"].text() == "Kaisa"


def test_every_button_is_a_finger_sized_target(qtbot, make_kiosk):
    window = make_kiosk()
    minimum = mm_to_px(window, MIN_TARGET_MM)
    for screen in window.screens:
        window.stack.setCurrentWidget(screen)
        qtbot.wait(20)
        for button in screen.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= minimum and button.width() >= minimum, button.text()
        for edit in screen.findChildren(type(window.walk_in.edits["first_name"])):
            if edit.isVisible():
                assert edit.height() >= minimum


def test_other_visitors_are_never_found(qtbot, make_kiosk):
    window = make_kiosk()
    to_form(qtbot, window)
    host = window.walk_in.host
    qtbot.keyClicks(host.edit, "Virtanen")  # an expected visitor in the demo, not an employee
    qtbot.waitUntil(lambda: host.hint.text() != "", timeout=5000)
    assert host.results.count() == 0
    assert host.hint.text().startswith("No one by that name here.")


def test_a_printer_failure_keeps_the_check_in(qtbot, make_kiosk, demo_app):
    class JammedPrinter:
        def print_pdf(self, pdf, job_name):
            raise PrintFailed(Message("The printer did not accept the badge."), "jammed")

    window = make_kiosk(printer=JammedPrinter())
    before = visits(demo_app.app)
    to_form(qtbot, window)
    fill_form(qtbot, window)
    to_agreement(qtbot, window)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    shown = [line.text() for line in window.finish.lines]
    assert window.finish.title.text() == "Thank you, Kaisa."
    assert [text for text in shown if text] == ["Please see reception."]
    assert visits(demo_app.app) == before + 1
    with demo_app.app.uow() as uow:
        job = uow.session.scalars(
            select(OutboxJob)
            .where(OutboxJob.kind == "print_badge")
            .order_by(OutboxJob.created_at.desc())
        ).first()
        assert job.status == "pending" and job.attempts == 1  # queued for a reprint


def test_without_an_agreement_the_signature_is_skipped(qtbot, make_kiosk, demo_app, spool):
    with demo_app.app.uow() as uow:
        uow.session.execute(update(AgreementTemplate).values(active=False))
        uow.commit()
    window = make_kiosk()
    to_form(qtbot, window)
    fill_form(qtbot, window)
    past_form(qtbot, window)
    click(qtbot, window.media.next)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    assert window.finish.title.text() == "Welcome, Kaisa."
    assert len(list(spool.glob("*.pdf"))) == 1


def test_a_host_who_left_meanwhile_sends_the_visitor_back_to_the_form(qtbot, make_kiosk, demo_app):
    window = make_kiosk()
    to_form(qtbot, window)
    fill_form(qtbot, window)
    to_agreement(qtbot, window)
    with demo_app.app.uow() as uow:
        uow.session.execute(update(Employee).values(active=False))
        uow.commit()
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.walk_in, timeout=30_000)
    assert (
        window.walk_in.error_labels["host_id"].text()
        == "Please choose the person you are visiting from the list."
    )
    assert window.walk_in.edits["first_name"].text() == "Kaisa"
