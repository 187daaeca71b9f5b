"""The e-mail that brings a pre-registered visitor their invitation (A2), PDF attached.

Written in the visitor's language (the one chosen at pre-registration), like the PDF. Only
what the visitor needs: where, when, whom they visit and why; the QR code is in the PDF.
The draft is read inside the outbox's short transaction; the PDF is rendered outside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING

from babel.dates import format_date, format_time

from core.clock import now
from core.invitations import InvitationProblem, _problem, invitation_data
from core.messages import N_, Message
from core.uow import UnitOfWork
from db.models import Invitation, OutboxJob
from forms.data import InvitationData
from resources.i18n import babel_locale, translations

if TYPE_CHECKING:
    from forms.render import Renderer


class InvitationGone(LookupError):
    """The job can never be sent (no invitation, no token, or no longer valid); ``str`` is for
    the job's last error, never personal."""


@dataclass(frozen=True)
class InvitationDraft:
    address: str
    data: InvitationData

    def message(self, renderer: Renderer) -> EmailMessage:
        """The e-mail with the invitation PDF; renders, so call it outside any transaction."""
        pdf = renderer.invitation(self.data)
        data = self.data
        gettext = translations(data.language).gettext
        locale = babel_locale(data.language)

        def line(text: str, **params: object) -> str:
            return Message(text, dict(params)).render(gettext)

        lines = [
            line(N_("Hello {name},"), name=data.visitor_name),
            "",
            line(N_("You are expected at {site}."), site=data.site_name),
            "",
            line(N_("Host: {host}"), host=data.host_name),
            line(N_("Date: {date}"), date=format_date(data.expected_start, "full", locale=locale)),
        ]
        if not data.all_day:
            span = " – ".join(
                format_time(t, "short", locale=locale)
                for t in (data.expected_start, data.expected_end)
            )
            lines.append(line(N_("Time: {time}"), time=span))
        lines += [
            line(N_("Purpose: {purpose}"), purpose=gettext(data.purpose)),
            "",
            line(
                N_(
                    "Please bring the attached invitation, printed or on your phone, and show "
                    "its QR code at the kiosk when you arrive."
                )
            ),
            "",
            line(N_("This message was sent by Vartio visitor management.")),
        ]
        message = EmailMessage()
        message["To"] = self.address
        message["Subject"] = line(N_("Your invitation to {site}"), site=data.site_name)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content("\n".join(lines) + "\n")
        message.add_attachment(
            pdf, maintype="application", subtype="pdf", filename="invitation.pdf"
        )
        return message


def invitation_draft(uow: UnitOfWork, job: OutboxJob) -> InvitationDraft | None:
    """The draft for a SEND_INVITATION job inside its unit of work; None when the visitor has no
    e-mail address. Raises InvitationGone when it can never be sent."""
    invitation = uow.session.get(Invitation, job.payload.get("invitation_id"))
    token = job.secret
    if invitation is None or token is None:
        raise InvitationGone("invitation missing")
    problem = _problem(invitation, now())
    if problem not in (None, InvitationProblem.NOT_YET):  # sent ahead of the day, of course
        raise InvitationGone(f"invitation {problem}")
    address = (invitation.visit.visitor.email or "").strip()
    if not address:
        return None
    data = invitation_data(uow, invitation.id, token)
    if data is None:
        raise InvitationGone("invitation missing")
    return InvitationDraft(address, data)
