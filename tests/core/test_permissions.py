import itertools

import pytest

from core.errors import PermissionDenied
from core.permissions import ROLE_PERMISSIONS, Actor, DenyReason, Permission, Role, check, require


@pytest.mark.parametrize(("role", "permission"), list(itertools.product(Role, Permission)))
def test_role_grants_exactly_its_permissions_inside_scope_only(role, permission):
    actor = Actor(kind="user", id="u", roles=frozenset({role}), site_ids=frozenset({"s1"}))
    granted = permission in ROLE_PERMISSIONS[role]
    assert (check(actor, permission, "s1") is None) == granted
    expected_outside = DenyReason.OUT_OF_SCOPE if granted else DenyReason.NO_PERMISSION
    assert check(actor, permission, "s2") == expected_outside


def test_kiosk_may_check_in_only_at_its_own_site():
    kiosk = Actor.kiosk("s1")
    assert check(kiosk, Permission.SELF_CHECK_IN, "s1") is None
    assert check(kiosk, Permission.SELF_CHECK_IN, "s2") == DenyReason.OUT_OF_SCOPE
    assert check(kiosk, Permission.MANAGE_USERS, None) == DenyReason.NO_PERMISSION


def test_inactive_account_is_refused_everything():
    actor = Actor(kind="user", id="u", roles=frozenset(Role), all_sites=True, active=False)
    with pytest.raises(PermissionDenied) as caught:
        require(actor, Permission.READ_SITE, None)
    assert caught.value.reason == DenyReason.INACTIVE


def test_granted_somewhere_follows_roles_scope_and_activity():
    from core.permissions import Actor, Permission, Role, granted_somewhere

    def user(role, sites=("s1",), **kw):
        return Actor(kind="user", id="u", roles=frozenset({role}), site_ids=frozenset(sites), **kw)

    assert granted_somewhere(user(Role.SECURITY), Permission.DOOR_CHECK)
    assert not granted_somewhere(user(Role.HR), Permission.DOOR_CHECK)
    assert not granted_somewhere(user(Role.RECEPTION), Permission.DOOR_CHECK)
    assert not granted_somewhere(user(Role.SECURITY, sites=()), Permission.DOOR_CHECK)
    assert not granted_somewhere(user(Role.SECURITY, active=False), Permission.DOOR_CHECK)
    assert granted_somewhere(Actor.system(), Permission.DOOR_CHECK)
    assert granted_somewhere(user(Role.RECEPTION), Permission.MANAGE_VISITS)
