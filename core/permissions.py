"""Who may do what, where: role x permission x site scope. Every service asks ``require``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.errors import PermissionDenied
from core.messages import N_, Message


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    HR = "hr"
    SECURITY = "security"
    RECEPTION = "reception"


class Permission(StrEnum):
    SELF_CHECK_IN = "self_check_in"  # the kiosk acting for a visitor at its own site
    SELF_CHECK_OUT = "self_check_out"  # the kiosk checking out the holder of a badge
    SEARCH_HOSTS = "search_hosts"
    READ_SITE = "read_site"
    MANAGE_VISITS = "manage_visits"
    VIEW_VISITOR_DATA = "view_visitor_data"
    PRINT_BADGES = "print_badges"
    DOOR_CHECK = "door_check"
    LEAVE_KIOSK = "leave_kiosk"  # close the locked kiosk program with one's own PIN
    MANAGE_AGREEMENTS = "manage_agreements"
    MANAGE_OFFBOARDING = "manage_offboarding"
    MANAGE_USERS = "manage_users"
    MANAGE_SITES = "manage_sites"
    VIEW_AUDIT = "view_audit"
    MANAGE_DENY_LIST = "manage_deny_list"  # K11: add, list and deactivate deny-list entries
    MANAGE_ESCORTS = "manage_escorts"  # G1: who may escort into a zone; employee badges


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission)
    - {Permission.SELF_CHECK_IN, Permission.SELF_CHECK_OUT},
    Role.HR: frozenset(
        {
            Permission.READ_SITE,
            Permission.SEARCH_HOSTS,
            Permission.MANAGE_AGREEMENTS,
            Permission.MANAGE_OFFBOARDING,
        }
    ),
    Role.SECURITY: frozenset(
        {
            Permission.READ_SITE,
            Permission.SEARCH_HOSTS,
            Permission.MANAGE_VISITS,
            Permission.VIEW_VISITOR_DATA,
            Permission.PRINT_BADGES,
            Permission.DOOR_CHECK,
            Permission.VIEW_AUDIT,
            Permission.LEAVE_KIOSK,
            Permission.MANAGE_DENY_LIST,
            Permission.MANAGE_ESCORTS,
        }
    ),
    Role.RECEPTION: frozenset(
        {
            Permission.READ_SITE,
            Permission.SEARCH_HOSTS,
            Permission.MANAGE_VISITS,
            Permission.VIEW_VISITOR_DATA,
            Permission.PRINT_BADGES,
        }
    ),
}

KIOSK_PERMISSIONS = frozenset(
    {
        Permission.SELF_CHECK_IN,
        Permission.SELF_CHECK_OUT,
        Permission.SEARCH_HOSTS,
        Permission.READ_SITE,
        Permission.PRINT_BADGES,
    }
)


class DenyReason(StrEnum):
    INACTIVE = "inactive"
    NO_PERMISSION = "no_permission"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Actor:
    """Who is acting: a person's account, a kiosk bound to one site, or the operator's CLI."""

    kind: str  # "user" | "kiosk" | "system"
    id: str
    roles: frozenset[Role] = frozenset()
    site_ids: frozenset[str] = frozenset()
    all_sites: bool = False
    active: bool = True

    @classmethod
    def kiosk(cls, site_id: str, kiosk_id: str = "kiosk") -> Actor:
        return cls(kind="kiosk", id=f"{kiosk_id}@{site_id}", site_ids=frozenset({site_id}))

    @classmethod
    def system(cls, name: str = "cli") -> Actor:
        """The operator at the command line with local access to the database and keyring."""
        return cls(kind="system", id=name, roles=frozenset({Role.ADMINISTRATOR}), all_sites=True)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}"

    def permissions(self) -> frozenset[Permission]:
        if self.kind == "kiosk":
            return KIOSK_PERMISSIONS
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= ROLE_PERMISSIONS[role]
        return frozenset(granted)


def check(actor: Actor, permission: Permission, site_id: str | None) -> DenyReason | None:
    """None when allowed, else why not. ``site_id`` None means a question not tied to a site."""
    if not actor.active:
        return DenyReason.INACTIVE
    if permission not in actor.permissions():
        return DenyReason.NO_PERMISSION
    if site_id is not None and not actor.all_sites and site_id not in actor.site_ids:
        return DenyReason.OUT_OF_SCOPE
    return None


def granted_somewhere(actor: Actor, permission: Permission) -> bool:
    """Whether the actor has ``permission`` at any site (what to offer on screen; core still
    decides for each site)."""
    if actor.all_sites:
        return check(actor, permission, None) is None
    return any(check(actor, permission, site) is None for site in actor.site_ids)


_REASON_TEXT = {
    DenyReason.INACTIVE: N_("Your account is not active."),
    DenyReason.NO_PERMISSION: N_("Your role does not allow this."),
    DenyReason.OUT_OF_SCOPE: N_("This site is outside your assigned sites."),
}


def require(actor: Actor, permission: Permission, site_id: str | None) -> None:
    reason = check(actor, permission, site_id)
    if reason is not None:
        raise PermissionDenied(Message(_REASON_TEXT[reason]), reason=reason.value)


def require_all_sites(actor: Actor, permission: Permission) -> None:
    """Like ``require``, for an act that reaches every site: only all-sites scope may do it."""
    require(actor, permission, None)
    if not actor.all_sites:
        reason = DenyReason.OUT_OF_SCOPE
        raise PermissionDenied(Message(_REASON_TEXT[reason]), reason=reason.value)
