"""`vartio`: the operator's command line. No Qt; imports only core, db and forms.

Exit status: 0 ok, 1 a failed check or bad input (message on stderr), 2 usage error.
With --json, exactly one JSON object is printed on stdout (`scan image`: one JSON array).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import VartioError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandFailed(Exception):
    """A failure the operator can act on; the message is printed as it is."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


def _open(args: argparse.Namespace, create_key: bool = False, migrate: bool = False):
    from core.app import open_app
    from db.migrate import is_initialised, upgrade

    app = open_app(args.db, create_key=create_key)
    if migrate:
        upgrade(app.engine)
    elif not is_initialised(app.engine):
        app.close()
        raise CommandFailed(f"The database at {app.url} is not set up. Run `vartio init` first.")
    return app


def cmd_init(args: argparse.Namespace) -> dict[str, Any]:
    from db.migrate import current_revision

    app = _open(args, create_key=True, migrate=True)
    try:
        return {
            "database": app.engine.url.render_as_string(hide_password=True),
            "revision": current_revision(app.engine),
        }
    finally:
        app.close()


def cmd_migrate(args: argparse.Namespace) -> dict[str, Any]:
    from db.migrate import current_revision

    app = _open(args, migrate=True)
    try:
        return {"revision": current_revision(app.engine)}
    finally:
        app.close()


def cmd_demo(args: argparse.Namespace) -> dict[str, Any]:
    from core.demo import seed

    app = _open(args, create_key=True, migrate=True)
    try:
        info = seed(app.uow)
    finally:
        app.close()
    return {
        "database": app.engine.url.render_as_string(hide_password=True),
        "created": info.created,
        "sites": info.site_codes,
        "users": [{"username": u, "password": p, "roles": r} for u, p, r in info.users],
        "guard": {"username": info.guard_username, "pin": info.guard_pin},
        "invitation_tokens": info.invitation_tokens,
    }


def _demo_text(result: dict[str, Any]) -> str:
    lines = [
        f"Demo database: {result['database']}" + ("" if result["created"] else " (already seeded)"),
        "",
        "Admin app logins:",
    ]
    lines += [f"  {u['username']:<16} {u['password']:<22} {u['roles']}" for u in result["users"]]
    guard = result["guard"]
    lines += ["", f"Guard PIN (to leave kiosk mode): user {guard['username']}, PIN {guard['pin']}"]
    return "\n".join(lines)


def _read_secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise CommandFailed(f"{prompt} needed: use --password-stdin when not at a terminal.")
    return getpass.getpass(f"{prompt}: ")


def cmd_user_create(args: argparse.Namespace) -> dict[str, Any]:
    from core.permissions import Actor, Role
    from core.users import NewUser, create_user

    password = _read_secret("Password", args.password_stdin)
    app = _open(args)
    try:
        user_id = create_user(
            app.uow(),
            Actor.system("cli"),
            NewUser(
                username=args.username,
                password=password,
                roles=tuple(Role(r) for r in args.role),
                site_codes=tuple(args.site or ()),
                pin=args.pin,
                display_name=args.name,
            ),
        )
    finally:
        app.close()
    return {"id": user_id, "username": args.username, "roles": args.role, "sites": args.site or []}


def cmd_audit_verify(args: argparse.Namespace) -> dict[str, Any]:
    from core.audit import verify

    app = _open(args)
    try:
        with app.uow() as uow:
            report = verify(uow.session)
    finally:
        app.close()
    result = report.as_dict()
    if not report.ok:
        raise CommandFailed(
            f"Audit chain broken at entry {report.first_bad_seq}: {report.problem}.", result
        )
    return result


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
    from db.models import Site

    if bool(args.host_email) == bool(args.host):
        raise CommandFailed("Name the host with exactly one of --host-email and --host.")
    actor = Actor.system("cli")
    app = _open(args)
    try:
        site_id, host_id = find_host(
            app.uow(), actor, args.site, HostChoice(email=args.host_email, name=args.host)
        )
        with app.uow() as uow:
            site = uow.session.get(Site, site_id)
            assert site is not None
            timezone = site.timezone
        start, end = _visit_times(args, timezone)
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

    app = _open(args)
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

    app = _open(args)
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

    app = _open(args)
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
    app = _open(args)
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


