"""`vartio offboarding remind`: queue today's reminders for offboarding tasks that are overdue
or due within 2 days and send what is queued (run it daily from cron or a systemd timer). Mail
goes to the server in ``VARTIO_SMTP_*``; without one the reminders stay queued."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from admin.cli_base import CommandFailed, json_flag, open_installation


def cmd_offboarding_remind(args: argparse.Namespace) -> dict[str, Any]:
    from core.mail import SmtpMailer, SmtpSettings
    from core.outbox import deliver_pending
    from core.printing import SpoolPrinter, default_spool_dir
    from core.task_reminders import TASK_REMINDER, queue_task_reminders

    try:
        smtp = SmtpSettings.from_env()
    except ValueError as exc:
        raise CommandFailed(str(exc)) from None
    app = open_installation(args)
    try:
        queued = queue_task_reminders(app.uow)
        outcomes = (
            deliver_pending(
                app.uow,
                SpoolPrinter(default_spool_dir()),  # no print job is of this kind
                mailer=SmtpMailer(smtp),
                kinds=(TASK_REMINDER,),
            )
            if smtp is not None
            else []
        )
    finally:
        app.close()
    return {
        "queued": queued,
        "sent": sum(o.ok for o in outcomes),
        "failed": sum(not o.ok for o in outcomes),
        "mail_configured": smtp is not None,
    }


def _remind_text(result: dict[str, Any]) -> str:
    text = f"Reminders queued today: {result['queued']}."
    if not result["mail_configured"]:
        return text + " No mail server is configured (VARTIO_SMTP_HOST): they stay queued."
    return text + f" Sent: {result['sent']}, failed (retried later): {result['failed']}."


def _template_file(path: str) -> tuple[str, str | None, list[Any]]:
    """Name, staff kind and tasks from a TOML file (see `vartio offboarding template add -h`)."""
    import tomllib

    from core.offboarding_templates import TaskSpec

    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
        tasks = [
            TaskSpec(
                title=str(task["title"]),
                offset_days=int(task.get("offset_days", 0)),
                owner_role=task.get("owner_role"),
                owner_username=task.get("owner"),
                action=str(task.get("action", "none")),
            )
            for task in data.get("task", [])
        ]
        return str(data["name"]), data.get("staff_kind"), tasks
    except OSError as exc:
        raise CommandFailed(f"Cannot read {path}: {exc.strerror}.") from None
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise CommandFailed(f"{path} is not a template file: {exc}.") from None


def cmd_template_add(args: argparse.Namespace) -> dict[str, Any]:
    from core.denylist import site_id_for
    from core.offboarding_templates import add_template
    from core.permissions import Actor

    name, staff_kind, tasks = _template_file(args.file)
    app = open_installation(args)
    try:
        site = site_id_for(app.uow(), args.site) if args.site else None
        template = add_template(app.uow(), Actor.system("cli"), name, tasks, site, staff_kind)
    finally:
        app.close()
    return {"template": template, "name": name, "tasks": len(tasks), "site": args.site}


def cmd_template_list(args: argparse.Namespace) -> dict[str, Any]:
    from dataclasses import asdict

    from core.denylist import site_id_for
    from core.offboarding_templates import list_templates
    from core.permissions import Actor

    app = open_installation(args)
    try:
        found = list_templates(app.uow(), Actor.system("cli"), site_id_for(app.uow(), args.site))
    finally:
        app.close()
    return {"site": args.site, "templates": [asdict(t) for t in found]}


def _template_text(result: dict[str, Any]) -> str:
    lines = []
    for t in result["templates"]:
        where = "company-wide" if t["site_id"] is None else result["site"]
        state = "" if t["active"] else " (retired)"
        lines.append(f"{t['id']}  {t['name']} — {where}, {t['staff_kind'] or 'any staff'}{state}")
        for task in t["tasks"]:
            owner = task["owner_username"] or task["owner_role"]
            lines.append(f"    {task['offset_days']:+d} d  {task['title']} [{owner}]")
    return "\n".join(lines) or "No templates."


def cmd_template_retire(args: argparse.Namespace) -> dict[str, Any]:
    from core.offboarding_templates import retire_template
    from core.permissions import Actor

    app = open_installation(args)
    try:
        retire_template(app.uow(), Actor.system("cli"), args.template)
    finally:
        app.close()
    return {"template": args.template, "retired": True}


def cmd_template(args: argparse.Namespace) -> dict[str, Any]:
    commands = {"add": cmd_template_add, "list": cmd_template_list, "retire": cmd_template_retire}
    return commands[args.template_cmd](args)


def _template_answer(result: dict[str, Any]) -> str:
    if "templates" in result:
        return _template_text(result)
    if result.get("retired"):
        return f"Template {result['template']} retired: new cases no longer use it."
    where = result["site"] or "every site"
    return f"Template {result['template']} added for {where}: {result['tasks']} tasks."


def add_parsers(sub: Any) -> None:
    offboarding = sub.add_parser("offboarding", help="offboarding cases (A4)").add_subparsers(
        dest="offboarding_cmd", required=True
    )
    remind = offboarding.add_parser(
        "remind", help="mail the owners of tasks overdue or due within 2 days (once a day)"
    )
    json_flag(remind)
    template = offboarding.add_parser("template", help="case templates").add_subparsers(
        dest="template_cmd", required=True
    )
    add = template.add_parser(
        "add",
        help="add a template from a TOML file: name, optional staff_kind, and [[task]] tables "
        "with title, offset_days, owner_role or owner (a username), action",
    )
    json_flag(add)
    add.add_argument("file", help="the template file (TOML)")
    add.add_argument("--site", help="site code (default: company-wide)")
    listing = template.add_parser("list", help="the templates a site's cases can use")
    json_flag(listing)
    listing.add_argument("--site", required=True, help="site code")
    retire = template.add_parser("retire", help="no new case uses the template")
    json_flag(retire)
    retire.add_argument("template", help="the template's id")


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("offboarding", "remind"): cmd_offboarding_remind,
    ("offboarding", "template"): cmd_template,
}
TEXT = {cmd_offboarding_remind: _remind_text, cmd_template: _template_answer}
SUBCOMMANDS = ("offboarding_cmd",)
