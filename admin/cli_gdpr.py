"""Retention and erasure from the command line (A8, GDPR):

    vartio purge [--today YYYY-MM-DD]           anonymise visits past each site's retention
    vartio retention set --site CODE --days N   how long a site keeps visitor records (>= 90)
    vartio erase --visitor ID --reason TEXT     erase one visitor on request

Run `vartio purge` daily (cron or a systemd timer). It reports each site on stderr as it
goes unless --json is given; on SQLite it ends by compacting the file (VACUUM).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from admin.cli_base import json_flag, open_installation


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def cmd_purge(args: argparse.Namespace) -> dict[str, Any]:
    from core.permissions import Actor
    from core.retention import SitePurge, purge_expired

    def progress(site: SitePurge) -> None:
        if not args.json:
            print(
                f"{site.site_code}: kept {site.retention_days} days; visits anonymised "
                f"{site.visits}, visitors anonymised {site.visitors}",
                file=sys.stderr,
            )

    app = open_installation(args)
    try:
        report = purge_expired(app.uow, Actor.system("cli"), args.today, progress)
    finally:
        app.close()
    return report.as_dict()


def _purge_text(result: dict[str, Any]) -> str:
    text = (
        f"Visits anonymised: {result['visits_anonymised']}, "
        f"visitors anonymised: {result['visitors_anonymised']}."
    )
    return text + (" Database compacted." if result["vacuumed"] else "")


def cmd_retention(args: argparse.Namespace) -> dict[str, Any]:
    from core.denylist import site_id_for
    from core.permissions import Actor
    from core.retention import set_retention

    app = open_installation(args)
    try:
        site = site_id_for(app.uow(), args.site)
        previous = set_retention(app.uow(), Actor.system("cli"), site, args.days)
    finally:
        app.close()
    return {"site": args.site, "days": args.days, "previous": previous}


def _retention_text(result: dict[str, Any]) -> str:
    return (
        f"Site {result['site']} now keeps visitor records {result['days']} days "
        f"(was {result['previous']})."
    )


def cmd_erase(args: argparse.Namespace) -> dict[str, Any]:
    from core.permissions import Actor
    from core.retention import compact, erase_visitor

    app = open_installation(args)
    try:
        done = erase_visitor(app.uow(), Actor.system("cli"), args.visitor, args.reason)
        vacuumed = compact(app.uow)
    finally:
        app.close()
    return {
        "visitor": done.visitor_id,
        "visits": done.visits,
        "signatures": done.signatures,
        "vacuumed": vacuumed,
    }


def _erase_text(result: dict[str, Any]) -> str:
    return (
        f"Visitor {result['visitor']} erased: {result['visits']} visits and "
        f"{result['signatures']} signed agreements no longer identify them."
    )


def add_parsers(sub: Any) -> None:
    purge = sub.add_parser(
        "purge", help="anonymise visitor records past each site's retention (run daily)"
    )
    json_flag(purge)
    purge.add_argument(
        "--today", type=_day, help="count retention from this day (YYYY-MM-DD; default today)"
    )
    retention = sub.add_parser("retention", help="visitor record retention").add_subparsers(
        dest="retention_cmd", required=True
    )
    setting = retention.add_parser("set", help="days a site keeps visitor records (at least 90)")
    json_flag(setting)
    setting.add_argument("--site", required=True, help="site code")
    setting.add_argument("--days", required=True, type=int, help="days, at least 90")
    erase = sub.add_parser(
        "erase", help="erase one visitor's personal data on request (GDPR; not undone)"
    )
    json_flag(erase)
    erase.add_argument("--visitor", required=True, help="the visitor's id")
    erase.add_argument(
        "--reason",
        required=True,
        help="kept in the audit log: the request's reference, never the person's name",
    )


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("purge", None): cmd_purge,
    ("retention", "set"): cmd_retention,
    ("erase", None): cmd_erase,
}
TEXT = {cmd_purge: _purge_text, cmd_retention: _retention_text, cmd_erase: _erase_text}
SUBCOMMANDS = ("retention_cmd",)
