"""`vartio` commands of the reception and security desk: pre-register a visit (A2), the deny
list (K11), open alerts, reprint a badge (K8), the evacuation list (G3). The shift log is in
``admin.cli_shift``, the door in ``admin.cli_door``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from admin.cli_base import CommandFailed, json_flag, open_installation
from admin.cli_door import add_visit_zone_parser


def _visit_times(args: argparse.Namespace, timezone: str) -> tuple[Any, Any]:
    """The expected start and end (aware) from --date, --from and --to at the site's zone."""
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    from core.clock import end_of_local_day

    try:
        day = date.fromisoformat(args.date)
        start = time.fromisoformat(args.time_from) if args.time_from else time(0)
        end = time.fromisoformat(args.time_to) if args.time_to else None
    except ValueError as exc:
        raise CommandFailed(f"Bad date or time: {exc}.") from None
    zone = ZoneInfo(timezone)
    begins = datetime.combine(day, start, tzinfo=zone)
    if end is None:
        return begins, end_of_local_day(begins, timezone)
    return begins, datetime.combine(day, end, tzinfo=zone)


def cmd_visit_invite(args: argparse.Namespace) -> dict[str, Any]:
    from pathlib import Path

    from core.invitations import (
        HostChoice,
        PreRegistration,
        find_host,
        invitation_pdf,
        pre_register,
    )
    from core.permissions import Actor
    from core.visit_zones import zone_id_for
    from db.models import Site

    if bool(args.host_email) == bool(args.host):
        raise CommandFailed("Name the host with exactly one of --host-email and --host.")
    actor = Actor.system("cli")
    app = open_installation(args)
    try:
        site_id, host_id = find_host(
            app.uow(), actor, args.site, HostChoice(email=args.host_email, name=args.host)
        )
        with app.uow() as uow:
            site = uow.session.get(Site, site_id)
            assert site is not None
            timezone = site.timezone
        start, end = _visit_times(args, timezone)
        zone_ids = (
            tuple(zone_id_for(app.uow(), actor, site_id, name) for name in args.zone)
            if args.zone
            else None
        )
        invited = pre_register(
            app.uow(),
            actor,
            PreRegistration(
                site_id=site_id,
                host_id=host_id,
                first_name=args.first,
                last_name=args.last,
                company=args.company or "",
                email=args.email or "",
                phone=args.phone or "",
                purpose=args.purpose,
                language=args.language,
                expected_start=start,
                expected_end=end,
                zone_ids=zone_ids,
            ),
        )
        result: dict[str, Any] = {
            "visit_id": invited.visit_id,
            "invitation_id": invited.invitation_id,
            "expires_at": invited.expires_at.isoformat(),
            "mail_job_id": invited.mail_job_id,
        }
        if args.pdf:
            pdf = invitation_pdf(app.uow(), actor, invited.invitation_id, invited.token)
            try:
                Path(args.pdf).write_bytes(pdf)
            except OSError as exc:
                raise CommandFailed(
                    f"Visit {invited.visit_id} created, but the PDF could not be written: "
                    f"{exc.strerror}.",
                    result,
                ) from None
            result["pdf"] = args.pdf
    finally:
        app.close()
    return result


def _site_id(app: Any, code: str | None) -> str | None:
    from core.denylist import site_id_for

    return site_id_for(app.uow(), code) if code is not None else None


def cmd_deny_add(args: argparse.Namespace) -> dict[str, Any]:
    from core.denylist import add_entry
    from core.permissions import Actor

    app = open_installation(args)
    try:
        entry_id = add_entry(
            app.uow(),
            Actor.system("cli"),
            args.first,
            args.last,
            company=args.company,
            site_id=_site_id(app, args.site),
            reason=args.reason,
        )
    finally:
        app.close()
    return {
        "id": entry_id,
        "site": args.site,
        "all_sites": args.site is None,
        "company_restricted": bool((args.company or "").strip()),
    }


def cmd_deny_list(args: argparse.Namespace) -> dict[str, Any]:
    from core.denylist import list_entries
    from core.permissions import Actor

    app = open_installation(args)
    try:
        entries = list_entries(app.uow(), Actor.system("cli"), _site_id(app, args.site))
    finally:
        app.close()
    return {"entries": [e.as_dict() for e in entries]}


