"""K7 declared media and K5 the badge photo, as a visitor goes through them."""

import io

import numpy as np
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from db.models import AgreementSignature, AuditEntry, Visit
from kiosk.screens.finish import State
from tests.core.barcode_frames import background
from tests.gui.video import write_video
from tests.kiosk.conftest import (
    click,
    fill_form,
    past_form,
    read_to_end,
    sign,
    to_agreement,
    to_form,
)


def _finish(qtbot, window) -> None:
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)


def _last_visit(app):
    with app.uow() as uow:
        visit = uow.session.scalars(select(Visit).order_by(Visit.checked_in_at.desc())).first()
        return dict(visit.carried_media), visit.visitor.photo


def test_declared_media_are_kept_with_the_visit(qtbot, make_kiosk, demo_app):
    window = make_kiosk()
    to_form(qtbot, window)
    fill_form(qtbot, window)
    past_form(qtbot, window)
    assert window.media.next.text() == "I bring none of these"
    click(qtbot, window.media.choices["usb_stick"])
    click(qtbot, window.media.choices["laptop"])
    assert window.media.next.text() == "Next"
    click(qtbot, window.media.next)
    # No camera: no photo step.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.agreement, timeout=10_000)
    _finish(qtbot, window)
    carried, photo = _last_visit(demo_app.app)
    assert carried == {"usb_stick": 1, "laptop": 1} and photo is None

    window.reset_all()
    assert window.media.carried() == {}


def test_a_photo_taken_at_the_kiosk_is_on_the_badge(qtbot, make_kiosk, demo_app, spool, tmp_path):
    scene = np.ascontiguousarray(np.asarray(background(seed=9))[:, :, ::-1])
    video = write_video(tmp_path / "face.avi", [scene] * 600)  # 20 s: the camera stays live
    window = make_kiosk(camera=str(video))
    to_form(qtbot, window)
    fill_form(qtbot, window)
    past_form(qtbot, window)
    click(qtbot, window.media.next)
    assert window.stack.currentWidget() is window.photo
    qtbot.waitUntil(lambda: window.photo.view.live, timeout=10_000)
    assert window.photo.take.text() == "Take photo"
    click(qtbot, window.photo.take)
    qtbot.waitUntil(lambda: window.photo.photo_png is not None, timeout=10_000)
    assert window.photo.take.text() == "Use this photo" and window.photo.retake.isVisible()
    click(qtbot, window.photo.retake)
    assert window.photo.photo_png is None
    click(qtbot, window.photo.take)
    qtbot.waitUntil(lambda: window.photo.photo_png is not None, timeout=10_000)
    click(qtbot, window.photo.take)  # "Use this photo"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.agreement, timeout=10_000)
    _finish(qtbot, window)

    _carried, photo = _last_visit(demo_app.app)
    assert photo is not None and photo.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(photo)) as image:
        assert image.size == (360, 480)
    [pdf] = spool.glob("*.pdf")
    page = PdfReader(pdf).pages[0]
    assert len(page.images) >= 2  # the QR code and the photo

    window.reset_all()
    assert window.photo.photo_png is None and not window.photo.still.pixmap()


def test_without_a_camera_the_photo_is_skipped_and_no_photo_is_an_answer(qtbot, make_kiosk):
    window = make_kiosk()
    to_form(qtbot, window)
    fill_form(qtbot, window)
    to_agreement(qtbot, window)
    click(qtbot, window.agreement.back)
    assert window.stack.currentWidget() is window.media


def test_a_returning_visitor_with_a_valid_nda_is_not_asked_again(qtbot, make_kiosk, demo_app):
    window = make_kiosk()
    to_form(qtbot, window)
    fill_form(qtbot, window)
    to_agreement(qtbot, window)
    _finish(qtbot, window)
    click(qtbot, window.finish.done)

    to_form(qtbot, window)
    fill_form(qtbot, window)  # the same name and e-mail
    past_form(qtbot, window)
    click(qtbot, window.media.next)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    with demo_app.app.uow() as uow:
        [signature] = uow.session.scalars(select(AgreementSignature)).all()
        entry = uow.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "visit.check_in")
            .order_by(AuditEntry.seq.desc())
        ).first()
        assert entry.details["nda_on_file"] == signature.id
