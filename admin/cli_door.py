"""`vartio` commands of the equipment-room door (G1): check a visitor and escort in, record an
exit, who is inside, the door log; escort authorisations, employee badges and a visit's zones.
Sites are named by code and zones by name within the site; scans are the text a scanner typed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from admin.cli_base import CommandFailed, json_flag, open_installation


def _actor() -> Any:
    from core.permissions import Actor

    return Actor.system("cli")


def _site_and_zone(app: Any, args: argparse.Namespace) -> tuple[str, str | None]:
    from core.denylist import site_id_for
    from core.visit_zones import zone_id_for

    site_id = site_id_for(app.uow(), args.site)
    name = getattr(args, "zone", None)
    return site_id, zone_id_for(app.uow(), _actor(), site_id, name) if name else None


def _token(scan_text: str, who: str) -> str:
    from core.scans import ScanKind, read_scan

    scan = read_scan(scan_text)
    if scan.kind is not ScanKind.TOKEN or scan.token is None:
        raise CommandFailed(f"The {who}'s scan is not a badge code.")
    return scan.token


def cmd_door_zones(args: argparse.Namespace) -> dict[str, Any]:
    from core.door import door_zones

    app = open_installation(args)
    try:
        site_id, _ = _site_and_zone(app, args)
        zones = door_zones(app.uow(), _actor(), site_id)
    finally:
        app.close()
    return {"site": args.site, "zones": [{"id": z.id, "name": z.name} for z in zones]}


def _zones_text(result: dict[str, Any]) -> str:
    if not result["zones"]:
        return f"No zones with a door check at {result['site']}."
    return "\n".join(z["name"] for z in result["zones"])


def cmd_door_check(args: argparse.Namespace) -> dict[str, Any]:
    from core.door import check_door

    visitor, escort = _token(args.visitor, "visitor"), _token(args.escort, "escort")
    app = open_installation(args)
    try:
        _, zone_id = _site_and_zone(app, args)
        assert zone_id is not None
        decision = check_door(app.uow(), _actor(), zone_id, visitor, escort)
    finally:
        app.close()
    result = decision.as_dict()
    if not decision.allowed:
        raise CommandFailed(f"Refused: {result['message']} ({result['reason']})", result)
    return result


def _check_text(result: dict[str, Any]) -> str:
    lines = [f"{result['message']} ({result['zone']})"]
    lines.append(f"visitor: {result['visitor_first_name'] or '-'}  visit {result['visit_id']}")
    lines.append(f"escort: {result['escort_name'] or '-'}")
    if result["carried_media"]:
        carried = ", ".join(f"{k} x{v}" for k, v in result["carried_media"].items())
        lines.append(f"carrying: {carried}")
    return "\n".join(lines)


def cmd_door_exit(args: argparse.Namespace) -> dict[str, Any]:
    from core.door import record_exit

    visitor = _token(args.visitor, "visitor")
    app = open_installation(args)
    try:
        _, zone_id = _site_and_zone(app, args)
        assert zone_id is not None
        done = record_exit(app.uow(), _actor(), zone_id, visitor)
    finally:
        app.close()
    return {
        "event_id": done.event_id,
        "visit_id": done.visit_id,
        "zone": args.zone,
        "at": done.at.isoformat(),
        "was_inside": done.was_inside,
    }


def _exit_text(result: dict[str, Any]) -> str:
    note = "" if result["was_inside"] else " (the log did not show them inside)"
    return f"Exit from {result['zone']} recorded for visit {result['visit_id']}{note}."


def cmd_door_inside(args: argparse.Namespace) -> dict[str, Any]:
    from core.door import who_is_inside

    app = open_installation(args)
    try:
        _, zone_id = _site_and_zone(app, args)
        assert zone_id is not None
        rows = who_is_inside(app.uow(), _actor(), zone_id)
    finally:
        app.close()
    inside = [
        {
            "visit_id": r.visit_id,
            "visitor_first_name": r.visitor_first_name,
            "escort_id": r.escort_id,
            "escort_name": r.escort_name,
            "entered_at": r.entered_at.isoformat(),
            "visit_status": r.visit_status,
        }
        for r in rows
    ]
    return {"zone": args.zone, "inside": inside}


def _inside_text(result: dict[str, Any]) -> str:
    if not result["inside"]:
        return f"Nobody is inside {result['zone']}."
    return "\n".join(
        f"{r['entered_at'][11:16]}  {r['visitor_first_name']}  with {r['escort_name'] or '-'}"
        f"  visit {r['visit_id']}" + ("" if r["visit_status"] == "on_site" else "  (checked out)")
        for r in result["inside"]
    )


def _when(text: str | None, option: str) -> Any:
    """An ISO time; one without a zone is the site's local time (core.door_log)."""
    from datetime import datetime

    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise CommandFailed(
            f"Bad {option} time {text!r}: use ISO 8601, e.g. 2026-01-02T08:00."
        ) from None