@dataclass(frozen=True)
class Answer:
    """What a tool command prints: ``body`` as JSON exactly (a fixed contract), else ``text``;
    ``problems`` go to stderr."""

    body: Any
    text: str
    status: int = EXIT_OK
    problems: tuple[str, ...] = ()


def cmd_id_parse(args: argparse.Namespace) -> Answer:
    from core.idparse import MAX_LENGTH, parse_id

    # "-": stdin as bytes, so AAMVA's control characters and bad UTF-8 arrive as they are.
    payload: str | bytes = args.payload
    if args.payload == "-":
        payload = sys.stdin.buffer.read(4 * MAX_LENGTH + 1)
    result = parse_id(payload)
    body = result.as_dict()
    shown = {k: v for k, v in body.items() if v is not None and k not in ("ok", "errors")}
    lines = [f"{'valid' if result.ok else 'NOT valid'}"] + [f"{k}: {v}" for k, v in shown.items()]
    return Answer(
        body,
        "\n".join(lines + [f"- {e}" for e in body["errors"]]),
        EXIT_OK if result.ok else EXIT_FAILED,
        tuple(body["errors"]),
    )


def cmd_scan_image(args: argparse.Namespace) -> Answer:
    from core.scanning import EVERY, ImageUnreadable, decode, load_image

    try:
        image = load_image(args.path)
    except ImageUnreadable as exc:
        raise CommandFailed(str(exc)) from None
    found = [{"format": d.format, "text": d.text} for d in decode(image, EVERY)]
    text = "\n".join(f"{c['format']}: {_visible(c['text'])}" for c in found)
    return Answer(found, text or "No barcode found.")


