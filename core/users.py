"""User accounts: creation, password and PIN log-in with lockout. Accounts are per person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from core.clock import now
from core.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from core.messages import N_, Message
from core.permissions import Actor, Permission, Role, check, require
from core.security import hash_secret, verify_secret
from core.uow import UnitOfWork
from core.validation import check_text
from db.models import Site, UserAccount, UserRole, UserSite

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
PIN_DIGITS = (4, 8)


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    roles: tuple[Role, ...]
    site_codes: tuple[str, ...] = ()
    all_sites: bool = False
    pin: str | None = None
    display_name: str | None = None


def _validate(new: NewUser) -> dict[str, Message]:
    errors: dict[str, Message] = {}
    problem = check_text(new.username, Message(N_("a username")), True, 64)
    if problem:
        errors["username"] = problem
    elif not new.username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        errors["username"] = Message(N_("A username may contain letters, digits, . - and _."))
    if len(new.password) < MIN_PASSWORD:
        errors["password"] = Message(
            N_("The password must be at least {n} characters."), {"n": MIN_PASSWORD}
        )
    if new.pin is not None and not (
        new.pin.isdigit() and new.pin.isascii() and PIN_DIGITS[0] <= len(new.pin) <= PIN_DIGITS[1]
    ):
        errors["pin"] = Message(N_("A PIN is 4 to 8 digits."))
    if not new.roles:
        errors["roles"] = Message(N_("Give the account at least one role."))
    return errors


def create_user(uow: UnitOfWork, actor: Actor, new: NewUser) -> str:
    require(actor, Permission.MANAGE_USERS, None)
    errors = _validate(new)
    if errors:
        raise ValidationFailed(errors)
    with uow:
        session = uow.session
        if session.scalar(select(UserAccount.id).where(UserAccount.username == new.username)):
            raise ValidationFailed({"username": Message(N_("That username is already taken."))})
        sites = session.scalars(select(Site).where(Site.code.in_(new.site_codes))).all()
        missing = set(new.site_codes) - {s.code for s in sites}
        if missing:
            raise ValidationFailed(
                {"sites": Message(N_("Unknown site code: {code}."), {"code": sorted(missing)[0]})}
            )
        for site in sites:
            require(actor, Permission.MANAGE_USERS, site.id)
        account = UserAccount(
            username=new.username,
            password_hash=hash_secret(new.password),
            pin_hash=hash_secret(new.pin) if new.pin else None,
            roles=[UserRole(role=r.value) for r in new.roles],
            sites=[UserSite(site_id=s.id) for s in sites],
        )
        account.display_name = new.display_name
        session.add(account)
        uow.audit(
            actor,
            "user.create",
            subject_type="user",
            subject_id=account.id,
            details={
                "roles": sorted(r.value for r in new.roles),
                "sites": sorted(s.id for s in sites),
            },
        )
        uow.commit()
        return account.id


def actor_for(account: UserAccount) -> Actor:
    roles = frozenset(Role(r.role) for r in account.roles)
    return Actor(
        kind="user",
        id=account.id,
        roles=roles,
        site_ids=frozenset(s.site_id for s in account.sites),
        all_sites=False,
        active=account.active,
    )


_FAILED = Message(N_("Wrong username or password."))
_FAILED_PIN = Message(N_("Wrong username or PIN."))
_LOCKED = Message(N_("Too many failed attempts. Try again in {minutes} minutes."))


def _authenticate(uow: UnitOfWork, username: str, secret: str, pin: bool) -> Actor:
    failed = _FAILED_PIN if pin else _FAILED
    kind = "pin" if pin else "password"
    with uow:
        account = uow.session.scalars(
            select(UserAccount).where(UserAccount.username == username[:64])
        ).first()
        stored = None if account is None else (account.pin_hash if pin else account.password_hash)
        matched = verify_secret(stored, secret[:1024])
        if account is None:
            uow.audit(
                Actor.system("login"),
                "login.failed",
                details={"method": kind, "reason": "unknown user"},
            )
            uow.commit()
            raise AuthenticationFailed(failed)
        at = now()
        if account.locked_until is not None and account.locked_until > at:
            minutes = max(1, int((account.locked_until - at).total_seconds() // 60) + 1)
            uow.audit(
                actor_for(account),
                "login.refused_locked",
                subject_type="user",
                subject_id=account.id,
                details={"method": kind},
            )
            uow.commit()
            raise AuthenticationFailed(Message(_LOCKED.key, {"minutes": minutes}))
        if not matched or not account.active:
            account.failed_attempts += 1
            details: dict[str, object] = {"method": kind, "failures": account.failed_attempts}
            if account.failed_attempts >= MAX_FAILURES:
                account.locked_until = at + LOCKOUT
                account.failed_attempts = 0
                details["locked"] = True
            uow.audit(
                actor_for(account),
                "login.failed",
                subject_type="user",
                subject_id=account.id,
                details=details,
            )
            uow.commit()
            if details.get("locked"):
                raise AuthenticationFailed(
                    Message(_LOCKED.key, {"minutes": int(LOCKOUT.total_seconds() // 60)})
                )
            raise AuthenticationFailed(failed)
        account.failed_attempts = 0
        account.locked_until = None
        actor = actor_for(account)
        uow.audit(
            actor, "login", subject_type="user", subject_id=account.id, details={"method": kind}
        )
        uow.commit()
        return actor


def authenticate_password(uow: UnitOfWork, username: str, password: str) -> Actor:
    return _authenticate(uow, username, password, pin=False)


def authenticate_pin(uow: UnitOfWork, username: str, pin: str) -> Actor:
    return _authenticate(uow, username, pin, pin=True)


def _pin_at_site(
    new_uow: Callable[[], UnitOfWork],
    username: str,
    pin: str,
    site_id: str,
    permission: Permission,
    action: str,
    refusal: Message,
) -> Actor:
    """A person's own PIN, and ``permission`` at the site; granted or refused, audited."""
    actor = authenticate_pin(new_uow(), username, pin)
    reason = check(actor, permission, site_id)
    with new_uow() as uow:
        uow.audit(
            actor,
            action if reason is None else f"{action}_refused",
            subject_type="site",
            subject_id=site_id,
            site_id=site_id,
            details={} if reason is None else {"reason": reason.value},
        )
        uow.commit()
    if reason is not None:
        raise PermissionDenied(refusal, reason.value)
    return actor


