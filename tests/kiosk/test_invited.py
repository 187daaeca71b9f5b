"""K3 at the kiosk: the invitation's QR code, one tap to confirm, the badge; a used invitation
gets a plain answer."""

from datetime import timedelta

from sqlalchemy import select

from core.clock import now
from core.invitations import PreRegistration, pre_register
from core.permissions import Actor
from db.models import Invitation, Visit
from kiosk.screens.finish import State
from tests.core.helpers import host_id, site_id
from tests.kiosk.conftest import click, read_to_end, sign
from tests.kiosk.test_scan import _type


def _invite(app, email="liisa.vieras@example.fi") -> str:
    site = site_id(app)
    registration = PreRegistration(
        site_id=site,
        host_id=host_id(app, site, "Aino"),
        first_name="Liisa",
        last_name="Vieras",
        company="Asiakas Oy",
        email=email,
        phone="",
        purpose="meeting",
        language="fi",
        expected_start=now() - timedelta(minutes=5),
        expected_end=now() + timedelta(hours=1),
    )
    return pre_register(app.uow(), Actor.system(), registration).token


def _visit(app, token):
    with app.uow() as uow:
        invitation = uow.session.scalars(select(Invitation)).all()[-1]
        visit = uow.session.get(Visit, invitation.visit_id)
        return visit.status, invitation.used_at is not None


def test_an_invited_visitor_confirms_and_gets_a_badge(qtbot, make_kiosk, demo_app, spool):
    app = demo_app.app
    token = _invite(app)
    window = make_kiosk()
    taps = 0

    def tap(widget):
        nonlocal taps
        taps += 1
        click(qtbot, widget)

    _type(qtbot, window, token)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.invited, timeout=10_000)
    assert window.invited.title.text() == "Welcome, Liisa."
    assert window.invited.lines[1].text() == "Aino Laine"
    tap(window.invited.confirm)
    assert window.stack.currentWidget() is window.media  # optional ID: not asked of invitees
    tap(window.media.next)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.agreement, timeout=10_000)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    tap(window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    assert window.finish.title.text() == "Welcome, Liisa."
    assert _visit(app, token) == ("on_site", True)
    assert len(list(spool.glob("*.pdf"))) == 1
    assert taps == 3

    # Back at Start the same invitation is refused, plainly.
    click(qtbot, window.finish.done)
    _type(qtbot, window, token)
    qtbot.waitUntil(lambda: window.notice.problem is not None, timeout=10_000)
    assert window.notice.lead.text() == (
        "This invitation has already been used. Please see reception."
    )


def test_with_the_nda_on_file_two_taps_print_the_badge(qtbot, make_kiosk, demo_app, spool):
    app = demo_app.app
    window = make_kiosk()
    first = _invite(app)
    _type(qtbot, window, first)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.invited, timeout=10_000)
    click(qtbot, window.invited.confirm)
    click(qtbot, window.media.next)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.agreement, timeout=10_000)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    click(qtbot, window.finish.done)

    second = _invite(app)  # the same person invited again
    _type(qtbot, window, second)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.invited, timeout=10_000)
    click(qtbot, window.invited.confirm)
    click(qtbot, window.media.next)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    assert _visit(app, second) == ("on_site", True)
    assert len(list(spool.glob("*.pdf"))) == 2


def test_not_me_forgets_the_invitation(qtbot, make_kiosk, demo_app):
    token = _invite(demo_app.app)
    window = make_kiosk()
    _type(qtbot, window, token)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.invited, timeout=10_000)
    click(qtbot, window.invited.not_me)
    assert window.stack.currentWidget() is window.start
    assert window.invited.preview is None and window._invitation is None
    assert _visit(demo_app.app, token) == ("expected", False)
