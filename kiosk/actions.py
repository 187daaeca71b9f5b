"""The kiosk's background work, as plain functions the task runner calls in a worker thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.app import App
from core.checkin import CheckInResult, WalkInRequest, check_in
from core.checkout import CheckOutResult, check_out
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


def check_in_and_print(
    app: App, actor: Actor, printer: Printer, request: WalkInRequest
) -> Finished:
    """Check the visitor in, then print the badge; a printing failure keeps the check-in."""
    result = check_in(app.uow(), actor, request)
    try:
        outcomes = deliver_pending(app.uow, printer, [result.badge_job_id])
    except Exception:  # the visit is committed; the job stays queued for reception to reprint
        log.exception("badge delivery failed for job %s", result.badge_job_id)
        return Finished(result, printed=False)
    printed = bool(outcomes) and all(outcome.ok for outcome in outcomes)
    problem = next((o.message for o in outcomes if not o.ok and o.message), None)
    return Finished(result, printed=printed, problem=problem)


def use_token(app: App, actor: Actor, token: str) -> CheckOutResult:
    """A badge's QR code shown at the kiosk: the visitor is leaving (K10)."""
    return check_out(app.uow(), actor, token)
