"""Codes shown at the first screen: a printed badge checks its holder out (K10), an ID document
starts the walk-in with the name filled in (K4), anything else gets a plain answer."""

import subprocess

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from sqlalchemy import select

from core.checkin import check_in
from core.idparse import StoredId
from core.outbox import deliver_pending
from core.permissions import Actor
from core.printing import SpoolPrinter
from core.scanning import decode
from db.models import AuditEntry, Visit
from gui.camera import CameraState
from kiosk.screens.finish import State
from tests.core.barcode_frames import HEIGHT, WIDTH, background
from tests.core.helpers import site_id, walk_in
from tests.core.id_samples import td3
from tests.gui.video import write_video
from tests.kiosk.conftest import choose_host, click, read_to_end, sign, to_agreement


def _printed_badge(app, tmp_path):
    """Check a visitor in and print the badge to a spool: the PDF a visitor would carry."""
    result = check_in(app.uow(), Actor.kiosk(site_id(app)), walk_in(app, first_name="Pekka"))
    spool = tmp_path / "badges"
    assert deliver_pending(app.uow, SpoolPrinter(spool), [result.badge_job_id])[0].ok
    return result, next(spool.glob("*.pdf"))


def _badge_photo(pdf, tmp_path) -> np.ndarray:
    """The badge as a camera sees it: rasterised at 150 dpi, held up in a cluttered room."""
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "badge")],
        check=True,
    )
    badge = Image.open(tmp_path / "badge.png").convert("RGB")
    scene = background(seed=5)
    scene.paste(badge, ((WIDTH - badge.width) // 2, (HEIGHT - badge.height) // 2))
    return np.ascontiguousarray(np.asarray(scene)[:, :, ::-1])


def _type(qtbot, window, text):
    widget = window.focusWidget() or window
    for line in text.split("\n"):
        qtbot.keyClicks(widget, line)
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def _status(app, visit_id):
    with app.uow() as uow:
        return uow.session.get(Visit, visit_id).status


def test_showing_the_printed_badge_to_the_camera_checks_out(qtbot, make_kiosk, demo_app, tmp_path):
    app = demo_app.app
    result, pdf = _printed_badge(app, tmp_path)
    photo = _badge_photo(pdf, tmp_path)
    token = decode(photo)[0].text  # the QR code on the printed card carries the token
    empty = np.ascontiguousarray(np.asarray(background(seed=5))[:, :, ::-1])
    video = write_video(tmp_path / "camera.avi", [empty] * 10 + [photo] * 40)

    window = make_kiosk(camera=str(video))
    assert window.k.camera.state is not CameraState.UNAVAILABLE
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.notice, timeout=20000)
    qtbot.waitUntil(lambda: window.notice.checked_out is not None, timeout=10000)
    assert window.notice.title.text() == "Goodbye, Pekka."
    assert window.start.camera_view.live  # the visitor saw themselves aiming the card
    assert _status(app, result.visit_id) == "checked_out"
    with app.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry.action == "visit.check_out" and token not in str(entry.details)

    click(qtbot, window.notice.done)
    assert window.stack.currentWidget() is window.start
    assert not window.start.camera_view.live  # the wipe takes the picture off the screen


def test_a_keyboard_wedge_reader_works_without_a_camera(qtbot, make_kiosk, demo_app, tmp_path):
    app = demo_app.app
    result, pdf = _printed_badge(app, tmp_path)
    token = decode(_badge_photo(pdf, tmp_path))[0].text
    window = make_kiosk()  # no camera
    qtbot.waitUntil(lambda: window.k.camera.state is CameraState.UNAVAILABLE)
    assert window.start.camera_view.text().startswith("No camera here.")

    _type(qtbot, window, token)
    qtbot.waitUntil(lambda: window.notice.checked_out is not None, timeout=10000)
    assert _status(app, result.visit_id) == "checked_out"

    click(qtbot, window.notice.done)
    _type(qtbot, window, token)  # the same badge again
    qtbot.waitUntil(lambda: window.notice.problem is not None, timeout=10000)
    assert window.notice.lead.text() == "You have already checked out. Thank you for visiting."


def test_an_unknown_code_gets_a_plain_answer(qtbot, make_kiosk):
    window = make_kiosk()
    _type(qtbot, window, "https://example.com/lunch-menu")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.notice)
    assert window.notice.lead.text() == "This is not a code Vartio knows."
    _type(qtbot, window, "x" * 27)  # not at Start any more: ignored
    qtbot.wait(300)
    assert window.notice.lead.text() == "This is not a code Vartio knows."


def test_a_passport_mrz_fills_the_name_and_only_its_minimum_is_kept(qtbot, make_kiosk, demo_app):
    window = make_kiosk()
    _type(qtbot, window, td3(number="XK0012345", surname="VIRTANEN", given="AINO MARIA"))
    # The privacy notice still comes first.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.privacy)
    click(qtbot, window.privacy.next)
    form = window.walk_in
    assert form.edits["first_name"].text() == "Aino Maria"
    assert form.edits["last_name"].text() == "Virtanen"
    assert form.id_note.text() == "Your ID was read. Please check your name and fill in the rest."
    qtbot.keyClicks(form.edits["email"], "aino@example.fi")
    choose_host(qtbot, window, "ain", "Aino Laine")
    click(qtbot, form.purpose_buttons["meeting"])
    to_agreement(qtbot, window)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30000)

    with demo_app.app.uow() as uow:
        visit = uow.session.get(Visit, window.finish._outcome.result.visit_id)
        stored = StoredId.from_json(visit.id_document)
        assert stored.number_last4 == "2345" and stored.issuing_country == "FIN"
        assert stored.verified and "XK0012345" not in visit.id_document


def test_an_expired_passport_is_said_plainly_and_is_not_a_dead_end(qtbot, make_kiosk):
    window = make_kiosk()
    expired = td3(expiry="240101")
    _type(qtbot, window, expired)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.privacy)
    click(qtbot, window.privacy.next)
    note = window.walk_in.id_note.text()
    assert note.startswith("Your ID could not be verified: Document expired on 2024-01-01.")
    assert window.walk_in.edits["last_name"].text() == "Virtanen"
    assert window.walk_in.id_document is not None and not window.walk_in.id_document.verified
    click(qtbot, window.walk_in.back)
    click(qtbot, window.privacy.back)
    window.reset_all()
    click(qtbot, window.start.check_in)
    click(qtbot, window.privacy.next)
    assert window.walk_in.id_document is None and not window.walk_in.id_note.isVisible()
    assert window.walk_in.edits["last_name"].text() == ""
