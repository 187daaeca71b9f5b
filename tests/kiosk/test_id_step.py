"""K4 at the kiosk: the ID step as each site policy has it, from a reader or the camera."""

from datetime import date

import pytest
from sqlalchemy import update

from core.idparse import StoredId
from db.models import Site, Visit
from kiosk.screens.finish import State
from tests.core.barcode_frames import Placed, frame, pdf417_image
from tests.core.id_samples import AAMVA_US, td1
from tests.gui.video import write_video
from tests.kiosk.conftest import choose_host, click, fill_form, read_to_end, sign, to_form
from tests.kiosk.test_scan import _type


def _policy(demo_app, policy: str) -> None:
    with demo_app.app.uow() as uow:
        uow.session.execute(update(Site).where(Site.code == "hel").values(id_policy=policy))
        uow.commit()


def _to_id_step(qtbot, window) -> None:
    to_form(qtbot, window)
    fill_form(qtbot, window)
    click(qtbot, window.walk_in.next)
    assert window.stack.currentWidget() is window.id_step


def _finish_from_media(qtbot, window) -> str:
    click(qtbot, window.media.next)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.agreement, timeout=10_000)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    return window.finish._outcome.result.visit_id


def _stored(demo_app, visit_id):
    with demo_app.app.uow() as uow:
        text = uow.session.get(Visit, visit_id).id_document
        return StoredId.from_json(text) if text else None


def test_required_id_that_fails_is_said_and_the_visitor_goes_on(qtbot, make_kiosk, demo_app):
    _policy(demo_app, "required")
    window = make_kiosk()
    _to_id_step(qtbot, window)
    step = window.id_step
    assert step.without.text() == "I have no ID with me" and not step.next.isVisible()
    _type(qtbot, window, "not-an-id-but-long-enough-to-be-read")
    qtbot.waitUntil(lambda: step.status.text() != "")
    assert step.status.text() == "This is not an ID document. Please try again."
    _type(qtbot, window, td1(expiry="240101"))
    qtbot.waitUntil(lambda: step.result is not None)
    assert step.status.text().startswith("Your ID could not be verified: Document expired on")
    assert step.next.isVisible()
    click(qtbot, step.next)
    assert window.stack.currentWidget() is window.media
    stored = _stored(demo_app, _finish_from_media(qtbot, window))
    assert stored is not None and not stored.verified and stored.kind.value == "mrz-td1"


def test_a_driving_licence_barcode_is_read_by_the_camera(qtbot, make_kiosk, demo_app, tmp_path):
    code = frame([Placed(pdf417_image(AAMVA_US), 300, 250)], seed=4)
    video = write_video(tmp_path / "licence.avi", [code] * 900)  # 30 s in view
    window = make_kiosk(camera=str(video))
    _to_id_step(qtbot, window)
    assert window.id_step.without.text() == "Skip"
    qtbot.waitUntil(lambda: window.id_step.result is not None, timeout=15_000)
    result = window.id_step.result
    assert result.kind.value == "aamva" and result.expiry_date > date(2026, 1, 1)
    click(qtbot, window.id_step.next)
    click(qtbot, window.media.next)
    assert window.stack.currentWidget() is window.photo  # a camera: the photo is offered
    click(qtbot, window.photo.skip)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.agreement, timeout=10_000)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    stored = _stored(demo_app, window.finish._outcome.result.visit_id)
    assert stored.kind.value == "aamva" and stored.issuing_country == "USA"


@pytest.mark.parametrize("policy", ["off", "optional"])
def test_skipping_or_no_step_stores_no_id(qtbot, make_kiosk, demo_app, policy):
    _policy(demo_app, policy)
    window = make_kiosk()
    to_form(qtbot, window)
    fill_form(qtbot, window)
    click(qtbot, window.walk_in.next)
    if policy == "optional":
        click(qtbot, window.id_step.without)
    assert window.stack.currentWidget() is window.media
    click(qtbot, window.media.back)
    expected = window.id_step if policy == "optional" else window.walk_in
    assert window.stack.currentWidget() is expected
    if policy == "optional":
        click(qtbot, window.id_step.without)
    else:
        click(qtbot, window.walk_in.next)
    assert _stored(demo_app, _finish_from_media(qtbot, window)) is None


def test_where_ids_are_off_a_scanned_id_fills_the_name_but_is_not_kept(qtbot, make_kiosk, demo_app):
    _policy(demo_app, "off")
    window = make_kiosk()
    _type(qtbot, window, td1(surname="KORHONEN", given="MATTI"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.privacy)
    click(qtbot, window.privacy.next)
    assert window.walk_in.edits["last_name"].text() == "Korhonen"
    assert window.walk_in.id_document is None
    qtbot.keyClicks(window.walk_in.edits["email"], "matti@example.fi")
    choose_host(qtbot, window, "ain", "Aino Laine")
    click(qtbot, window.walk_in.purpose_buttons["meeting"])
    click(qtbot, window.walk_in.next)
    assert window.stack.currentWidget() is window.media  # no ID step here
    assert _stored(demo_app, _finish_from_media(qtbot, window)) is None
