"""G5: a guard lets a visitor in over a refusal at the door, by their own PIN, with a reason.

The override answers one refused decision from the door log, within a few minutes of it: the
guard vouches for the one fact behind the refusal (``core.door_policy.decide_override``), and
the facts are read again now, so anything else wrong — the visitor put on the deny list a
moment ago, the visit ended — still refuses. The entry is logged as allowed with the reason
``override`` and audited with the refusal it answers and the guard's reason code (no free
text, so the audit chain holds nothing that describes a person).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select

from core.clock import now
from core.door import IN, DoorResult, door_facts, door_result, log_door_event
from core.door_policy import REASON_TEXT, Decision, DoorReason, decide_override
from core.errors import NotFound, VartioError
from core.escorts import get_zone
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.uow import UnitOfWork
from core.users import confirm_pin
from db.models import Badge, DoorEvent, Employee, Visit

OVERRIDE_WINDOW = timedelta(minutes=5)


class OverrideReason(StrEnum):
    BADGE_FAULT = "badge_fault"
    APPROVED_BY_MANAGER = "approved_by_manager"
    EMERGENCY = "emergency"
    OTHER = "other"


OVERRIDE_REASON_TEXT = {
    OverrideReason.BADGE_FAULT: N_("The badge or the scanner does not work"),
    OverrideReason.APPROVED_BY_MANAGER: N_("Approved by the zone's manager"),
    OverrideReason.EMERGENCY: N_("Emergency repair or safety"),
    OverrideReason.OTHER: N_("Other reason"),
}


class NotOverridable(VartioError):
    """This refusal cannot be overridden (now); the message says why."""


def _refusal(uow: UnitOfWork, event_id: str) -> DoorEvent:
    event = uow.session.get(DoorEvent, event_id) if event_id else None
    if event is None:
        raise NotFound(Message(N_("There is no such door decision.")))
    return event


def _newest_badge(uow: UnitOfWork, visit_id: str) -> Badge | None:
    return uow.session.scalars(
        select(Badge).where(Badge.visit_id == visit_id).order_by(Badge.issued_at.desc()).limit(1)
    ).first()


def _answered(uow: UnitOfWork, refused: DoorEvent) -> bool:
    """Something happened at this door for this visit after the refusal (an override, a new
    scan, an exit): the refusal is no longer the current answer."""
    later = uow.session.scalar(
        select(DoorEvent.id)
        .where(
            DoorEvent.zone_id == refused.zone_id,
            DoorEvent.visit_id == refused.visit_id,
            DoorEvent.at > refused.at,
        )
        .limit(1)
    )
    return later is not None


def override_door(
    new_uow: Callable[[], UnitOfWork],
    actor: Actor,
    event_id: str,
    reason: OverrideReason,
    pin: str,
) -> DoorResult:
    """Allow the entry refused by door event ``event_id``. The guard's PIN is checked first (a
    wrong PIN counts towards lockout); then NotFound, PermissionDenied or NotOverridable, with
    nothing written, or the allowed entry, logged and audited."""
    reason = OverrideReason(reason)
    actor = confirm_pin(new_uow, actor, pin)
    with new_uow() as uow:
        refused = _refusal(uow, event_id)
        zone = get_zone(uow, refused.zone_id)
        require(actor, Permission.DOOR_CHECK, zone.site_id)
        at = now()
        if refused.allowed or refused.direction != IN or refused.visit_id is None:
            raise NotOverridable(Message(N_("Only a refused visitor entry can be overridden.")))
        if refused.at < at - OVERRIDE_WINDOW or _answered(uow, refused):
            raise NotOverridable(Message(N_("This refusal is no longer current. Scan again.")))
        visit = uow.session.get(Visit, refused.visit_id)
        escort = (
            uow.session.get(Employee, refused.escort_employee_id)
            if refused.escort_employee_id
            else None
        )
        assert visit is not None
        badge = _newest_badge(uow, visit.id)
        facts = door_facts(uow, zone, badge, escort, at)
        decision = decide_override(facts, DoorReason(refused.reason))
        if not decision.allowed:
            raise NotOverridable(
                Message(
                    N_("This cannot be overridden: {reason}"),
                    {"reason": Message(REASON_TEXT[decision.reason])},
                )
            )
        entry = Decision(True, DoorReason.OVERRIDE)
        event = log_door_event(
            uow,
            actor,
            zone,
            IN,
            entry,
            at,
            visit.id,
            escort.id if escort is not None else None,
            action="door.override",
            extra={"overrides": refused.id, "refused": refused.reason, "why": reason.value},
        )
        result = door_result(zone, entry, event, at, visit, escort)
        uow.commit()
        return result
