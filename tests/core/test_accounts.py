"""A1/D5 accounts (SQLite and PostgreSQL): disable, reset a password (lockout lifted), change
one's own password; administrators of every site the account has; all audited."""

import pytest
from sqlalchemy import select

from core.accounts import change_own_password, disable_user, reset_password
from core.demo import seed
from core.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from core.users import authenticate_password
from db.models import AuditEntry, UserAccount
from tests.core.helpers import site_id


def user(role, *sites):
    return Actor(kind="user", id=role.value, roles=frozenset({role}), site_ids=frozenset(sites))


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def _actions(app):
    with app.uow() as uow:
        return uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()


def test_a_disabled_account_cannot_log_in(seeded):
    admin = user(Role.ADMINISTRATOR, site_id(seeded, "hel"))
    authenticate_password(seeded.uow(), "reception", "demo-reception-pass")
    disable_user(seeded.uow(), admin, "reception")
    with pytest.raises(AuthenticationFailed):
        authenticate_password(seeded.uow(), "reception", "demo-reception-pass")
    disable_user(seeded.uow(), admin, "reception")  # already: nothing more written
    assert _actions(seeded).count("user.disable") == 1


def test_reset_lifts_the_lockout_and_the_person_changes_it_again(seeded):
    admin = user(Role.ADMINISTRATOR, site_id(seeded, "hel"))
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            authenticate_password(seeded.uow(), "reception", "wrong password!")
    reset_password(seeded.uow(), admin, "reception", "temporary-pass-42")
    assert authenticate_password(seeded.uow(), "reception", "temporary-pass-42")
    change_own_password(seeded.uow, "reception", "temporary-pass-42", "my own secret 7")
    assert authenticate_password(seeded.uow(), "reception", "my own secret 7")
    with pytest.raises(AuthenticationFailed):
        change_own_password(seeded.uow, "reception", "not the old one", "another secret 8")
    with pytest.raises(ValidationFailed):
        change_own_password(seeded.uow, "reception", "my own secret 7", "short")
    assert {"user.reset_password", "user.change_password"} <= set(_actions(seeded))


def test_only_administrators_of_every_site_the_account_has(seeded):
    hel, esp = site_id(seeded, "hel"), site_id(seeded, "esp")
    for actor in (user(Role.HR, hel), user(Role.SECURITY, hel), user(Role.RECEPTION, hel),
                  user(Role.ADMINISTRATOR, esp)):  # fmt: skip
        with pytest.raises(PermissionDenied):
            disable_user(seeded.uow(), actor, "reception")  # a Helsinki account
        with pytest.raises(PermissionDenied):
            reset_password(seeded.uow(), actor, "reception", "temporary-pass-42")
    with pytest.raises(PermissionDenied):  # "hr" works at both sites
        disable_user(seeded.uow(), user(Role.ADMINISTRATOR, hel), "hr")
    with pytest.raises(NotFound):
        disable_user(seeded.uow(), Actor.system(), "nobody")
    with seeded.uow() as uow:
        admin_id = uow.session.scalar(select(UserAccount.id).where(UserAccount.username == "admin"))
    me = Actor(kind="user", id=admin_id, roles=frozenset({Role.ADMINISTRATOR}), all_sites=True)
    with pytest.raises(ValidationFailed):
        disable_user(seeded.uow(), me, "admin")
    assert authenticate_password(seeded.uow(), "reception", "demo-reception-pass")
