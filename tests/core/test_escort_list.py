"""The site's escort authorisations listed, on SQLite and PostgreSQL: revoked ones left out,
other sites' never shown, reading audited with a count."""

import pytest

from core.demo import seed
from core.errors import PermissionDenied
from core.escort_list import list_escorts
from core.escorts import revoke_escort
from core.permissions import Actor, Role
from tests.core.helpers import site_id
from tests.core.test_door import _user, employee, last_audit, zone_id

CLI = Actor.system("test")


@pytest.fixture
def seeded(app):
    seed(app.uow)
    return app


def test_current_authorisations_of_the_site_only(seeded):
    hel = site_id(seeded)
    found = list_escorts(seeded.uow(), CLI, hel)
    assert [(g.zone_name, g.employee_name) for g in found] == [
        ("Equipment room", "Mikko Korhonen"),
        ("Equipment room", "Sofia Lindqvist"),
    ]
    assert found[0].employee_id == employee(seeded, "Korhonen")
    assert found[0].zone_id == zone_id(seeded) and str(found[0].granted_at.tzinfo)
    entry = last_audit(seeded)
    assert entry.action == "escort.view_list" and entry.details == {"count": 2}
    revoke_escort(seeded.uow(), CLI, employee(seeded, "Korhonen"), zone_id(seeded))
    assert [g.employee_name for g in list_escorts(seeded.uow(), CLI, hel)] == ["Sofia Lindqvist"]
    esp = list_escorts(seeded.uow(), CLI, site_id(seeded, "esp"))
    assert [(g.zone_name, g.employee_name) for g in esp] == [("Key store", "Antti Heikkinen")]


def test_permissions(seeded):
    hel = site_id(seeded)
    before = last_audit(seeded)
    for actor in (
        _user(seeded, Role.RECEPTION, name="desk"),
        _user(seeded, Role.HR, name="hr"),
        _user(seeded, Role.SECURITY, sites=("esp",), name="espguard"),
    ):
        with pytest.raises(PermissionDenied):
            list_escorts(seeded.uow(), actor, hel)
    assert last_audit(seeded) == before
    assert list_escorts(seeded.uow(), _user(seeded, Role.SECURITY), hel)
