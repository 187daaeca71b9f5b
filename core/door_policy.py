"""G1: may this visitor go through this restricted zone's door with this escort? A pure rule.

[cn: 外来人员请勿入内; 除公司安排的管理人员可带公司客人…公司员工不得将非工作人员带入机房]
``decide`` looks only at plain facts the service (``core.door``) has read; it reads no
database and no clock, so it is tested as a table over every combination of the facts.

Entry is allowed only when the visit is active today (on site, its badge neither revoked,
returned nor expired), the visit is at the zone's site and the zone is on it, and the escort is
an active employee of that site, authorised to escort into that zone, who is not the visitor.

The checks run in this order and the first that fails is the reason given (REASON_ORDER):
what the guard must act on most urgently comes first, and a check about the visit comes before
a check about the escort, so an unknown badge is never reported as an escort problem.

1. ``zone_not_restricted``: this zone has no door check (a set-up mistake, not an entry).
2. ``unknown_badge``: the visitor's code is no badge here.
3. ``badge_revoked``: the badge was replaced (reprint) or withdrawn.
4. ``deny_list``: the visit is held by the deny list, or the visitor is on it now (K11).
5. ``visit_checked_out``: the visitor has left.
6. ``visit_not_active``: the visit is not on site for any other reason (expected, cancelled...).
7. ``badge_returned``: the badge was handed back.
8. ``badge_expired``: a badge of an earlier day (K10).
9. ``wrong_site``: the visit is at another site than the zone.
10. ``zone_not_on_visit``: the zone is not among the visit's zones.
11. ``unknown_escort``: the escort's code is no employee badge.
12. ``escort_is_visitor``: the escort is the visitor themself (same person by name index).
13. ``escort_left``: the escort has left the company.
14. ``escort_inactive``: the escort's employment is not active.
15. ``escort_other_site``: the escort is an employee of another site.
16. ``escort_not_authorised``: the escort may not escort into this zone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from core.messages import N_

ON_SITE = "on_site"
CHECKED_OUT = "checked_out"
HELD = "held"


class DoorReason(StrEnum):
    ALLOWED = "allowed"
    ZONE_NOT_RESTRICTED = "zone_not_restricted"
    UNKNOWN_BADGE = "unknown_badge"
    BADGE_REVOKED = "badge_revoked"
    DENY_LIST = "deny_list"
    VISIT_CHECKED_OUT = "visit_checked_out"
    VISIT_NOT_ACTIVE = "visit_not_active"
    BADGE_RETURNED = "badge_returned"
    BADGE_EXPIRED = "badge_expired"
    WRONG_SITE = "wrong_site"
    ZONE_NOT_ON_VISIT = "zone_not_on_visit"
    UNKNOWN_ESCORT = "unknown_escort"
    ESCORT_IS_VISITOR = "escort_is_visitor"
    ESCORT_LEFT = "escort_left"
    ESCORT_INACTIVE = "escort_inactive"
    ESCORT_OTHER_SITE = "escort_other_site"
    ESCORT_NOT_AUTHORISED = "escort_not_authorised"
    EXIT = "exit"  # a door-log entry for leaving the zone, never a decision
    OVERRIDE = "override"  # an entry a guard allowed over a refusal (G5), never a decision


# The order in which checks fail (first wins); ALLOWED, EXIT and OVERRIDE are no failures.
REASON_ORDER: tuple[DoorReason, ...] = tuple(
    r for r in DoorReason if r not in (DoorReason.ALLOWED, DoorReason.EXIT, DoorReason.OVERRIDE)
)

# What the guard's screen says for each reason.
REASON_TEXT: dict[DoorReason, str] = {
    DoorReason.ALLOWED: N_("Entry allowed."),
    DoorReason.ZONE_NOT_RESTRICTED: N_("This zone has no door check."),
    DoorReason.UNKNOWN_BADGE: N_("The visitor's code is not a valid badge here."),
    DoorReason.BADGE_REVOKED: N_("This badge has been withdrawn."),
    DoorReason.DENY_LIST: N_("Do not let this visitor in. Call the security desk."),
    DoorReason.VISIT_CHECKED_OUT: N_("This visitor has checked out."),
    DoorReason.VISIT_NOT_ACTIVE: N_("This visit is not active."),
    DoorReason.BADGE_RETURNED: N_("This badge has been returned."),
    DoorReason.BADGE_EXPIRED: N_("This badge has expired."),
    DoorReason.WRONG_SITE: N_("This visit is at another site."),
    DoorReason.ZONE_NOT_ON_VISIT: N_("This zone is not on the visit."),
    DoorReason.UNKNOWN_ESCORT: N_("The escort's code is not a valid employee badge."),
    DoorReason.ESCORT_IS_VISITOR: N_("A visitor cannot escort themself."),
    DoorReason.ESCORT_LEFT: N_("The escort has left the company."),
    DoorReason.ESCORT_INACTIVE: N_("The escort is not an active employee."),
    DoorReason.ESCORT_OTHER_SITE: N_("The escort works at another site."),
    DoorReason.ESCORT_NOT_AUTHORISED: N_("The escort may not escort visitors into this zone."),
    DoorReason.EXIT: N_("Exit recorded."),
    DoorReason.OVERRIDE: N_("Entry allowed by the guard's override."),
}


@dataclass(frozen=True)
class DoorFacts:
    """What the service read. Facts about something not found are ignored by the rule."""

    zone_restricted: bool
    badge_found: bool
    badge_revoked: bool
    visitor_denied: bool  # the visitor matches an active deny-list entry of the site now
    visit_status: str  # Visit.status: on_site, checked_out, held, expected, cancelled...
    badge_returned: bool
    badge_expired: bool
    visit_at_zone_site: bool
    zone_on_visit: bool
    escort_found: bool
    escort_is_visitor: bool
    escort_left: bool  # Employee.left_on is set and not after today
    escort_active: bool
    escort_at_zone_site: bool
    escort_authorised: bool  # an unrevoked EscortAuthorisation for this employee and zone


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: DoorReason

    @property
    def text(self) -> str:
        return REASON_TEXT[self.reason]


def _refuse(reason: DoorReason) -> Decision:
    return Decision(False, reason)


def decide(facts: DoorFacts) -> Decision:
    """Allow, or refuse with the first failing check's reason (see the module docstring)."""
    f = facts
    if not f.zone_restricted:
        return _refuse(DoorReason.ZONE_NOT_RESTRICTED)
    if not f.badge_found:
        return _refuse(DoorReason.UNKNOWN_BADGE)
    if f.badge_revoked:
        return _refuse(DoorReason.BADGE_REVOKED)
    if f.visitor_denied or f.visit_status == HELD:
        return _refuse(DoorReason.DENY_LIST)
    if f.visit_status == CHECKED_OUT:
        return _refuse(DoorReason.VISIT_CHECKED_OUT)
    if f.visit_status != ON_SITE:
        return _refuse(DoorReason.VISIT_NOT_ACTIVE)
    if f.badge_returned:
        return _refuse(DoorReason.BADGE_RETURNED)
    if f.badge_expired:
        return _refuse(DoorReason.BADGE_EXPIRED)
    if not f.visit_at_zone_site:
        return _refuse(DoorReason.WRONG_SITE)
    if not f.zone_on_visit:
        return _refuse(DoorReason.ZONE_NOT_ON_VISIT)
    if not f.escort_found:
        return _refuse(DoorReason.UNKNOWN_ESCORT)
    if f.escort_is_visitor:
        return _refuse(DoorReason.ESCORT_IS_VISITOR)
    if f.escort_left:
        return _refuse(DoorReason.ESCORT_LEFT)
    if not f.escort_active:
        return _refuse(DoorReason.ESCORT_INACTIVE)
    if not f.escort_at_zone_site:
        return _refuse(DoorReason.ESCORT_OTHER_SITE)
    if not f.escort_authorised:
        return _refuse(DoorReason.ESCORT_NOT_AUTHORISED)
    return Decision(True, DoorReason.ALLOWED)


