"""Outgoing e-mail: EMAIL_URL, delivery through a real SMTP server, retries, the deploy check.

The SMTP server is aiosmtpd, listening on a free local port for the test; messages are read
back as the server received them (envelope and raw bytes).
"""

import email
import email.policy
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from bgro.checks import check_email_is_delivered
from bgro.mail import RETRY_DELAYS, EmailNotDelivered, queue_email, send_email
from bgro.settings.email import as_email_url, email_settings
from tests.bgro.test_settings import manage, secret_key

pytestmark = pytest.mark.smoke

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd handler and authenticator: keeps every message and every login it accepts."""

    def __init__(self):
        self.envelopes = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def __call__(self, server, session, envelope, mechanism, auth_data):
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        return AuthResult(success=(login, password) == ("notifier", "p@ss:word"))

    def messages(self):
        return [email.message_from_bytes(envelope.content, policy=email.policy.default) for envelope in self.envelopes]


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=free_port(), authenticator=mailbox, auth_require_tls=False
    )
    controller.start()
    try:
        # The password has characters a URL must escape: EMAIL_URL carries them percent-encoded.
        url = f"smtp://notifier:p%40ss%3Aword@127.0.0.1:{controller.port}"
        with override_settings(**as_email_url(url), TASKS=IMMEDIATE_TASKS):
            yield mailbox
    finally:
        controller.stop()


def test_queued_email_is_delivered_through_smtp(smtp_server):
    result = queue_email("Промяна в източника: Община Русе", "Здравейте,\nстраницата е променена.", ["ana@example.org"])

    assert result.status == "SUCCESSFUL", result.errors
    assert smtp_server.logins == [("notifier", "p@ss:word")]
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["ana@example.org"]
    assert envelope.mail_from == "no-reply@bgro-egovernet.eu"
    [message] = smtp_server.messages()
    # Django folds the encoded subject onto a continuation line; the parser keeps its space.
    assert message["Subject"].strip() == "Промяна в източника: Община Русе"
    # Lines travel with CRLF (SMTP); an 8-bit body keeps them when parsed back.
    assert message.get_content().replace("\r\n", "\n") == "Здравейте,\nстраницата е променена.\n"


def test_sendtestemail_delivers_through_smtp(smtp_server):
    call_command("sendtestemail", "operator@example.org")

    [message] = smtp_server.messages()
    assert message["To"] == "operator@example.org"
    assert message["Subject"].startswith("Test email from")


def test_a_refused_connection_is_retried_later_with_a_growing_delay():
    closed_port = free_port()  # nothing listens there: the connection is refused
    with override_settings(**as_email_url(f"smtp://127.0.0.1:{closed_port}"), TASKS=DUMMY_TASKS):
        backend = send_email.get_backend()
        before = timezone.now()
        first = send_email.call("Subject", "Body", ["ana@example.org"])
        second = send_email.call("Subject", "Body", ["ana@example.org"], attempt=2)

        assert first["delivered"] is False and second["delivered"] is False
        assert "refused" in first["error"].lower()
        retries = backend.results
        assert [retry.kwargs["attempt"] for retry in retries] == [2, 3]
        assert retries[0].kwargs["to"] == ["ana@example.org"]
        delays = [retry.task.run_after - before for retry in retries]
        assert timedelta(seconds=RETRY_DELAYS[0]) <= delays[0] < timedelta(seconds=RETRY_DELAYS[0] + 30)
        assert timedelta(seconds=RETRY_DELAYS[1]) <= delays[1] < timedelta(seconds=RETRY_DELAYS[1] + 30)

        # After the last delay the message is given up, and the task fails where it is recorded.
        with pytest.raises(EmailNotDelivered, match="Still failing"):
            send_email.call("Subject", "Body", ["ana@example.org"], attempt=len(RETRY_DELAYS) + 1)
        assert len(backend.results) == 2


def test_a_permanent_refusal_is_not_retried():
    class RefusingMailbox(Mailbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            return "550 5.1.1 No such user"

    mailbox = RefusingMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with override_settings(**as_email_url(f"smtp://127.0.0.1:{controller.port}"), TASKS=DUMMY_TASKS):
            with pytest.raises(EmailNotDelivered, match="Refused for good"):
                send_email.call("Subject", "Body", ["nobody@example.org"])
            assert send_email.get_backend().results == []
    finally:
        controller.stop()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
        (
            "smtp+tls://u%40x:p%2Fw@mail.example.org:2525",
            {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False, "EMAIL_HOST_USER": "u@x", "EMAIL_HOST_PASSWORD": "p/w"},
        ),
        ("smtp+ssl://mail.example.org?timeout=3", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 3.0}),
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url_gives_the_smtp_settings(url, expected):
    settings = as_email_url(url)

    assert {name: settings[name] for name in expected} == expected


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://mail.example.org:port"])
def test_a_malformed_email_url_is_refused(url):
    with pytest.raises(ValueError):
        as_email_url(url)


def test_anymail_provider_takes_its_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("ANYMAIL_PROVIDER", "postmark")
    monkeypatch.delenv("EMAIL_URL", raising=False)
    with pytest.raises(ImproperlyConfigured, match="POSTMARK_SERVER_TOKEN is required"):
        email_settings()

    monkeypatch.setenv("POSTMARK_SERVER_TOKEN", "token-123")
    chosen = email_settings()
    assert chosen["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert chosen["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "token-123"}

    monkeypatch.setenv("ANYMAIL_PROVIDER", "pigeon")
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        email_settings()


def test_deploy_check_refuses_mail_that_is_not_delivered():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        [error] = check_email_is_delivered()
    assert error.id == "bgro.E010"
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        assert check_email_is_delivered() == []


def test_production_without_an_email_backend_fails_the_deployment_checklist():
    result = manage("check", "--deploy", SECRET_KEY=secret_key(), ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "bgro.E010" in result.stderr
    assert "E-mail is not delivered" in result.stderr
