"""`vartio door …`, `escort …`, `employee badge` and `visit zone …`: the G1 door from the
command line, driven through ``admin.cli.main`` on a demo database."""

import json

import pytest
from sqlalchemy import select

from admin.cli import main
from core.app import open_app
from core.checkin import check_in
from core.permissions import Actor
from db.models import OutboxJob, Visit
from tests.core.helpers import site_id, walk_in

ROOM = "Equipment room"


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "v.db")
    assert main(["--db", path, "--json", "demo"]) == 0
    capsys.readouterr()
    return path


def run(capsys, db, *args):
    """(exit status, stdout, stderr) of `vartio --db DB ARGS`."""
    status = main(["--db", db, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def ok(capsys, db, *args):
    status, out, err = run(capsys, db, "--json", *args)
    assert status == 0, err
    result = json.loads(out)
    assert result["ok"] is True
    return result


def refused(capsys, db, *args):
    status, out, err = run(capsys, db, "--json", *args)
    assert status == 1, out
    result = json.loads(out)
    assert result["ok"] is False and err.startswith("vartio: ")
    return result, err


@pytest.fixture
def visitor(db):
    """A walk-in at hel, on site, without the equipment room: (visit id, badge token)."""
    app = open_app(db)
    try:
        done = check_in(app.uow(), Actor.kiosk(site_id(app)), walk_in(app))
        with app.uow() as uow:
            return done.visit_id, uow.session.get(OutboxJob, done.badge_job_id).secret
    finally:
        app.close()


@pytest.fixture
def escort(capsys, db, tmp_path):
    """Korhonen, authorised for the room in the demo: (employee id, new badge token)."""
    listed = ok(capsys, db, "escort", "list", "--site", "hel")
    [korhonen] = [e for e in listed["escorts"] if e["employee"] == "Mikko Korhonen"]
    assert korhonen["zone"] == ROOM
    qr = tmp_path / "badge.svg"
    badge = ok(capsys, db, "employee", "badge", "--employee", korhonen["employee_id"],
               "--qr", str(qr))  # fmt: skip
    assert badge["qr"] == str(qr) and b"<svg" in qr.read_bytes()
    return korhonen["employee_id"], badge["token"]


def check(capsys, db, token, escort_token, *extra):
    return run(capsys, db, *extra, "door", "check", "--site", "hel", "--zone", ROOM,
               "--visitor", token, "--escort", escort_token)  # fmt: skip


def test_zone_added_to_the_visit_opens_the_door_then_exit_inside_and_log(
    capsys, db, visitor, escort
):
    visit_id, token = visitor
    employee_id, escort_token = escort
    assert ok(capsys, db, "door", "zones", "--site", "hel")["zones"][0]["name"] == ROOM
    status, out, err = check(capsys, db, token, escort_token, "--json")
    assert status == 1 and json.loads(out)["reason"] == "zone_not_on_visit"
    assert "This zone is not on the visit." in err

    added = ok(capsys, db, "visit", "zone", "add", "--visit", visit_id, "--zone", ROOM)
    assert ROOM in [z["name"] for z in added["zones"]] and added["escort_required"]
    again = ok(capsys, db, "visit", "zone", "add", "--visit", visit_id, "--zone", ROOM)
    assert again == added
    status, out, _err = run(capsys, db, "visit", "zone", "list", "--visit", visit_id)
    assert status == 0 and ROOM in out

    status, out, _err = check(capsys, db, token, escort_token)
    assert status == 0 and "Entry allowed." in out and "Mikko Korhonen" in out
    inside = ok(capsys, db, "door", "inside", "--site", "hel", "--zone", ROOM)
    assert [r["visit_id"] for r in inside["inside"]] == [visit_id]
    assert inside["inside"][0]["escort_id"] == employee_id

    _result, err = refused(capsys, db, "visit", "zone", "remove", "--visit", visit_id,
                           "--zone", ROOM)  # fmt: skip
    assert "inside Equipment room" in err
    left = ok(capsys, db, "door", "exit", "--site", "hel", "--zone", ROOM, "--visitor", token)
    assert left["was_inside"] and left["visit_id"] == visit_id
    status, out, _err = run(capsys, db, "door", "inside", "--site", "hel", "--zone", ROOM)
    assert status == 0 and "Nobody is inside" in out

    log = ok(capsys, db, "door", "log", "--site", "hel")["events"]
    assert [(e["direction"], e["reason"]) for e in log] == [
        ("out", "exit"),
        ("in", "allowed"),
        ("in", "zone_not_on_visit"),
    ]
    assert {e["visit_id"] for e in log} == {visit_id} and log[1]["escort_id"] == employee_id
    assert "Kaisa" not in json.dumps(log) and "Korhonen" not in json.dumps(log)
    zoned = ok(capsys, db, "door", "log", "--site", "hel", "--zone", "Lobby")
    assert zoned["events"] == []
    later = ok(capsys, db, "door", "log", "--site", "hel", "--since", "2999-01-01T00:00")
    assert later["events"] == []
    status, out, _err = run(capsys, db, "door", "log", "--site", "hel")
    assert status == 0 and "REFUSED" in out and "zone_not_on_visit" in out


def test_revoked_escort_is_refused(capsys, db, visitor, escort):
    visit_id, token = visitor
    employee_id, escort_token = escort
    ok(capsys, db, "visit", "zone", "add", "--visit", visit_id, "--zone", ROOM)
    revoked = ok(capsys, db, "escort", "revoke", "--site", "hel", "--zone", ROOM,
                 "--employee", employee_id)  # fmt: skip
    assert revoked["revoked"]
    status, out, err = check(capsys, db, token, escort_token, "--json")
    result = json.loads(out)
    assert status == 1 and result["ok"] is False and result["allowed"] is False
    assert result["reason"] == "escort_not_authorised" and "may not escort" in err
    refused(capsys, db, "escort", "revoke", "--site", "hel", "--zone", ROOM,
            "--employee", employee_id)  # fmt: skip
    granted = ok(capsys, db, "escort", "authorise", "--site", "hel", "--zone", ROOM,
                 "--employee", employee_id)  # fmt: skip
    assert granted["authorisation_id"]
    assert check(capsys, db, token, escort_token)[0] == 0


def test_invite_with_zones(capsys, db):
    invited = ok(capsys, db, "visit", "invite", "--site", "hel", "--host", "Aino Laine",
                 "--first", "Pekka", "--last", "Puupää", "--purpose", "maintenance",
                 "--phone", "+358 40 1", "--date", "2030-01-02", "--zone", ROOM,
                 "--zone", "Lobby")  # fmt: skip
    zones = ok(capsys, db, "visit", "zone", "list", "--visit", invited["visit_id"])
    assert [z["name"] for z in zones["zones"]] == [ROOM, "Lobby"]
    _result, err = refused(capsys, db, "visit", "invite", "--site", "hel", "--host",
                           "Aino Laine", "--first", "P", "--last", "Q", "--purpose", "meeting",
                           "--phone", "1", "--date", "2030-01-02",
                           "--zone", "Key store")  # fmt: skip
    assert "no zone called Key store" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("door", "zones", "--site", "nope"), "nope"),
        (("door", "inside", "--site", "hel", "--zone", "Attic"), "no zone called Attic"),
        (("door", "log", "--site", "hel", "--since", "yesterday"), "--since"),
        (("door", "log", "--site", "hel", "--limit", "0"), "between 1 and 1000"),
        (("door", "exit", "--site", "hel", "--zone", ROOM, "--visitor", "P<FIN"), "not a badge"),
        (("door", "exit", "--site", "hel", "--zone", ROOM, "--visitor", "x" * 27), "not a valid"),
        (
            (
                "door",
                "check",
                "--site",
                "hel",
                "--zone",
                ROOM,
                "--visitor",
                "x" * 27,
                "--escort",
                "hello",
            ),
            "escort's scan",
        ),
        (
            ("escort", "authorise", "--site", "hel", "--zone", "Lobby", "--employee", "x"),
            "no such employee",
        ),
        (("employee", "badge", "--employee", "nobody"), "no such employee"),
        (("visit", "zone", "list", "--visit", "nope"), "no such visit"),
    ],
)
def test_bad_input_is_a_clear_message(capsys, db, args, needle):
    status, _out, err = run(capsys, db, *args)
    assert status == 1 and needle in err


