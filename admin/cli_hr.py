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


def add_parsers(sub: Any) -> None:
    offboarding = sub.add_parser("offboarding", help="offboarding cases (A4)").add_subparsers(
        dest="offboarding_cmd", required=True
    )
    remind = offboarding.add_parser(
        "remind", help="mail the owners of tasks overdue or due within 2 days (once a day)"
    )
    json_flag(remind)


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], dict[str, Any]]] = {
    ("offboarding", "remind"): cmd_offboarding_remind,
}
TEXT = {cmd_offboarding_remind: _remind_text}
SUBCOMMANDS = ("offboarding_cmd",)
