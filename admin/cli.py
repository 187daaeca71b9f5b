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

from admin import cli_desk as desk
from admin import cli_door as door
from admin import cli_gdpr as gdpr
from admin import cli_hr as hr
from admin import cli_ops as ops
from admin import cli_shift as shift
from admin.cli_base import CommandFailed, json_flag, open_installation
from core.errors import VartioError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_init(args: argparse.Namespace) -> dict[str, Any]:
    from db.migrate import current_revision

    app = open_installation(args, create_key=True, migrate=True)
    try:
        return {
            "database": app.engine.url.render_as_string(hide_password=True),
            "revision": current_revision(app.engine),
        }
    finally:
        app.close()


def cmd_migrate(args: argparse.Namespace) -> dict[str, Any]:
    from db.migrate import current_revision

    app = open_installation(args, migrate=True)
    try:
        return {"revision": current_revision(app.engine)}
    finally:
        app.close()


def cmd_demo(args: argparse.Namespace) -> dict[str, Any]:
    from core.demo import seed

    app = open_installation(args, create_key=True, migrate=True)
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
    app = open_installation(args)
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


def cmd_user_disable(args: argparse.Namespace) -> dict[str, Any]:
    from core.accounts import disable_user
    from core.permissions import Actor

    app = open_installation(args)
    try:
        user_id = disable_user(app.uow(), Actor.system("cli"), args.username)
    finally:
        app.close()
    return {"id": user_id, "username": args.username, "active": False}


def cmd_user_reset_password(args: argparse.Namespace) -> dict[str, Any]:
    from core.accounts import reset_password
    from core.permissions import Actor

    password = _read_secret("New password", args.password_stdin)
    app = open_installation(args)
    try:
        user_id = reset_password(app.uow(), Actor.system("cli"), args.username, password)
    finally:
        app.close()
    return {"id": user_id, "username": args.username, "password_reset": True}


def cmd_audit_verify(args: argparse.Namespace) -> dict[str, Any]:
    from core.audit import verify

    app = open_installation(args)
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
    disable = user.add_parser("disable", help="the account can no longer log in (kept)")
    disable.add_argument("username")
    reset = user.add_parser(
        "reset-password", help="set a new password (the person changes it after logging in)"
    )
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
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
    json_flag(parse)
    parse.add_argument("payload", help="the text, or - to read it from stdin (raw bytes)")
    scan = sub.add_parser("scan", help="barcodes (no database needed)").add_subparsers(
        dest="scan_cmd", required=True
    )
    image = scan.add_parser("image", help="decode every barcode in an image file")
    json_flag(image)
    image.add_argument("path")
    desk.add_parsers(sub)
    door.add_parsers(sub)
    shift.add_parsers(sub)
    hr.add_parsers(sub)
    ops.add_parsers(sub)
    gdpr.add_parsers(sub)
    return parser


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("init", None): cmd_init,
    ("migrate", None): cmd_migrate,
    ("demo", None): cmd_demo,
    ("user", "create"): cmd_user_create,
    ("user", "disable"): cmd_user_disable,
    ("user", "reset-password"): cmd_user_reset_password,
    ("audit", "verify"): cmd_audit_verify,
    **desk.COMMANDS,
    **door.COMMANDS,
    **shift.COMMANDS,
    **hr.COMMANDS,
    **ops.COMMANDS,
    **gdpr.COMMANDS,
}
TEXT = {
    cmd_demo: _demo_text,
    **desk.TEXT,
    **door.TEXT,
    **shift.TEXT,
    **hr.TEXT,
    **ops.TEXT,
    **gdpr.TEXT,
}
# Tools need no database or keyring: run before those modules are even imported.
TOOLS: dict[tuple[str, str], Callable[[argparse.Namespace], Answer]] = {
    ("id", "parse"): cmd_id_parse,
    ("scan", "image"): cmd_scan_image,
}
SUBCOMMANDS = (
    "user_cmd",
    "audit_cmd",
    "id_cmd",
    "scan_cmd",
    *desk.SUBCOMMANDS,
    *door.SUBCOMMANDS,
    *shift.SUBCOMMANDS,
    *hr.SUBCOMMANDS,
    *ops.SUBCOMMANDS,
    *gdpr.SUBCOMMANDS,
)


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
    args = parser.parse_args(door.glue_scans(list(sys.argv[1:] if argv is None else argv)))
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
