"""`vartio deny …` and `vartio alerts`: the deny list and open alerts from the command line."""

import json

import pytest

from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)


@pytest.fixture
def db(env, tmp_path):  # noqa: F811
    path = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", path, "--json", "demo"))
    return path


def test_add_list_remove(env, db):  # noqa: F811
    everywhere = ok_json(
        vartio(env, "--db", db, "--json", "deny", "add", "--first", "Eve", "--last", "Mallory",
               "--reason", "Tailgating")
    )  # fmt: skip
    assert everywhere["ok"] and everywhere["all_sites"] and not everywhere["company_restricted"]
    at_esp = ok_json(
        vartio(env, "--db", db, "deny", "add", "--first", "Bob", "--last", "X", "--company",
               "Acme", "--site", "esp", "--json")
    )  # fmt: skip
    assert at_esp["site"] == "esp" and at_esp["company_restricted"]
    at_hel = ok_json(vartio(env, "--db", db, "--json", "deny", "list", "--site", "hel"))
    assert [e["id"] for e in at_hel["entries"]] == [everywhere["id"]]
    listed = vartio(env, "--db", db, "deny", "list")
    assert listed.returncode == 0 and "Tailgating" in listed.stdout and "esp" in listed.stdout
    assert "Eve" not in listed.stdout and "Mallory" not in listed.stdout
    removed = ok_json(vartio(env, "--db", db, "--json", "deny", "remove", everywhere["id"]))
    assert removed["deactivated"] is True
    again = ok_json(vartio(env, "--db", db, "--json", "deny", "remove", everywhere["id"]))
    assert again["deactivated"] is False
    left = ok_json(vartio(env, "--db", db, "--json", "deny", "list"))
    assert [e["id"] for e in left["entries"]] == [at_esp["id"]]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("deny", "add", "--first", "", "--last", "X"), "first_name"),
        (("deny", "add", "--first", "A", "--last", "B", "--site", "nope"), "nope"),
        (("deny", "remove", "no-such-id"), "no such"),
        (("deny", "list", "--site", "nope"), "nope"),
        (("alerts", "--site", "nope"), "nope"),
    ],
)
def test_bad_input_is_exit_1_with_a_message(env, db, args, needle):  # noqa: F811
    proc = vartio(env, "--db", db, "--json", *args)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and proc.stderr
    body = json.loads(proc.stdout)
    assert body["ok"] is False and needle in body["error"]


def test_usage_errors_are_exit_2(env, db):  # noqa: F811
    assert vartio(env, "--db", db, "deny", "add", "--first", "A").returncode == 2
    assert vartio(env, "--db", db, "deny").returncode == 2


def test_alerts_shows_a_held_check_in(env, db):  # noqa: F811
    from core.app import open_app
    from core.checkin import WalkInRequest, check_in
    from core.hosts import search_hosts
    from core.permissions import Actor
    from tests.core.helpers import site_id

    assert ok_json(vartio(env, "--db", db, "--json", "alerts")) == {"ok": True, "alerts": []}
    ok_json(vartio(env, "--db", db, "--json", "deny", "add", "--first", "Eve", "--last", "M"))
    with pytest.MonkeyPatch.context() as patch:
        for key in ("PYTHON_KEYRING_BACKEND", "XDG_DATA_HOME"):
            patch.setenv(key, env[key])
        import keyring
        from keyrings.alt.file import PlaintextKeyring

        previous = keyring.get_keyring()
        keyring.set_keyring(PlaintextKeyring())
        try:
            app = open_app(db)
            site = site_id(app)
            host = search_hosts(app.uow(), Actor.kiosk(site), site, "Aino")[0].id
            request = WalkInRequest(
                site, "en", "Eve", "M", "", "eve@example.fi", "", host, "meeting"
            )
            result = check_in(app.uow(), Actor.kiosk(site), request)
            app.close()
        finally:
            keyring.set_keyring(previous)
    assert result.held
    shown = ok_json(vartio(env, "--db", db, "--json", "alerts", "--site", "hel"))["alerts"]
    assert [(a["kind"], a["visit_id"], a["site"]) for a in shown] == [
        ("deny_list", result.visit_id, "hel")
    ]
    assert ok_json(vartio(env, "--db", db, "--json", "alerts", "--site", "esp"))["alerts"] == []
    text = vartio(env, "--db", db, "alerts")
    assert text.returncode == 0 and "deny_list" in text.stdout and "Eve" not in text.stdout