def _visible(text: str) -> str:
    """Control characters shown as \\xNN so a terminal prints them harmlessly."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def _json_flag(parser: argparse.ArgumentParser) -> None:
    # Also accepted after the subcommand; SUPPRESS keeps a global --json from being reset.
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON on stdout"
    )


def build_parser() -> argparse.ArgumentParser:
    from core.permissions import Role

    parser = argparse.ArgumentParser(prog="vartio", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        help="database URL or SQLite path (default: $VARTIO_DB, then the user data directory)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create the data key (if none) and the database schema")
    sub.add_parser("migrate", help="upgrade the database schema to this version")
    sub.add_parser("demo", help="initialise and fill with demo data; prints demo logins")
    user = sub.add_parser("user", help="user accounts").add_subparsers(
        dest="user_cmd", required=True
    )
    create = user.add_parser("create", help="create a per-person account")
    create.add_argument("username")
    create.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    create.add_argument("--site", action="append", help="site code (repeat for several)")
    create.add_argument("--pin", help="guard PIN, 4-8 digits")
    create.add_argument("--name", help="display name")
    create.add_argument("--password-stdin", action="store_true")
    audit = sub.add_parser("audit", help="audit chain").add_subparsers(
        dest="audit_cmd", required=True
    )
    audit.add_parser("verify", help="check the hash chain; names the first bad entry")
    ids = sub.add_parser("id", help="ID documents (no database needed)").add_subparsers(
        dest="id_cmd", required=True
    )
    parse = ids.add_parser(
        "parse", help="recognise and check an MRZ, AAMVA barcode text, HETU or Chinese RIC"
    )
    _json_flag(parse)
    parse.add_argument("payload", help="the text, or - to read it from stdin (raw bytes)")
    scan = sub.add_parser("scan", help="barcodes (no database needed)").add_subparsers(
        dest="scan_cmd", required=True
    )
    image = scan.add_parser("image", help="decode every barcode in an image file")
    _json_flag(image)
    image.add_argument("path")
    visit = sub.add_parser("visit", help="visits").add_subparsers(dest="visit_cmd", required=True)
    invite = visit.add_parser(
        "invite", help="pre-register a visitor; the invitation is e-mailed through the outbox"
    )
    _json_flag(invite)
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
    deny = sub.add_parser(
        "deny", help="deny list (K11): names are kept only as a blind index"
    ).add_subparsers(dest="deny_cmd", required=True)
    deny_add = deny.add_parser("add", help="add a person who must not be let in")
    _json_flag(deny_add)
    deny_add.add_argument("--first", required=True, help="first name")
    deny_add.add_argument("--last", required=True, help="last name")
    deny_add.add_argument("--company", help="match only visitors of this company")
    deny_add.add_argument("--site", help="site code (default: every site)")
    deny_add.add_argument("--reason", help="why (sealed; shown in listings)")
    deny_list = deny.add_parser("list", help="active entries (no names: none are stored)")
    _json_flag(deny_list)
    deny_list.add_argument("--site", help="site code: its entries and the every-site ones")
    deny_remove = deny.add_parser("remove", help="deactivate an entry (kept for the record)")
    _json_flag(deny_remove)
    deny_remove.add_argument("id", help="the entry's id, as `deny list` shows it")
    alerts = sub.add_parser("alerts", help="open alerts for the guard and reception")
    _json_flag(alerts)
    alerts.add_argument("--site", help="site code (default: every site)")
    return parser


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("init", None): cmd_init,
    ("migrate", None): cmd_migrate,
    ("demo", None): cmd_demo,
    ("user", "create"): cmd_user_create,
    ("audit", "verify"): cmd_audit_verify,
    ("visit", "invite"): cmd_visit_invite,
    ("deny", "add"): cmd_deny_add,
    ("deny", "list"): cmd_deny_list,
    ("deny", "remove"): cmd_deny_remove,
    ("alerts", None): cmd_alerts,
}
TEXT = {cmd_demo: _demo_text, cmd_deny_list: _deny_list_text, cmd_alerts: _alerts_text}
# Tools need no database or keyring: run before those modules are even imported.
TOOLS: dict[tuple[str, str], Callable[[argparse.Namespace], Answer]] = {
    ("id", "parse"): cmd_id_parse,
    ("scan", "image"): cmd_scan_image,
}
SUBCOMMANDS = ("user_cmd", "audit_cmd", "id_cmd", "scan_cmd", "visit_cmd", "deny_cmd")


def _emit(args: argparse.Namespace, handler: Callable[..., Any], result: dict[str, Any]) -> None:
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    elif handler in TEXT:
        print(TEXT[handler](result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    sub = next((getattr(args, name) for name in SUBCOMMANDS if getattr(args, name, None)), None)
    if (args.command, sub) in TOOLS:
        return _run_tool(args, TOOLS[(args.command, sub)])
    # Imported after parsing so --help and usage errors answer at once.
    from sqlalchemy.exc import SQLAlchemyError

    from db.crypto import KeyUnavailable

    handler = COMMANDS[(args.command, sub)]
    try:
        result = handler(args)
    except CommandFailed as exc:
        return _fail(args, str(exc), exc.result)
    except VartioError as exc:
        details = getattr(exc, "errors", None)
        text = "; ".join(f"{k}: {m}" for k, m in details.items()) if details else str(exc)
        return _fail(args, text, {})
    except KeyUnavailable as exc:
        return _fail(args, str(exc), {})
    except SQLAlchemyError as exc:
        return _fail(
            args, f"Database error: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", {}
        )
    _emit(args, handler, {"ok": True, **result} if args.json else result)
    return EXIT_OK


def _run_tool(args: argparse.Namespace, tool: Callable[[argparse.Namespace], Answer]) -> int:
    try:
        answer = tool(args)
    except CommandFailed as exc:
        return _fail(args, str(exc), {})
    print(json.dumps(answer.body, ensure_ascii=False) if args.json else answer.text)
    for problem in answer.problems:
        print(f"vartio: {problem}", file=sys.stderr)
    return answer.status


def _fail(args: argparse.Namespace, message: str, result: dict[str, Any]) -> int:
    if args.json:
        print(json.dumps({"ok": False, "error": message, **result}, ensure_ascii=False))
    print(f"vartio: {message}", file=sys.stderr)
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
