"""Check-out by badge (K10): the visitor shows the badge's QR code at the kiosk as they leave.

The badge token is looked up by its hash; the visit ends, the badge counts as returned, and
an audit entry records it, in one transaction. Leaving is always recorded, even with a badge
whose day has ended: an expired badge opens no door (guard mode), but the log must show the
visitor left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from core.clock import now
from core.errors import NotFound, VartioError
from core.hosts import display_name
from core.messages import N_, Message
from core.permissions import Actor, Permission, require
from core.security import token_hash
from core.uow import UnitOfWork
from db.models import Badge, Visit

ON_SITE = "on_site"
CHECKED_OUT = "checked_out"
UNKNOWN_BADGE = Message(N_("This code is not a valid badge here. Please see reception."))


class AlreadyCheckedOut(VartioError):
    pass


@dataclass(frozen=True)
class CheckOutResult:
    visit_id: str
    visitor_first_name: str
    host_name: str
    checked_out_at: datetime


def find_badge(uow: UnitOfWork, token: str) -> Badge | None:
    """The badge whose token this is, inside an open unit of work. The token is never stored;
    its SHA-256 is unique, so the equality look-up does not reveal how close a guess came."""
    return uow.session.scalars(select(Badge).where(Badge.token_hash == token_hash(token))).first()


def check_out(uow: UnitOfWork, actor: Actor, token: str) -> CheckOutResult:
    """End the visit the badge belongs to. A kiosk may check out only visits at its own site."""
    permission = Permission.SELF_CHECK_OUT if actor.kind == "kiosk" else Permission.MANAGE_VISITS
    with uow:
        badge = find_badge(uow, token)
        visit: Visit | None = badge.visit if badge is not None else None
        if badge is None or visit is None or badge.revoked_at is not None:
            raise NotFound(UNKNOWN_BADGE)
        require(actor, permission, visit.site_id)
        if visit.status != ON_SITE:
            raise AlreadyCheckedOut(
                Message(N_("You have already checked out. Thank you for visiting."))
            )
        at = now()
        visit.status, visit.checked_out_at = CHECKED_OUT, at
        if badge.returned_at is None:
            badge.returned_at = at
        uow.audit(
            actor,
            "visit.check_out",
            subject_type="visit",
            subject_id=visit.id,
            site_id=visit.site_id,
            details={"badge": badge.id, "badge_expired": badge.expires_at < at},
        )
        result = CheckOutResult(
            visit_id=visit.id,
            visitor_first_name=visit.visitor.first_name or "",
            host_name=display_name(visit.host),
            checked_out_at=at,
        )
        uow.commit()
        return result


class ManualReason(StrEnum):
    """Why a guard or the desk checked a visitor out by hand (G5); no free text, so the audit
    entry holds nothing that describes a person."""

    LEFT_WITHOUT_SCAN = "left_without_scan"
    BADGE_LOST = "badge_lost"
    EVACUATION = "evacuation"
    OTHER = "other"


MANUAL_REASON_TEXT = {
    ManualReason.LEFT_WITHOUT_SCAN: N_("Left without scanning the badge"),
    ManualReason.BADGE_LOST: N_("Badge lost"),
    ManualReason.EVACUATION: N_("Accounted for in an evacuation"),
    ManualReason.OTHER: N_("Other reason"),
}


def manual_check_out(
    uow: UnitOfWork, actor: Actor, visit_id: str, reason: ManualReason
) -> CheckOutResult:
    """End a visit without its badge (G5), by a person's own account, with a reason. The badge,
    not returned, is revoked so that it opens nothing if it turns up."""
    with uow:
        visit = uow.session.get(Visit, visit_id)
        if visit is None:
            raise NotFound(Message(N_("There is no such visit.")))
        require(actor, Permission.MANAGE_VISITS, visit.site_id)
        if visit.status != ON_SITE:
            raise AlreadyCheckedOut(Message(N_("This visitor is not on site.")))
        at = now()
        visit.status, visit.checked_out_at = CHECKED_OUT, at
        revoked = []
        for badge in uow.session.scalars(select(Badge).where(Badge.visit_id == visit.id)):
            if badge.returned_at is None and badge.revoked_at is None:
                badge.revoked_at = at
                revoked.append(badge.id)
        uow.audit(
            actor,
            "visit.manual_check_out",
            subject_type="visit",
            subject_id=visit.id,
            site_id=visit.site_id,
            details={"reason": ManualReason(reason).value, "revoked_badges": revoked},
        )
        result = CheckOutResult(
            visit_id=visit.id,
            visitor_first_name=visit.visitor.first_name or "",
            host_name=display_name(visit.host),
            checked_out_at=at,
        )
        uow.commit()
        return result