def cmd_door_log(args: argparse.Namespace) -> dict[str, Any]:
    from core.door_log import door_log

    since, until = _when(args.since, "--since"), _when(args.until, "--until")
    app = open_installation(args)
    try:
        site_id, zone_id = _site_and_zone(app, args)
        entries = door_log(app.uow(), _actor(), site_id, zone_id, since, until, args.limit)
    finally:
        app.close()
    return {"site": args.site, "events": [e.as_dict() for e in entries]}


def _log_text(result: dict[str, Any]) -> str:
    if not result["events"]:
        return f"No door events at {result['site']}."
    return "\n".join(
        f"{e['at'][:19]}  {e['zone']}  {e['direction']:<3}  "
        f"{'allowed' if e['allowed'] else 'REFUSED'}  {e['reason']}  visit {e['visit_id'] or '-'}"
        f"  escort {e['escort_id'] or '-'}  by {e['guard']}"
        for e in result["events"]
    )


def cmd_escort(args: argparse.Namespace) -> dict[str, Any]:
    from core.escort_list import list_escorts
    from core.escorts import authorise_escort, revoke_escort

    app = open_installation(args)
    try:
        site_id, zone_id = _site_and_zone(app, args)
        if args.escort_cmd == "list":
            grants = list_escorts(app.uow(), _actor(), site_id)
            return {"site": args.site, "escorts": [g.as_dict() for g in grants]}
        assert zone_id is not None
        if args.escort_cmd == "authorise":
            grant = authorise_escort(app.uow(), _actor(), args.employee, zone_id)
            return {"employee_id": args.employee, "zone": args.zone, "authorisation_id": grant}
        revoked = revoke_escort(app.uow(), _actor(), args.employee, zone_id)
    finally:
        app.close()
    if not revoked:
        raise CommandFailed(f"The employee had no authorisation to escort into {args.zone}.")
    return {"employee_id": args.employee, "zone": args.zone, "revoked": True}


def _escort_text(result: dict[str, Any]) -> str:
    if "escorts" not in result:
        return "\n".join(f"{k}: {v}" for k, v in result.items())
    if not result["escorts"]:
        return f"Nobody may escort into a zone at {result['site']}."
    return "\n".join(
        f"{g['zone']}  {g['employee']}  ({g['employee_id']})  since {g['granted_at'][:10]}"
        for g in result["escorts"]
    )


def cmd_employee_badge(args: argparse.Namespace) -> dict[str, Any]:
    from core.escorts import issue_employee_badge

    app = open_installation(args)
    try:
        token = issue_employee_badge(app.uow(), _actor(), args.employee)
    finally:
        app.close()
    result: dict[str, Any] = {"employee_id": args.employee, "token": token}
    if args.qr:
        import segno

        try:
            segno.make(token, error="m").save(args.qr, scale=8)
        except (OSError, ValueError) as exc:
            raise CommandFailed(
                f"The badge was issued, but its QR code could not be written: {exc}. "
                "Note the token now: it is not shown again.",
                result,
            ) from None
        result["qr"] = args.qr
    return result


def _badge_text(result: dict[str, Any]) -> str:
    qr = f"\nQR code: {result['qr']}" if result.get("qr") else ""
    return f"New badge token (shown once; the old badge no longer works):\n{result['token']}{qr}"


def cmd_visit_zone(args: argparse.Namespace) -> dict[str, Any]:
    from core.visit_zones import add_visit_zone, remove_visit_zone, visit_zones

    app = open_installation(args)
    try:
        if args.visit_zone_cmd == "list":
            found = visit_zones(app.uow(), _actor(), args.visit)
        else:
            change = add_visit_zone if args.visit_zone_cmd == "add" else remove_visit_zone
            found = change(app.uow(), _actor(), args.visit, zone_name=args.zone)
    finally:
        app.close()
    return found.as_dict()


def _visit_zone_text(result: dict[str, Any]) -> str:
    names = [z["name"] + (" (door check)" if z["restricted"] else "") for z in result["zones"]]
    escort = "escort required" if result["escort_required"] else "no escort required"
    return f"Visit {result['visit_id']}: {', '.join(names) or 'no zones'}; {escort}."


