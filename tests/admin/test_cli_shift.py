"""`vartio handover …` and `vartio incident …`: the G4 log and reports from the command line."""

import json
from datetime import UTC, datetime

import pytest

from tests.admin.test_cli import env, ok_json, vartio  # noqa: F401 (env is a fixture)


@pytest.fixture
def db(env, tmp_path):  # noqa: F811
    path = str(tmp_path / "v.db")
    ok_json(vartio(env, "--db", path, "--json", "demo"))
    return path


def test_handover_add_and_list(env, db):  # noqa: F811
    done = ok_json(
        vartio(env, "--db", db, "--json", "handover", "add", "--site", "hel", "--incoming",
               "guard", "--open-items", "Door B2 alarm", "--keys", "Key 7", "--notes", "Quiet")
    )  # fmt: skip
    assert done["ok"] and done["incoming"] == "guard" and done["outgoing"] == "system:cli"
    listed = ok_json(vartio(env, "--db", db, "--json", "handover", "list", "--site", "hel"))
    assert [h["id"] for h in listed["handovers"]] == [done["id"]]
    assert listed["handovers"][0]["keys"] == "Key 7"
    text = vartio(env, "--db", db, "handover", "list", "--site", "hel")
    assert text.returncode == 0 and "Door B2 alarm" in text.stdout and "guard" in text.stdout
    empty = vartio(env, "--db", db, "handover", "list", "--site", "esp")
    assert empty.returncode == 0 and "No handovers" in empty.stdout


def test_incident_add_and_list(env, db):  # noqa: F811
    first = ok_json(
        vartio(env, "--db", db, "--json", "incident", "add", "--site", "hel", "--category",
               "safety", "--place", "Kitchen", "--description", "Water on the floor",
               "--at", "2026-01-02T10:00:00+02:00")
    )  # fmt: skip
    assert datetime.fromisoformat(first["occurred_at"]) == datetime(2026, 1, 2, 8, tzinfo=UTC)
    second = ok_json(
        vartio(env, "--db", db, "--json", "incident", "add", "--site", "hel", "--category",
               "information_security", "--place", "Machine room", "--description",
               "USB stick found", "--people", "Jussi K")
    )  # fmt: skip
    everything = ok_json(vartio(env, "--db", db, "--json", "incident", "list", "--site", "hel"))
    assert [i["id"] for i in everything["incidents"]] == [second["id"], first["id"]]
    by_text = ok_json(
        vartio(env, "--db", db, "--json", "incident", "list", "--site", "hel", "--text", "jussi")
    )
    assert [i["id"] for i in by_text["incidents"]] == [second["id"]]
    by_category = ok_json(
        vartio(env, "--db", db, "--json", "incident", "list", "--site", "hel", "--category",
               "safety")
    )  # fmt: skip
    assert [i["id"] for i in by_category["incidents"]] == [first["id"]]
    text = vartio(env, "--db", db, "incident", "list", "--site", "hel")
    assert text.returncode == 0 and "USB stick found" in text.stdout and "Kitchen" in text.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("handover", "add", "--site", "nope"), "nope"),
        (("handover", "add", "--site", "hel", "--incoming", "nobody-such"), "incoming"),
        (("handover", "list", "--site", "nope"), "nope"),
        (
            (
                "incident",
                "add",
                "--site",
                "hel",
                "--category",
                "party",
                "--place",
                "x",
                "--description",
                "y",
            ),
            "category",
        ),
        (
            (
                "incident",
                "add",
                "--site",
                "hel",
                "--category",
                "other",
                "--place",
                "x",
                "--description",
                " ",
            ),
            "description",
        ),
        (
            (
                "incident",
                "add",
                "--site",
                "hel",
                "--category",
                "other",
                "--place",
                "x",
                "--description",
                "y",
                "--at",
                "yesterday",
            ),
            "--at",
        ),
        (("incident", "list", "--site", "hel", "--category", "party"), "category"),
    ],
)
def test_bad_input_is_exit_1_with_a_message(env, db, args, needle):  # noqa: F811
    proc = vartio(env, "--db", db, "--json", *args)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and proc.stderr
    body = json.loads(proc.stdout)
    assert body["ok"] is False and needle in body["error"]


def test_usage_errors_are_exit_2(env, db):  # noqa: F811
    assert vartio(env, "--db", db, "handover").returncode == 2
    assert vartio(env, "--db", db, "handover", "list").returncode == 2
    assert vartio(env, "--db", db, "incident", "add", "--site", "hel").returncode == 2


def test_handovers_keep_their_lines_and_are_searched_by_text(env, db):  # noqa: F811
    ok_json(vartio(env, "--db", db, "--json", "handover", "add", "--site", "hel",
                   "--notes", "Door B2 alarm\nTechnician due 10:00"))  # fmt: skip
    ok_json(vartio(env, "--db", db, "--json", "handover", "add", "--site", "hel", "--keys", "7"))
    found = ok_json(
        vartio(env, "--db", db, "--json", "handover", "list", "--site", "hel", "--text", "b2")
    )["handovers"]
    assert [h["notes"] for h in found] == ["Door B2 alarm\nTechnician due 10:00"]
