from core.demo import seed
from core.hosts import search_hosts
from core.permissions import Actor
from tests.core.helpers import site_id


def test_only_active_employees_of_the_site_are_found(app):
    seed(app.uow)
    hel = site_id(app)
    kiosk = Actor.kiosk(hel)
    assert [m.name for m in search_hosts(app.uow(), kiosk, hel, "lind")] == ["Sofia Lindqvist"]
    assert search_hosts(app.uow(), kiosk, hel, "Nieminen") == []  # left the company
    assert search_hosts(app.uow(), kiosk, hel, "Emma") == []  # works in Espoo
    assert search_hosts(app.uow(), kiosk, hel, "") == []
    assert search_hosts(app.uow(), kiosk, hel, "a\x00") == []
    assert len(search_hosts(app.uow(), kiosk, hel, "l", limit=2)) == 2