def add_visit_zone_parser(visit: Any) -> None:
    """`vartio visit zone …`, under the visit commands of cli_desk."""
    zone = visit.add_parser("zone", help="the zones a visit may enter").add_subparsers(
        dest="visit_zone_cmd", required=True
    )
    for name, text in (
        ("add", "put a zone of the visit's site on the visit"),
        ("remove", "take a zone off the visit (not while the visitor is inside it)"),
        ("list", "the visit's zones"),
    ):
        command = zone.add_parser(name, help=text)
        json_flag(command)
        command.add_argument("--visit", required=True, help="the visit's id")
        if name != "list":
            command.add_argument("--zone", required=True, help="the zone's name at the site")


def _site_zone(parser: argparse.ArgumentParser, zone: bool | None) -> None:
    """--site, and --zone (True: required, None: optional, False: none)."""
    json_flag(parser)
    parser.add_argument("--site", required=True, help="site code")
    if zone is not False:
        parser.add_argument("--zone", required=bool(zone), help="the zone's name at the site")


SCAN_OPTIONS = ("--visitor", "--escort")


def glue_scans(argv: list[str]) -> list[str]:
    """A badge token is URL-safe base64 and may begin with "-", which argparse would take for
    an option: the value after a scan option is joined to it ("--visitor=-Ab…")."""
    glued: list[str] = []
    rest = iter(argv)
    for arg in rest:
        if arg in SCAN_OPTIONS:
            value = next(rest, None)
            glued.append(arg if value is None else f"{arg}={value}")
        else:
            glued.append(arg)
    return glued


def add_parsers(sub: Any) -> None:
    door = sub.add_parser("door", help="the restricted zones' doors (G1)").add_subparsers(
        dest="door_cmd", required=True
    )
    _site_zone(door.add_parser("zones", help="the site's zones with a door check"), False)
    check = door.add_parser("check", help="may this visitor go in with this escort? (logged)")
    _site_zone(check, True)
    check.add_argument("--visitor", required=True, help="the visitor's badge scan")
    check.add_argument("--escort", required=True, help="the escort's employee badge scan")
    leave = door.add_parser("exit", help="log the visitor leaving the zone")
    _site_zone(leave, True)
    leave.add_argument("--visitor", required=True, help="the visitor's badge scan")
    _site_zone(door.add_parser("inside", help="who is inside the zone now, with whom"), True)
    log = door.add_parser("log", help="the door log, newest first (no names)")
    _site_zone(log, None)
    log.add_argument("--since", help="ISO 8601 time (without a zone: the site's local time)")
    log.add_argument("--until", help="ISO 8601 time, exclusive")
    log.add_argument("--limit", type=int, default=200, help="at most this many rows (1-1000)")
    escort = sub.add_parser("escort", help="who may escort into a zone (G1)").add_subparsers(
        dest="escort_cmd", required=True
    )
    for name, text in (("authorise", "allow"), ("revoke", "no longer allow")):
        grant = escort.add_parser(name, help=f"{text} an employee to escort into a zone")
        _site_zone(grant, True)
        grant.add_argument("--employee", required=True, help="the employee's id")
    _site_zone(escort.add_parser("list", help="the site's current escort authorisations"), False)
    employee = sub.add_parser("employee", help="employees").add_subparsers(
        dest="employee_cmd", required=True
    )
    badge = employee.add_parser("badge", help="issue a new employee badge; the old one stops")
    json_flag(badge)
    badge.add_argument("--employee", required=True, help="the employee's id")
    badge.add_argument("--qr", help="also write the token as a QR code (.svg, .png)")


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("door", "zones"): cmd_door_zones,
    ("door", "check"): cmd_door_check,
    ("door", "exit"): cmd_door_exit,
    ("door", "inside"): cmd_door_inside,
    ("door", "log"): cmd_door_log,
    ("escort", "authorise"): cmd_escort,
    ("escort", "revoke"): cmd_escort,
    ("escort", "list"): cmd_escort,
    ("employee", "badge"): cmd_employee_badge,
    ("visit", "zone"): cmd_visit_zone,
}
TEXT = {
    cmd_door_zones: _zones_text,
    cmd_door_check: _check_text,
    cmd_door_exit: _exit_text,
    cmd_door_inside: _inside_text,
    cmd_door_log: _log_text,
    cmd_escort: _escort_text,
    cmd_employee_badge: _badge_text,
    cmd_visit_zone: _visit_zone_text,
}
SUBCOMMANDS = ("door_cmd", "escort_cmd", "employee_cmd")
