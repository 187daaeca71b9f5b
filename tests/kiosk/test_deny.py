"""K11 at the kiosk: a deny-listed visitor sees only what a visitor whose badge did not print
sees, while nothing is printed or sent and the guard gets an alert."""

from sqlalchemy import select

from core.alerts import DENY_LIST
from core.denylist import add_entry
from core.messages import Message
from core.permissions import Actor
from core.printing import PrintFailed
from db.models import Alert, OutboxJob, Visit
from kiosk.screens.finish import State
from tests.kiosk.conftest import click, fill_form, read_to_end, sign, to_agreement, to_form


class JammedPrinter:
    def print_pdf(self, pdf, job_name):
        raise PrintFailed(Message("The printer did not accept the badge."), "jammed")


def _check_in(qtbot, window, first_name: str) -> list[str]:
    to_form(qtbot, window)
    fill_form(qtbot, window, first_name)
    to_agreement(qtbot, window)
    read_to_end(qtbot, window)
    sign(qtbot, window.agreement.pad)
    click(qtbot, window.agreement.finish)
    qtbot.waitUntil(lambda: window.finish.state is State.DONE, timeout=30_000)
    finish = window.finish
    return [finish.icon.text(), finish.title.text()] + [
        line.text() for line in finish.lines if line.isVisible()
    ]


def test_a_deny_listed_walk_in_is_held_and_looks_like_a_badge_that_did_not_print(
    qtbot, make_kiosk, demo_app, spool
):
    app = demo_app.app
    jammed = _check_in(qtbot, make_kiosk(printer=JammedPrinter()), "Kaija")
    # Another name, so the agreement is asked again (K6) and the two runs go the same way.
    add_entry(app.uow(), Actor.system(), "kaisa ", " TESTINEN", reason="Not to be let in")

    shown = _check_in(qtbot, make_kiosk(), "Kaisa")

    assert jammed == ["✓", "Thank you, Kaija.", "Please see reception."]
    assert shown == ["✓", "Thank you, Kaisa.", "Please see reception."]
    assert not spool.exists() or not list(spool.iterdir())
    with app.uow() as uow:
        visit = uow.session.scalars(select(Visit).where(Visit.status == "held")).one()
        jobs = uow.session.scalars(select(OutboxJob)).all()
        assert all(job.payload.get("visit_id") != visit.id for job in jobs)
        alert = uow.session.scalars(select(Alert).where(Alert.visit_id == visit.id)).one()
        assert alert.kind == DENY_LIST and alert.acknowledged_at is None
