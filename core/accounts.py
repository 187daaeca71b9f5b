"""A1/D5: looking after accounts — an administrator disables one (a person who left) or sets a
new password for someone who forgot theirs; a person changes their own password. Accounts are
per person and never shared [cn: 工号不得外借或互换]; every change is audited."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from core.errors import NotFound, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, require, require_all_sites
from core.security import hash_secret
from core.uow import UnitOfWork
from core.users import MIN_PASSWORD, authenticate_password
from db.models import UserAccount


def _account(uow: UnitOfWork, actor: Actor, username: str) -> UserAccount:
    """The account, if the actor manages users at every site it has (all sites for one with
    none)."""
    account = uow.session.scalars(
        select(UserAccount).where(UserAccount.username == (username or "")[:64])
    ).first()
    if account is None:
        raise NotFound(
            Message(N_("There is no account with the username {username}."), {"username": username})
        )
    require(actor, Permission.MANAGE_USERS, None)
    if not account.sites:
        require_all_sites(actor, Permission.MANAGE_USERS)
    for link in account.sites:
        require(actor, Permission.MANAGE_USERS, link.site_id)
    return account


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(
            {
                "password": Message(
                    N_("The password must be at least {n} characters."), {"n": MIN_PASSWORD}
                )
            }
        )


def disable_user(uow: UnitOfWork, actor: Actor, username: str) -> str:
    """The account can no longer log in (kept for the record); returns its id. One's own
    account is disabled by another administrator."""
    with uow:
        account = _account(uow, actor, username)
        if actor.kind == "user" and actor.id == account.id:
            raise ValidationFailed(
                {"username": Message(N_("Ask another administrator to disable your account."))}
            )
        if account.active:
            account.active = False
            uow.audit(actor, "user.disable", subject_type="user", subject_id=account.id)
        uow.commit()
        return account.id


def reset_password(uow: UnitOfWork, actor: Actor, username: str, password: str) -> str:
    """An administrator sets a new password (the person changes it at their next log-in
    themself); the lockout is lifted. Audited."""
    _check_password(password)
    with uow:
        account = _account(uow, actor, username)
        account.password_hash = hash_secret(password)
        account.failed_attempts, account.locked_until = 0, None
        uow.audit(actor, "user.reset_password", subject_type="user", subject_id=account.id)
        uow.commit()
        return account.id


def change_own_password(
    new_uow: Callable[[], UnitOfWork], username: str, old: str, new: str
) -> None:
    """A person changes their own password: the old one proves it is them (a wrong one counts
    towards lockout like any log-in). Audited."""
    _check_password(new)
    if new == old:
        raise ValidationFailed(
            {"password": Message(N_("The new password must differ from the old one."))}
        )
    actor = authenticate_password(new_uow(), username, old)
    with new_uow() as uow:
        account = uow.session.get(UserAccount, actor.id)
        assert account is not None
        account.password_hash = hash_secret(new)
        uow.audit(actor, "user.change_password", subject_type="user", subject_id=account.id)
        uow.commit()
