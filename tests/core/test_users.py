import pytest
from sqlalchemy import select

from core.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from core.permissions import Actor, Role
from core.users import (
    MAX_FAILURES,
    NewUser,
    authenticate_password,
    authenticate_pin,
    create_user,
    enter_guard_mode,
)
from db.models import AuditEntry, Site
from tests.core.helpers import site_id

ADMIN = Actor.system("test")


@pytest.fixture
def site(app):
    with app.uow() as uow:
        s = Site(code="hel", name="Helsinki")
        uow.session.add(s)
        uow.commit()
        return s.id


def _guard(app):
    return create_user(
        app.uow(),
        ADMIN,
        NewUser("guard.anna", "correct horse battery", (Role.SECURITY,), ("hel",), pin="2468"),
    )


def test_login_gives_actor_with_roles_and_sites(app, site):
    _guard(app)
    actor = authenticate_password(app.uow(), "guard.anna", "correct horse battery")
    assert actor.roles == {Role.SECURITY} and actor.site_ids == {site}
    assert authenticate_pin(app.uow(), "guard.anna", "2468").id == actor.id


def test_lockout_after_five_failures_even_with_right_password(app, site):
    _guard(app)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthenticationFailed, match="Wrong"):
            authenticate_pin(app.uow(), "guard.anna", "0000")
    with pytest.raises(AuthenticationFailed, match="Too many"):
        authenticate_pin(app.uow(), "guard.anna", "0000")
    with pytest.raises(AuthenticationFailed, match="Too many"):
        authenticate_pin(app.uow(), "guard.anna", "2468")
    with app.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("login.failed") == MAX_FAILURES
    assert "login.refused_locked" in actions


def test_unknown_user_fails_like_a_wrong_password(app, site):
    with pytest.raises(AuthenticationFailed, match="Wrong username or password"):
        authenticate_password(app.uow(), "nobody", "x" * 12)


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (NewUser("a b", "long enough pass", (Role.HR,)), "username"),
        (NewUser("ok", "short", (Role.HR,)), "password"),
        (NewUser("ok", "long enough pass", (Role.HR,), pin="12a4"), "pin"),
        (NewUser("ok", "long enough pass", ()), "roles"),
        (NewUser("ok", "long enough pass", (Role.HR,), ("nowhere",)), "sites"),
    ],
)
def test_bad_accounts_are_refused_with_a_field_message(app, site, new, field):
    with pytest.raises(ValidationFailed) as caught:
        create_user(app.uow(), ADMIN, new)
    assert field in caught.value.errors


def test_reception_may_not_create_accounts(app, site):
    reception = Actor(
        kind="user", id="r", roles=frozenset({Role.RECEPTION}), site_ids=frozenset({site})
    )
    with pytest.raises(PermissionDenied):
        create_user(app.uow(), reception, NewUser("x", "long enough pass", (Role.HR,)))


def test_username_is_unique(app, site):
    _guard(app)
    with pytest.raises(ValidationFailed, match="taken"):
        _guard(app)


def test_only_a_guard_of_this_site_may_close_the_kiosk(app, site):
    from core.users import authorise_kiosk_exit

    _guard(app)
    create_user(
        app.uow(),
        ADMIN,
        NewUser("hr.eeva", "correct horse battery", (Role.HR,), ("hel",), pin="1357"),
    )
    assert authorise_kiosk_exit(app.uow, "guard.anna", "2468", site).id
    with pytest.raises(PermissionDenied, match="may not close the kiosk"):
        authorise_kiosk_exit(app.uow, "hr.eeva", "1357", site)
    with pytest.raises(PermissionDenied):
        authorise_kiosk_exit(app.uow, "guard.anna", "2468", "another-site")
    with app.uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("kiosk.exit") == 1 and actions.count("kiosk.exit_refused") == 2


def test_guard_mode_needs_door_checks_at_the_site_and_is_audited(demo_app):
    app, info = demo_app.app, demo_app.info
    actor = enter_guard_mode(app.uow, info.guard_username, info.guard_pin, site_id(app))
    assert actor.kind == "user"
    with pytest.raises(PermissionDenied):
        enter_guard_mode(app.uow, info.guard_username, info.guard_pin, site_id(app, "esp"))
    with app.uow() as uow:
        actions = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("guard_mode.%"))
        ).all()
    assert actions == ["guard_mode.enter", "guard_mode.enter_refused"]
