"""Production settings: no start without secrets, and Django's deployment checklist passes.

Each case runs ``manage.py`` in a fresh interpreter, because settings are read once per
process and this process already runs on the test settings.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

REPOSITORY = Path(__file__).resolve().parents[2]
PRODUCTION_VARIABLES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "EMAIL_URL",
    "ANYMAIL_PROVIDER",
)


def manage(*arguments, **environment):
    env = {name: value for name, value in os.environ.items() if name not in PRODUCTION_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="bgro.settings.production", PYTHONDONTWRITEBYTECODE="1", **environment)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def secret_key():
    return secrets.token_urlsafe(48)[:50]


@pytest.mark.parametrize(
    ("missing", "environment"),
    [
        ("SECRET_KEY", {"ALLOWED_HOSTS": "example.org"}),
        ("ALLOWED_HOSTS", {"SECRET_KEY": secret_key()}),
    ],
)
def test_production_refuses_to_start_without(missing, environment):
    result = manage("check", **environment)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert f"The environment variable {missing} is required" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="example.org",
        EMAIL_URL="smtp+tls://notifier:secret@mail.example.org:587",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_rejects_a_malformed_boolean():
    result = manage("check", SECRET_KEY=secret_key(), ALLOWED_HOSTS="example.org", SECURE_SSL_REDIRECT="maybe")

    assert result.returncode != 0
    assert "The environment variable SECURE_SSL_REDIRECT is invalid" in result.stderr
