"""Mail over SMTP: settings from the environment, the password from the OS keyring only.

The password is looked up at each send (service ``vartio``, username ``smtp:<user>``), so it is
never held in the settings, the database or the environment.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

import keyring
import keyring.errors

from core.messages import N_, Message

KEYRING_SERVICE = "vartio"
DEFAULT_TIMEOUT_S = 20.0


class MailFailed(Exception):
    """The message was not handed to the mail server; ``detail`` is for logs, never personal."""

    def __init__(self, message: Message, detail: str = "") -> None:
        super().__init__(detail or message.render())
        self.message = message
        self.detail = detail


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def keyring_username(user: str) -> str:
    return f"smtp:{user}"


@dataclass(frozen=True)
class SmtpSettings:
    """Where mail goes. ``port`` 0 means the usual one: 587 with STARTTLS, 25 without."""

    host: str
    sender: str
    port: int = 0
    starttls: bool = True
    username: str | None = None
    timeout: float = DEFAULT_TIMEOUT_S
    cafile: str | None = None  # a CA bundle to trust instead of the system's (internal CAs)

    def __post_init__(self) -> None:
        if self.port == 0:
            object.__setattr__(self, "port", 587 if self.starttls else 25)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """Settings from ``VARTIO_SMTP_*``; None when no host is configured (mail is off)."""
        env = os.environ if environ is None else environ
        host = env.get("VARTIO_SMTP_HOST", "").strip()
        if not host:
            return None
        flag = env.get("VARTIO_SMTP_STARTTLS", "1").strip().lower()
        if flag not in ("1", "0", "true", "false", "yes", "no"):
            raise ValueError("VARTIO_SMTP_STARTTLS must be 1 or 0")
        port = env.get("VARTIO_SMTP_PORT", "").strip()
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            raise ValueError("VARTIO_SMTP_PORT must be a port number")
        user = env.get("VARTIO_SMTP_USER", "").strip() or None
        return cls(
            host=host,
            sender=env.get("VARTIO_SMTP_FROM", "").strip() or f"vartio@{host}",
            port=int(port) if port else 0,
            starttls=flag in ("1", "true", "yes"),
            username=user,
            cafile=env.get("VARTIO_SMTP_CAFILE", "").strip() or None,
        )


def _failed(detail: str) -> MailFailed:
    return MailFailed(Message(N_("The e-mail could not be sent.")), detail)


def _describe(exc: Exception) -> str:
    """What went wrong without the server's text, which often echoes the recipient's address."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _text in exc.recipients.values()})
        return f"recipient refused ({', '.join(map(str, codes))})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__} {exc.smtp_code}"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    return type(exc).__name__


class SmtpMailer:
    """Sends each message in its own SMTP session (notices are rare; no idle connection)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def _password(self) -> str:
        user = self.settings.username
        assert user is not None
        try:
            password = keyring.get_password(KEYRING_SERVICE, keyring_username(user))
        except keyring.errors.KeyringError as exc:
            raise _failed(f"keyring: {type(exc).__name__}") from exc
        if password is None:
            raise MailFailed(
                Message(N_("The mail password is missing from the keyring.")),
                f"no keyring entry {KEYRING_SERVICE}/{keyring_username(user)}",
            )
        return password

    def _tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.cafile)

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        if "From" not in message:
            message["From"] = s.sender
        if "Date" not in message:
            message["Date"] = formatdate(usegmt=True)
        if "Message-ID" not in message:
            message["Message-ID"] = make_msgid(domain=s.sender.rpartition("@")[2] or None)
        if s.username and not s.starttls:
            raise MailFailed(
                Message(N_("The mail settings are not safe: a password needs STARTTLS.")),
                "login without STARTTLS refused",
            )
        try:
            with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
                smtp.ehlo()
                if s.starttls:
                    if not smtp.has_extn("starttls"):
                        raise MailFailed(
                            Message(N_("The mail server does not offer STARTTLS.")),
                            f"{s.host}:{s.port} offers no STARTTLS",
                        )
                    smtp.starttls(context=self._tls())
                    smtp.ehlo()
                if s.username:
                    smtp.login(s.username, self._password())
                smtp.send_message(message)
        except MailFailed:
            raise
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            raise _failed(_describe(exc)) from exc