# G5: the refusals a guard may override, and the facts the guard then vouches for. Each is
# something a person at the door can see for themself: a badge that ran out at midnight while
# the visit goes on, a zone the host forgot to add, an escort standing there whose badge does
# not scan. What the rule exists to stop — the deny list, an unknown or withdrawn badge, a visit
# that ended, an escort who left or may not escort here — is never overridden.
_WAIVED: dict[DoorReason, dict[str, Any]] = {
    DoorReason.BADGE_EXPIRED: {"badge_expired": False},
    DoorReason.ZONE_NOT_ON_VISIT: {"zone_on_visit": True},
    # Only reached when no escort was found, so the escort's other facts say nothing.
    DoorReason.UNKNOWN_ESCORT: {
        "escort_found": True,
        "escort_is_visitor": False,
        "escort_left": False,
        "escort_active": True,
        "escort_at_zone_site": True,
        "escort_authorised": True,
    },
}
OVERRIDABLE = frozenset(_WAIVED)


def decide_override(facts: DoorFacts, refused: DoorReason) -> Decision:
    """The decision when a guard overrides a refusal for ``refused``: allowed only when that is
    still the rule's answer, it may be overridden, and no other check fails once it is waived.
    Otherwise the refusal that stands, with its reason."""
    decision = decide(facts)
    if decision.allowed:
        return decision
    if decision.reason is not refused or refused not in _WAIVED:
        return decision
    return decide(replace(facts, **_WAIVED[refused]))
