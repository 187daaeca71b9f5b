"""SmtpMailer against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from email.message import EmailMessage

import pytest

from core.mail import KEYRING_SERVICE, MailFailed, SmtpMailer, SmtpSettings, keyring_username
from tests.smtp import HOST, free_port

SENDER = "vartio@example.test"


def _message(to: str = "aino@example.test") -> EmailMessage:
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = "Your visitor Kaisa Testinen has arrived"
    message.set_content("Visitor: Kaisa Testinen\n")
    return message


def _settings(port: int, **kwargs) -> SmtpSettings:
    values = dict(host=HOST, sender=SENDER, port=port, starttls=False, timeout=5.0)
    values.update(kwargs)
    return SmtpSettings(**values)


@pytest.fixture
def password(memory_keyring):
    """put(user, password): a keyring entry for the SMTP login, removed after the test."""
    users = []

    def put(user: str, secret: str) -> None:
        users.append(user)
        memory_keyring.set_password(KEYRING_SERVICE, keyring_username(user), secret)

    yield put
    for user in users:
        memory_keyring.delete_password(KEYRING_SERVICE, keyring_username(user))


def test_plain_send_reaches_the_server_with_sender_date_and_id(smtp_server):
    SmtpMailer(_settings(smtp_server.port)).send(_message())
    [envelope] = smtp_server.inbox.envelopes
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == ["aino@example.test"]
    [received] = smtp_server.inbox.messages()
    assert received["From"] == SENDER and received["Date"] and received["Message-ID"]
    assert "Kaisa Testinen" in received.get_content()


def test_closed_port_is_a_mail_failure_without_personal_data():
    with pytest.raises(MailFailed) as caught:
        SmtpMailer(_settings(free_port())).send(_message())
    assert "ConnectionRefusedError" in caught.value.detail
    assert "aino" not in caught.value.detail


def test_starttls_asked_of_a_server_without_it_fails_clearly(smtp_server):
    with pytest.raises(MailFailed) as caught:
        SmtpMailer(_settings(smtp_server.port, starttls=True)).send(_message())
    assert caught.value.message.key == "The mail server does not offer STARTTLS."
    assert "offers no STARTTLS" in caught.value.detail
    assert smtp_server.inbox.envelopes == []


def test_starttls_with_an_untrusted_certificate_fails(start_smtp, tls):
    server = start_smtp(tls=tls.server)
    with pytest.raises(MailFailed) as caught:
        SmtpMailer(_settings(server.port, starttls=True)).send(_message())
    assert "SSLCertVerificationError" in caught.value.detail
    assert server.inbox.envelopes == []


def test_starttls_and_login_with_the_password_from_the_keyring(start_smtp, tls, password):
    server = start_smtp(tls=tls.server, login=("vartio", "correct horse"))
    password("vartio", "correct horse")
    settings = _settings(server.port, starttls=True, username="vartio", cafile=str(tls.cafile))
    SmtpMailer(settings).send(_message())
    assert server.logins == [("vartio", "correct horse")]
    assert len(server.inbox.envelopes) == 1


def test_wrong_password_is_refused(start_smtp, tls, password):
    server = start_smtp(tls=tls.server, login=("vartio", "correct horse"))
    password("vartio", "battery staple")
    settings = _settings(server.port, starttls=True, username="vartio", cafile=str(tls.cafile))
    with pytest.raises(MailFailed) as caught:
        SmtpMailer(settings).send(_message())
    assert caught.value.detail == "SMTPAuthenticationError 535"
    assert server.inbox.envelopes == []


def test_missing_keyring_entry_is_a_failure_before_any_login(start_smtp, tls):
    server = start_smtp(tls=tls.server, login=("nobody", "x"))
    settings = _settings(server.port, starttls=True, username="nobody", cafile=str(tls.cafile))
    with pytest.raises(MailFailed) as caught:
        SmtpMailer(settings).send(_message())
    assert caught.value.message.key == "The mail password is missing from the keyring."
    assert server.logins == []


def test_a_password_is_never_sent_without_starttls(smtp_server, password):
    password("vartio", "correct horse")
    with pytest.raises(MailFailed, match="without STARTTLS"):
        SmtpMailer(_settings(smtp_server.port, username="vartio")).send(_message())
    assert smtp_server.inbox.envelopes == []


def test_settings_from_the_environment():
    assert SmtpSettings.from_env({}) is None
    assert SmtpSettings.from_env({"VARTIO_SMTP_HOST": "  "}) is None
    plain = SmtpSettings.from_env({"VARTIO_SMTP_HOST": "relay", "VARTIO_SMTP_STARTTLS": "0"})
    assert plain == SmtpSettings(host="relay", sender="vartio@relay", port=25, starttls=False)
    full = SmtpSettings.from_env(
        {
            "VARTIO_SMTP_HOST": "mail.example.fi",
            "VARTIO_SMTP_USER": "kiosk",
            "VARTIO_SMTP_FROM": "reception@example.fi",
        }
    )
    assert full is not None
    assert (full.port, full.starttls, full.username, full.sender) == (
        587,
        True,
        "kiosk",
        "reception@example.fi",
    )
    custom = SmtpSettings.from_env({"VARTIO_SMTP_HOST": "h", "VARTIO_SMTP_PORT": "2525"})
    assert custom is not None and custom.port == 2525
    with pytest.raises(ValueError):
        SmtpSettings.from_env({"VARTIO_SMTP_HOST": "h", "VARTIO_SMTP_STARTTLS": "maybe"})
    with pytest.raises(ValueError):
        SmtpSettings.from_env({"VARTIO_SMTP_HOST": "h", "VARTIO_SMTP_PORT": "70000"})