def test_the_demo_visit_ended_keeps_its_zones(capsys, db):
    app = open_app(db)
    try:
        with app.uow() as uow:
            visit = uow.session.scalars(select(Visit)).first()
            visit.status = "cancelled"
            visit_id = visit.id
            uow.commit()
    finally:
        app.close()
    _result, err = refused(capsys, db, "visit", "zone", "add", "--visit", visit_id,
                           "--zone", ROOM)  # fmt: skip
    assert "ended" in err


def test_a_badge_token_that_begins_with_a_dash_is_read_as_the_scan():
    from admin.cli_door import glue_scans

    argv = ["door", "check", "--visitor", "-abcDEF", "--escort", "--x", "--zone", "Z"]
    assert glue_scans(argv) == [
        "door", "check", "--visitor=-abcDEF", "--escort=--x", "--zone", "Z"
    ]  # fmt: skip
    assert glue_scans(["door", "exit", "--visitor"]) == ["door", "exit", "--visitor"]


def test_a_dash_token_reaches_the_door_check(capsys, db, visitor, escort):
    from core.security import token_hash
    from db.models import Badge

    visit_id, _token = visitor
    dash = "-" + "A" * 26  # a token may begin with "-" (URL-safe base64)
    app = open_app(db)
    try:
        with app.uow() as uow:
            badge = uow.session.scalars(select(Badge).where(Badge.visit_id == visit_id)).one()
            badge.token_hash = token_hash(dash)
            uow.commit()
    finally:
        app.close()
    status, out, _err = check(capsys, db, dash, escort[1], "--json")
    # Read as the visitor's scan and decided, not a usage error (exit 2).
    assert status == 1 and json.loads(out)["reason"] == "zone_not_on_visit"
