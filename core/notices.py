"""The e-mail that tells a host their visitor has arrived (K9).

Only what a host needs: who, from which company, why, where and when, and whether an escort is
required. No ID data, no phone number, no visitor e-mail. The text is English (core never
translates); the strings are marked for the catalog so a host language can follow.
"""

from __future__ import annotations

from email.message import EmailMessage

from core.checkin import PURPOSE_LABELS
from core.clock import to_local
from core.messages import N_, Message
from db.models import Visit


def mail_line(text: str, **params: object) -> str:
    """One line of a notice, in the catalog's source language."""
    return Message(text, dict(params)).render()


def host_notice(visit: Visit) -> EmailMessage | None:
    """The notice for ``visit`` (inside its unit of work), or None when the host has no e-mail."""
    address = (visit.host.email or "").strip()
    if not address:
        return None
    visitor = visit.visitor
    name = " ".join(p for p in (visitor.first_name, visitor.last_name) if p)
    arrived = to_local(visit.checked_in_at or visit.created_at, visit.site.timezone)
    purpose = Message(PURPOSE_LABELS.get(visit.purpose, visit.purpose)).render()
    lines = [
        mail_line(N_("Hello {name},"), name=visit.host.first_name or ""),
        "",
        mail_line(N_("Your visitor has arrived at {site}."), site=visit.site.name),
        "",
        mail_line(N_("Visitor: {name}"), name=name),
    ]
    if visitor.company:
        lines.append(mail_line(N_("Company: {company}"), company=visitor.company))
    lines += [
        mail_line(N_("Purpose: {purpose}"), purpose=purpose),
        mail_line(N_("Checked in: {time}"), time=arrived.strftime("%Y-%m-%d %H:%M %Z")),
    ]
    if visit.escort_required:
        lines += ["", mail_line(N_("Please collect your visitor: an escort is required."))]
    lines += ["", mail_line(N_("This message was sent by Vartio visitor management."))]
    message = EmailMessage()
    message["To"] = address
    message["Subject"] = mail_line(N_("Your visitor {name} has arrived"), name=name)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n".join(lines) + "\n")
    return message
