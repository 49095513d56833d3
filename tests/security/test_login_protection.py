"""Sign-in protection: lockout per account and per address (django-axes through Wagtail's sign-in
page), the audit log, unlock_login and purge_login_records, password rules, idle sessions."""

import logging
import secrets
import string
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django.utils.translation import override

from security.client_address import client_address

PASSWORD = "correct horse battery staple 42"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_an_account_is_locked_after_the_failure_limit_even_from_many_addresses(client, editor):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "editor", f"wrong {attempt}", address=f"192.0.2.{attempt}")
        assert response.status_code == 200  # the form again, with its error
    # The failure that reaches the limit, then the right password: both refused.
    assert sign_in(client, "editor", "wrong again", address="192.0.2.99").status_code == 429
    locked = sign_in(client, "editor", PASSWORD, address="198.51.100.7")
    assert locked.status_code == 429
    assert "Sign-in temporarily blocked" in locked.content.decode()
    assert not locked.wsgi_request.user.is_authenticated

    output = StringIO()
    call_command("unlock_login", username="editor", stdout=output)
    assert "removed" in output.getvalue()
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.7").status_code == 302


def test_an_address_is_locked_after_the_failure_limit_across_accounts(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{attempt}", "wrong", address="203.0.113.5")
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.5").status_code == 429
    # The same account from elsewhere still signs in: the lockout was the address's.
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.6").status_code == 302
    call_command("unlock_login", ip="203.0.113.5", stdout=StringIO())
    client.logout()
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.5").status_code == 302


def test_the_lockout_page_is_translated(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            LOGIN, {"username": "editor", "password": f"x{attempt}"}, REMOTE_ADDR="192.0.2.50", HTTP_ACCEPT_LANGUAGE="ro"
        )
    assert response.status_code == 429
    with override("ro"):
        from django.utils.translation import gettext

        heading = gettext("Sign-in temporarily blocked")
    assert heading != "Sign-in temporarily blocked"
    assert heading in response.content.decode()


def test_the_audit_log_names_account_and_address_never_the_password(client, editor, caplog):
    with caplog.at_level(logging.INFO, logger="security.login"):
        sign_in(client, "editor", "my secret guess", address="192.0.2.77")
        sign_in(client, "editor", PASSWORD, address="192.0.2.77")
    text = caplog.text
    # The log lines name the account; the address is replaced in every log line (no personal
    # data in logs: operations.log_settings) and kept only in axes' records, which
    # purge_login_records deletes after LOGIN_RECORDS_RETENTION_DAYS.
    assert "sign-in failed: account='editor' address=[address]" in text
    assert "sign-in succeeded: account='editor' address=[address]" in text
    assert "192.0.2.77" not in text
    assert "my secret guess" not in text and PASSWORD not in text
    assert AccessLog.objects.filter(username="editor", ip_address="192.0.2.77").exists()
    assert AccessFailureLog.objects.filter(username="editor", ip_address="192.0.2.77").exists()


def test_unlock_login_needs_an_account_or_an_address(db):
    with pytest.raises(CommandError, match="--username"):
        call_command("unlock_login")


def test_purge_login_records_keeps_only_what_is_still_needed(client, editor):
    sign_in(client, "editor", "wrong", address="192.0.2.1")
    sign_in(client, "editor", PASSWORD, address="192.0.2.1")
    old = timezone.now() - timedelta(days=settings.LOGIN_RECORDS_RETENTION_DAYS + 1)
    AccessLog.objects.update(attempt_time=old)
    AccessFailureLog.objects.update(attempt_time=old)
    sign_in(client, "editor", "wrong again", address="192.0.2.2")  # a fresh failure stays
    AccessAttempt.objects.filter(ip_address="192.0.2.1").update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)

    call_command("purge_login_records", stdout=StringIO())
    assert not AccessLog.objects.exists()
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == ["192.0.2.2"]
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.2"]
    with pytest.raises(CommandError):
        call_command("purge_login_records", days=-1)


@pytest.mark.parametrize(
    ("password", "code"),
    [("Tr0ub4dor&3", "password_too_short"), ("password1234", "password_too_common"),
     ("qwertyuiop123", "password_too_common"), ("123456789012", "password_entirely_numeric")],  # fmt: skip
)
def test_short_common_and_numeric_passwords_are_refused(password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert code in [error.code for error in refused.value.error_list]


def test_long_uncommon_passwords_pass_including_make_runs_generated_one():
    generated = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))  # bin/run
    validate_password(generated)
    validate_password("Tr0ub4dor&3xQ")


def test_sessions_end_after_idle_minutes_and_move_with_each_request(client, editor):
    assert settings.SESSION_COOKIE_AGE == 60 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    # An expired session signs out.
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [(0, "1.1.1.1", "10.0.0.1"), (1, "6.6.6.6, 192.0.2.9", "192.0.2.9"), (2, "6.6.6.6, 192.0.2.9, 10.0.0.2", "192.0.2.9"),
     (1, "", "10.0.0.1")],  # fmt: skip
)
def test_the_address_is_the_one_the_trusted_proxies_saw(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == expected
