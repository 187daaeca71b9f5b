"""`vartio backup OUT` and `vartio restore IN`: the whole database to a file and back (D5).

Neither needs the data key, and neither contains it: the output says so every time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from admin.cli_base import CommandFailed, json_flag


def _engine(args: argparse.Namespace) -> Any:
    from db.engine import make_engine, resolve_url

    # No keyring: a backup copies sealed bytes as they are (and a server may have no key).
    return make_engine(resolve_url(args.db))


def _as_dict(result: Any) -> dict[str, Any]:
    from dataclasses import asdict

    from core.backup import KEY_NOTE

    body = asdict(result)
    body["key_included"] = False
    body["key_note"] = KEY_NOTE
    return body


def _progress(args: argparse.Namespace) -> Callable[[int, int], None] | None:
    if args.json:
        return None

    def show(done: int, total: int) -> None:
        from core.backup import STEP_PAGES

        if total > STEP_PAGES:  # only a copy of several steps is long enough to need it
            end = "\n" if done >= total else ""
            print(f"\rBacking up: {100 * done // max(total, 1)}%", end=end, file=sys.stderr)

    return show


def cmd_backup(args: argparse.Namespace) -> dict[str, Any]:
    from core.backup import BackupError, backend_of, backup
    from db.migrate import is_initialised

    engine = _engine(args)
    try:
        if backend_of(engine) == "sqlite" and not Path(engine.url.database or "").exists():
            raise CommandFailed(f"There is no database at {engine.url.database} to back up.")
        if not is_initialised(engine):
            raise CommandFailed("The database is not set up (`vartio init`); nothing to back up.")
        try:
            return _as_dict(backup(engine, Path(args.out), _progress(args)))
        except BackupError as exc:
            raise CommandFailed(str(exc)) from None
    finally:
        engine.dispose()


def cmd_restore(args: argparse.Namespace) -> dict[str, Any]:
    from core.backup import BackupError, restore

    source = Path(args.source)
    if not source.is_file():
        raise CommandFailed(f"{source} is not a file; nothing was restored.")
    engine = _engine(args)
    try:
        return _as_dict(restore(engine, source, force=args.force))
    except BackupError as exc:
        raise CommandFailed(str(exc)) from None
    finally:
        engine.dispose()


def _summary(result: dict[str, Any]) -> str:
    rows = sum(result["tables"].values())
    return f"{len(result['tables'])} tables, {rows} rows, schema revision {result['revision']}"


def _backup_text(result: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"Backed up {result['database']} ({result['backend']}) to {result['path']}: "
            f"{result['bytes']} bytes.",
            _summary(result) + ".",
            result["key_note"],
        ]
    )


def _restore_text(result: dict[str, Any]) -> str:
    lines = [f"Restored {result['path']} into {result['database']}: {_summary(result)}."]
    if result["upgraded_from"]:
        lines.append(f"The backup's schema {result['upgraded_from']} was upgraded.")
    if result["before_restore"]:
        lines.append(f"The previous database is kept as {result['before_restore']}.")
    lines.append(result["key_note"])
    return "\n".join(lines)


def add_parsers(sub: Any) -> None:
    out = sub.add_parser(
        "backup",
        help="copy the whole database into a new file (SQLite: online copy; PostgreSQL: "
        "pg_dump custom format); the data key is not included",
    )
    json_flag(out)
    out.add_argument("out", help="the backup file to create (never overwritten)")
    back = sub.add_parser(
        "restore",
        help="put a backup in place of the database (schema upgraded if older); "
        "needs the data key that was in use when the backup was made",
    )
    json_flag(back)
    back.add_argument("source", metavar="IN", help="a file written by `vartio backup`")
    back.add_argument(
        "--force",
        action="store_true",
        help="replace an existing database (SQLite: the old file is kept as <path>.before-restore)",
    )


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("backup", None): cmd_backup,
    ("restore", None): cmd_restore,
}
TEXT = {cmd_backup: _backup_text, cmd_restore: _restore_text}
SUBCOMMANDS: tuple[str, ...] = ()