def _deny_list_text(result: dict[str, Any]) -> str:
    if not result["entries"]:
        return "No active deny-list entries."
    lines = ["Names are not stored (only their blind index), so none are shown."]
    for e in result["entries"]:
        where = "all sites" if e["all_sites"] else e["site"]
        company = ", one company only" if e["company_restricted"] else ""
        lines.append(f"{e['id']}  {where}{company}  {e['created_at'][:16]}  {e['created_by']}")
        lines.append(f"    reason: {e['reason'] or '-'}")
    return "\n".join(lines)


def cmd_deny_remove(args: argparse.Namespace) -> dict[str, Any]:
    from core.denylist import deactivate
    from core.permissions import Actor

    app = open_installation(args)
    try:
        changed = deactivate(app.uow(), Actor.system("cli"), args.id)
    finally:
        app.close()
    return {"id": args.id, "deactivated": changed}


def cmd_alerts(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import select

    from core.alerts import open_alerts
    from core.permissions import Actor
    from db.models import Site

    actor = Actor.system("cli")
    app = open_installation(args)
    try:
        with app.uow() as uow:
            sites = dict(uow.session.execute(select(Site.id, Site.code).order_by(Site.code)).all())
        site_id = _site_id(app, args.site)
        found = []
        for sid, code in sites.items():
            if site_id is None or sid == site_id:
                found += [{"site": code, **a.as_dict()} for a in open_alerts(app.uow(), actor, sid)]
    finally:
        app.close()
    return {"alerts": found}


def _alerts_text(result: dict[str, Any]) -> str:
    if not result["alerts"]:
        return "No open alerts."
    return "\n".join(
        f"{a['created_at'][:16]}  {a['site']}  {a['kind']}  visit {a['visit_id'] or '-'}"
        + "".join(f"  {k}={v}" for k, v in a["details"].items())
        for a in result["alerts"]
    )


def _printer(args: argparse.Namespace) -> Any:
    """The --printer SPEC, or the default spool directory; a bad SPEC is the operator's to fix."""
    from core.printing import SpoolPrinter, default_spool_dir, printer_from_spec

    try:
        return (
            printer_from_spec(args.printer) if args.printer else SpoolPrinter(default_spool_dir())
        )
    except ValueError as exc:
        raise CommandFailed(str(exc)) from None


def cmd_badge_reprint(args: argparse.Namespace) -> dict[str, Any]:
    from core.badges import reprint_badge
    from core.outbox import deliver_pending
    from core.permissions import Actor

    printer = _printer(args)
    app = open_installation(args)
    try:
        reprint = reprint_badge(app.uow(), Actor.system("cli"), args.visit)
        [outcome] = deliver_pending(app.uow, printer, [reprint.job_id])
    finally:
        app.close()
    result = {"visit_id": reprint.visit_id, "job_id": reprint.job_id, "revoked": reprint.revoked}
    if not outcome.ok:
        problem = outcome.message.render() if outcome.message else "The badge did not print."
        raise CommandFailed(f"{problem} The new badge stays queued.", {**result, "printed": False})
    return {**result, "printed": True}


def cmd_muster(args: argparse.Namespace) -> dict[str, Any]:
    from pathlib import Path

    from core.muster import print_muster
    from core.permissions import Actor

    printer = _printer(args)
    app = open_installation(args)
    try:
        outcome = print_muster(
            app.uow,
            Actor.system("cli"),
            _site_id(app, args.site) or "",
            printer,
        )
    finally:
        app.close()
    result = outcome.as_dict()
    if args.pdf:  # written even when the printer failed: the list must reach someone
        try:
            Path(args.pdf).write_bytes(outcome.pdf)
        except OSError as exc:
            raise CommandFailed(
                f"The muster PDF could not be written: {exc.strerror}.", result
            ) from None
        result["pdf"] = args.pdf
    if not outcome.printed:
        where = f" It is in {args.pdf}." if args.pdf else ""
        raise CommandFailed(
            f"The muster list ({result['visitors']} visitors on site) did not print: "
            f"{outcome.detail}.{where}",
            result,
        )
    return result


def _muster_text(result: dict[str, Any]) -> str:
    lines = [f"Visitors on site at {result['site']}: {result['visitors']}"]
    lines += [f"  {zone}: {count}" for zone, count in result["zones"].items()]
    if result.get("pdf"):
        lines.append(f"PDF: {result['pdf']}")
    lines.append("Printed." if result["printed"] else "Not printed.")
    return "\n".join(lines)


def add_parsers(sub: Any) -> None:
    visit = sub.add_parser("visit", help="visits").add_subparsers(dest="visit_cmd", required=True)
    invite = visit.add_parser(
        "invite", help="pre-register a visitor; the invitation is e-mailed through the outbox"
    )
    json_flag(invite)
    invite.add_argument("--site", required=True, help="site code")
    invite.add_argument("--host-email", help="the host's e-mail address")
    invite.add_argument("--host", help="the host's full name")
    invite.add_argument("--first", required=True, help="visitor's first name")
    invite.add_argument("--last", required=True, help="visitor's last name")
    invite.add_argument("--company")
    invite.add_argument("--email", help="visitor's e-mail (the invitation is sent there)")
    invite.add_argument("--phone")
    invite.add_argument(
        "--purpose",
        required=True,
        help="meeting, interview, contractor_work, maintenance or delivery",
    )
    invite.add_argument("--date", required=True, help="YYYY-MM-DD at the site")
    invite.add_argument("--from", dest="time_from", help="HH:MM (default: the whole day)")
    invite.add_argument("--to", dest="time_to", help="HH:MM")
    invite.add_argument("--language", default="en", help="en, fi, sv or zh_Hans (default en)")
    invite.add_argument("--pdf", help="write the invitation PDF here")
    invite.add_argument(
        "--zone",
        action="append",
        help="a zone the visitor may enter, by name (repeat; default: the unrestricted zones)",
    )
    add_visit_zone_parser(visit)
    deny = sub.add_parser(
        "deny", help="deny list (K11): names are kept only as a blind index"
    ).add_subparsers(dest="deny_cmd", required=True)
    deny_add = deny.add_parser("add", help="add a person who must not be let in")
    json_flag(deny_add)
    deny_add.add_argument("--first", required=True, help="first name")
    deny_add.add_argument("--last", required=True, help="last name")
    deny_add.add_argument("--company", help="match only visitors of this company")
    deny_add.add_argument("--site", help="site code (default: every site)")
    deny_add.add_argument("--reason", help="why (sealed; shown in listings)")
    deny_list = deny.add_parser("list", help="active entries (no names: none are stored)")
    json_flag(deny_list)
    deny_list.add_argument("--site", help="site code: its entries and the every-site ones")
    deny_remove = deny.add_parser("remove", help="deactivate an entry (kept for the record)")
    json_flag(deny_remove)
    deny_remove.add_argument("id", help="the entry's id, as `deny list` shows it")
    alerts = sub.add_parser("alerts", help="open alerts for the guard and reception")
    json_flag(alerts)
    alerts.add_argument("--site", help="site code (default: every site)")
    badge = sub.add_parser("badge", help="visitor badges").add_subparsers(
        dest="badge_cmd", required=True
    )
    reprint = badge.add_parser(
        "reprint", help="revoke the visit's badges and print a new one (new token)"
    )
    json_flag(reprint)
    reprint.add_argument("visit", help="the visit's id")
    reprint.add_argument("--printer", help="spool:DIR or cups:QUEUE[@SERVER] (default: spool)")
    muster = sub.add_parser(
        "muster", help="print the evacuation list of a site: everyone on site now (G3)"
    )
    json_flag(muster)
    muster.add_argument("--site", required=True, help="site code")
    muster.add_argument("--printer", help="spool:DIR or cups:QUEUE[@SERVER] (default: spool)")
    muster.add_argument("--pdf", help="also write the PDF here (written even if printing fails)")


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("visit", "invite"): cmd_visit_invite,
    ("deny", "add"): cmd_deny_add,
    ("deny", "list"): cmd_deny_list,
    ("deny", "remove"): cmd_deny_remove,
    ("alerts", None): cmd_alerts,
    ("badge", "reprint"): cmd_badge_reprint,
    ("muster", None): cmd_muster,
}
TEXT = {
    cmd_deny_list: _deny_list_text,
    cmd_alerts: _alerts_text,
    cmd_muster: _muster_text,
}
SUBCOMMANDS = ("visit_cmd", "deny_cmd", "badge_cmd")