def authorise_kiosk_exit(
    new_uow: Callable[[], UnitOfWork], username: str, pin: str, site_id: str
) -> Actor:
    """A guard's own PIN closes the locked kiosk at a site they may leave it at; audited."""
    return _pin_at_site(
        new_uow,
        username,
        pin,
        site_id,
        Permission.LEAVE_KIOSK,
        "kiosk.exit",
        Message(N_("This account may not close the kiosk at this site.")),
    )


def enter_guard_mode(
    new_uow: Callable[[], UnitOfWork], username: str, pin: str, site_id: str
) -> Actor:
    """A guard's own PIN opens guard mode on the kiosk of a site where they check doors (G1);
    every guard action afterwards is theirs. Audited, refusals too."""
    return _pin_at_site(
        new_uow,
        username,
        pin,
        site_id,
        Permission.DOOR_CHECK,
        "guard_mode.enter",
        Message(N_("This account may not use guard mode at this site.")),
    )


def confirm_pin(new_uow: Callable[[], UnitOfWork], actor: Actor, pin: str) -> Actor:
    """The acting person types their own PIN again before an act that needs it (G5: a door
    override). Failures count towards the account's lockout like any PIN log-in; the actor
    as it is now (roles, active) is returned. Only a person's account has a PIN."""
    account_id = actor.id if actor.kind == "user" else None
    with new_uow() as uow:
        account = uow.session.get(UserAccount, account_id) if account_id else None
        username = account.username if account is not None else None
    if username is None:
        raise AuthenticationFailed(Message(N_("Only a person's own account can do this.")))
    return authenticate_pin(new_uow(), username, pin)


def usernames(uow: UnitOfWork, labels: set[str]) -> dict[str, str]:
    """Actor labels ("user:<id>") mapped to their accounts' usernames, for showing who did
    something; other labels (kiosk, cli) map to themselves. Inside an open unit of work."""
    ids = {label.removeprefix("user:") for label in labels if label.startswith("user:")}
    rows = uow.session.execute(
        select(UserAccount.id, UserAccount.username).where(UserAccount.id.in_(ids))
    )
    found = {account_id: username for account_id, username in rows}
    return {label: found.get(label.removeprefix("user:"), label) for label in labels}
