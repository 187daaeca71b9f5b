"""`vartio handover` and `vartio incident`: the shift handover log and incident reports (G4).
Notes may have several lines (pass them with real line breaks)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from admin.cli_base import CommandFailed, json_flag, open_installation


def _required_site(app: Any, code: str) -> str:
    from core.denylist import site_id_for

    return site_id_for(app.uow(), code)


def cmd_handover_add(args: argparse.Namespace) -> dict[str, Any]:
    from core.permissions import Actor
    from core.shift import HandoverInput, record_handover

    app = open_installation(args)
    try:
        done = record_handover(
            app.uow(),
            Actor.system("cli"),
            _required_site(app, args.site),
            HandoverInput(
                incoming=args.incoming,
                open_items=args.open_items or "",
                keys=args.keys or "",
                notes=args.notes or "",
            ),
        )
    finally:
        app.close()
    return {"site": args.site, **done.as_dict()}


def cmd_handover_list(args: argparse.Namespace) -> dict[str, Any]:
    from core.permissions import Actor
    from core.shift import list_handovers

    app = open_installation(args)
    try:
        found = list_handovers(
            app.uow(),
            Actor.system("cli"),
            _required_site(app, args.site),
            text=args.text,
        )
    finally:
        app.close()
    return {"site": args.site, "handovers": [h.as_dict() for h in found]}


def _handover_text(result: dict[str, Any]) -> str:
    if not result["handovers"]:
        return f"No handovers at {result['site']}."
    lines = []
    for h in result["handovers"]:
        lines.append(f"{h['at'][:16]}  {h['outgoing']} -> {h['incoming'] or '-'}  ({h['id']})")
        for key, label in (("open_items", "open"), ("keys", "keys"), ("notes", "notes")):
            if h[key]:
                lines.append(f"    {label}: {h[key]}")
    return "\n".join(lines)


def cmd_incident_add(args: argparse.Namespace) -> dict[str, Any]:
    from datetime import datetime

    from core.incidents import IncidentInput, report_incident
    from core.permissions import Actor

    try:
        occurred = datetime.fromisoformat(args.at) if args.at else None
    except ValueError as exc:
        raise CommandFailed(f"Bad --at time: {exc}.") from None
    app = open_installation(args)
    try:
        done = report_incident(
            app.uow(),
            Actor.system("cli"),
            _required_site(app, args.site),
            IncidentInput(
                category=args.category,
                description=args.description,
                place=args.place,
                people_involved=args.people or "",
                occurred_at=occurred,
            ),
        )
    finally:
        app.close()
    return {"site": args.site, **done.as_dict()}


def cmd_incident_list(args: argparse.Namespace) -> dict[str, Any]:
    from core.incidents import search_incidents
    from core.permissions import Actor

    app = open_installation(args)
    try:
        found = search_incidents(
            app.uow(),
            Actor.system("cli"),
            _required_site(app, args.site),
            text=args.text,
            category=args.category,
        )
    finally:
        app.close()
    return {"site": args.site, "incidents": [i.as_dict() for i in found]}


def _incident_text(result: dict[str, Any]) -> str:
    if not result["incidents"]:
        return f"No incidents found at {result['site']}."
    lines = []
    for i in result["incidents"]:
        lines.append(f"{i['occurred_at'][:16]}  {i['category']}  {i['place'] or '-'}  ({i['id']})")
        lines.append(f"    {i['description']}")
        if i["people_involved"]:
            lines.append(f"    people: {i['people_involved']}")
    return "\n".join(lines)


def add_parsers(sub: Any) -> None:
    handover = sub.add_parser("handover", help="shift handover log (G4)").add_subparsers(
        dest="handover_cmd", required=True
    )
    handover_add = handover.add_parser("add", help="record a handover from this operator")
    json_flag(handover_add)
    handover_add.add_argument("--site", required=True, help="site code")
    handover_add.add_argument("--incoming", help="the incoming guard's username")
    handover_add.add_argument("--open-items", help="what is still open (sealed)")
    handover_add.add_argument("--keys", help="keys handed over (sealed)")
    handover_add.add_argument("--notes", help="anything else (sealed)")
    handover_list = handover.add_parser("list", help="the site's latest handovers, newest first")
    json_flag(handover_list)
    handover_list.add_argument("--site", required=True, help="site code")
    handover_list.add_argument("--text", help="only handovers whose names or notes contain this")
    incident = sub.add_parser("incident", help="incident reports (G4)").add_subparsers(
        dest="incident_cmd", required=True
    )
    categories = "security, information_security, safety, property or other"
    incident_add = incident.add_parser("add", help="file an incident report")
    json_flag(incident_add)
    incident_add.add_argument("--site", required=True, help="site code")
    incident_add.add_argument("--category", required=True, help=categories)
    incident_add.add_argument("--place", required=True, help="where it happened (sealed)")
    incident_add.add_argument("--description", required=True, help="what happened (sealed)")
    incident_add.add_argument("--people", help="the people involved (sealed)")
    incident_add.add_argument("--at", help="when, ISO 8601 with time zone (default: now)")
    incident_list = incident.add_parser("list", help="the site's reports, newest first")
    json_flag(incident_list)
    incident_list.add_argument("--site", required=True, help="site code")
    incident_list.add_argument("--text", help="only reports whose text contains this")
    incident_list.add_argument("--category", help=categories)


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("handover", "add"): cmd_handover_add,
    ("handover", "list"): cmd_handover_list,
    ("incident", "add"): cmd_incident_add,
    ("incident", "list"): cmd_incident_list,
}
TEXT = {cmd_handover_list: _handover_text, cmd_incident_list: _incident_text}
SUBCOMMANDS = ("handover_cmd", "incident_cmd")
