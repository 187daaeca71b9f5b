"""Which sites an actor may pick, by permission and scope (SQLite and PostgreSQL)."""

import pytest

from core.demo import seed
from core.permissions import Actor, Permission, Role
from core.sites import sites_for
from tests.core.helpers import site_id


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def test_sites_follow_the_permission_and_the_actors_scope(seeded):
    hel = site_id(seeded, "hel")
    guard = Actor(kind="user", id="g", roles=frozenset({Role.SECURITY}), site_ids=frozenset({hel}))
    assert [s.code for s in sites_for(seeded.uow(), guard, Permission.DOOR_CHECK)] == ["hel"]
    hr = Actor(kind="user", id="h", roles=frozenset({Role.HR}), site_ids=frozenset({hel}))
    assert sites_for(seeded.uow(), hr, Permission.DOOR_CHECK) == []
    everywhere = sites_for(seeded.uow(), Actor.system(), Permission.DOOR_CHECK)
    assert {s.code for s in everywhere} == {"hel", "esp"}
    assert all(s.timezone for s in everywhere)
    gone = Actor(kind="user", id="x", roles=frozenset({Role.SECURITY}), active=False,
                 site_ids=frozenset({hel}))  # fmt: skip
    assert sites_for(seeded.uow(), gone, Permission.DOOR_CHECK) == []
