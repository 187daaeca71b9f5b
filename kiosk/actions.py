"""The kiosk's background work, as plain functions the task runner calls in a worker thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.app import App
from core.checkin import CheckInResult, WalkInRequest, check_in
from core.checkout import CheckOutResult, check_out
from core.invitations import (
    InvitationLookup,
    InvitationProblem,
    check_in_invited,
    look_up_invitation,
)
from core.messages import Message
from core.outbox import deliver_pending
from core.permissions import Actor
from core.printing import Printer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finished:
    result: CheckInResult
    printed: bool
    problem: Message | None = None
    held: bool = False  # K11: the finish screen shows it exactly as a badge that did not print


def check_in_and_print(
    app: App, actor: Actor, printer: Printer, request: WalkInRequest
) -> Finished:
    """Check the visitor in, then print the badge; a printing failure keeps the check-in."""
    return _print_badge(app, printer, check_in(app.uow(), actor, request))


def check_in_invited_and_print(
    app: App, actor: Actor, printer: Printer, token: str, request: WalkInRequest
) -> Finished:
    """The invited visitor (K3): what the kiosk gathered (ID, media, photo, signature) comes
    in ``request``; who they are and whom they visit come from the invitation."""
    result = check_in_invited(
        app.uow(),
        actor,
        token,
        request.nda_template_id,
        request.signature_png,
        request.photo_png,
        id_document=request.id_document,
        carried_media=request.carried_media,
        nda_on_file=request.nda_on_file,
    )
    return _print_badge(app, printer, result)


def _print_badge(app: App, printer: Printer, result: CheckInResult) -> Finished:
    if result.held or result.badge_job_id is None:  # held by the deny list: nothing to deliver
        return Finished(result, printed=False, held=True)
    try:
        outcomes = deliver_pending(app.uow, printer, [result.badge_job_id])
    except Exception:  # the visit is committed; the job stays queued for reception to reprint
        log.exception("badge delivery failed for job %s", result.badge_job_id)
        return Finished(result, printed=False)
    printed = bool(outcomes) and all(outcome.ok for outcome in outcomes)
    problem = next((o.message for o in outcomes if not o.ok and o.message), None)
    return Finished(result, printed=printed, problem=problem)


def use_token(app: App, actor: Actor, token: str) -> CheckOutResult | InvitationLookup:
    """A token shown at Start: an invitation (K3) is looked up, read only; any other token is
    taken for a badge, whose holder is leaving (K10)."""
    lookup = look_up_invitation(app.uow(), actor, token)
    if lookup.problem is not InvitationProblem.UNKNOWN:
        return lookup
    return check_out(app.uow(), actor, token)
