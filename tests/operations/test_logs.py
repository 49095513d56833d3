"""One log line per request and per job, as JSON or text, with nothing that identifies a visitor."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django_tasks import task

from bgro.personal_data import redact
from operations.log_settings import PersonalDataFilter, logging_settings
from search.log import record_search
from search.models import SearchQueryLog

REPOSITORY = Path(__file__).resolve().parents[2]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@task()
def add_numbers(first, second):
    return first + second


@task()
def fail_loudly(address):
    raise ValueError("the job failed")


@pytest.mark.smoke
@pytest.mark.parametrize(
    "text, expected",
    [
        ("maria.ivanova@example.bg данък", "[e-mail] данък"),
        ("егн 8001011234 такса", "егн [number] такса"),
        ("cnp 1800101123456", "cnp [number]"),
        ("тел. +359 88 812 3456", "тел. [number]"),
        ("0721-123-456 primăria", "[number] primăria"),
        ("from 192.168.10.4", "from [address]"),
        ("данък сгради 2026", "данък сгради 2026"),  # years and short numbers stay
        ("ул. Александровска 12, 7000 Русе", "ул. Александровска 12, 7000 Русе"),
    ],
)
def test_personal_data_is_replaced_by_placeholders(text, expected):
    assert redact(text) == expected


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_search_log_stays_anonymous():
    record_search("Maria.Ivanova@example.bg данък 8001011234", "bg", 3, 12.5)

    entry = SearchQueryLog.objects.get()
    assert entry.query == "[e-mail] данък [number]"
    assert entry.hour.minute == entry.hour.second == 0
    assert {field.name for field in SearchQueryLog._meta.fields} == {
        "id", "query", "language", "result_count", "duration_ms", "hour",
    }


@pytest.mark.smoke
@pytest.mark.django_db
def test_each_request_is_logged_without_query_string_or_address(client, site, caplog):
    caplog.set_level(logging.INFO, logger="bgro.requests")

    client.get("/bg/privacy/", {"email": "maria@example.bg"}, REMOTE_ADDR="203.0.113.7")
    client.get("/bg/no-such-page/", {"q": "0888123456"}, REMOTE_ADDR="203.0.113.7")

    records = [record for record in caplog.records if record.name == "bgro.requests"]
    assert [(record.method, record.path, record.status) for record in records] == [
        ("GET", "/bg/privacy/", 200),
        ("GET", "/bg/no-such-page/", 404),
    ]
    assert all(record.duration_ms >= 0 for record in records)
    logged = caplog.text + "".join(str(vars(record)) for record in records)
    assert "maria" not in logged and "0888123456" not in logged and "203.0.113.7" not in logged


@pytest.mark.smoke
def test_probes_are_logged_at_debug_only(client, caplog):
    caplog.set_level(logging.INFO, logger="bgro.requests")
    client.get("/healthz")
    assert not [record for record in caplog.records if record.name == "bgro.requests"]


@pytest.mark.smoke
def test_a_record_carrying_the_request_loses_it_and_messages_are_redacted():
    # django.request attaches the request, whose representation holds the query string.
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), None)
    record.request = "<WSGIRequest: GET '/x?email=maria@example.bg'>"
    record.status_code = 500
    formatted = _json_formatter().format(record) if PersonalDataFilter().filter(record) else ""

    line = json.loads(formatted)
    assert "request" not in line and line["status_code"] == 500
    assert line["message"] == "Internal Server Error: /x"
    mail = logging.LogRecord("bgro", logging.WARNING, __file__, 1, "mail to %s failed", ("maria@example.bg",), None)
    PersonalDataFilter().filter(mail)
    assert mail.getMessage() == "mail to [e-mail] failed"
    timing = logging.LogRecord("bgro", logging.INFO, __file__, 1, "GET %s %s %.1f ms", ("/bg/", 200, 774.0), None)
    PersonalDataFilter().filter(timing)
    assert timing.getMessage() == "GET /bg/ 200 774.0 ms"


def _json_formatter():
    from pythonjsonlogger.json import JsonFormatter

    options = dict(logging_settings("json")["formatters"]["json"])
    options.pop("()")
    return JsonFormatter(**options)


@pytest.mark.smoke
def test_log_format_is_checked():
    from django.core.exceptions import ImproperlyConfigured

    from bgro.settings.env import env
    from operations.log_settings import log_format

    os.environ["LOG_FORMAT"] = "xml"
    try:
        with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT is invalid: expected one of json, text"):
            env("LOG_FORMAT", "text", log_format)
    finally:
        del os.environ["LOG_FORMAT"]


@pytest.mark.smoke
@override_settings(TASKS=IMMEDIATE)
def test_each_job_is_logged_once_with_its_state_and_duration_not_its_arguments(caplog):
    caplog.set_level(logging.INFO, logger="bgro.jobs")

    add_numbers.enqueue(20, 22)
    fail_loudly.enqueue("maria@example.bg")

    records = [record for record in caplog.records if record.name == "bgro.jobs"]
    assert [(record.task, record.state) for record in records] == [
        ("tests.operations.test_logs.add_numbers", "SUCCESSFUL"),
        ("tests.operations.test_logs.fail_loudly", "FAILED"),
    ]
    assert all(record.duration_ms is not None and record.duration_ms >= 0 for record in records)
    assert records[1].levelno == logging.ERROR
    assert "maria" not in caplog.text


# The production settings, in a fresh interpreter: every line on standard error is one JSON
# object, requests and jobs included, and none holds the query string or the visitor's address.
PRODUCTION_RUN = """
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
from tests.operations.test_logs import IMMEDIATE, add_numbers
client = Client(REMOTE_ADDR="203.0.113.7")
# Static files were not collected for this run: plain storage instead of the manifest.
plain = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(TASKS=IMMEDIATE, STORAGES=plain):
    assert client.get("/bg/privacy/?email=maria@example.bg", secure=True).status_code == 200
    assert client.get("/ro/no-such-page/?tel=0888123456", secure=True).status_code == 404
    assert client.get("/healthz").status_code == 200
    add_numbers.enqueue(1, 2)
"""


@pytest.mark.django_db
def test_production_writes_one_json_line_per_request_and_per_job(site):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the production run reads the test database from another process: PostgreSQL only")
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("LOG_", "REDIS_", "ELASTIC"))},
        "DJANGO_SETTINGS_MODULE": "bgro.settings.production",
        "PYTHONPATH": f"{REPOSITORY}/site:{REPOSITORY}",
        "SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-for-the-checks-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": url,
        "STATIC_ROOT": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_RUN],
        cwd=REPOSITORY, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]

    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    requests = [line for line in lines if line["logger"] == "bgro.requests"]
    jobs = [line for line in lines if line["logger"] == "bgro.jobs"]
    assert [(line["method"], line["path"], line["status"]) for line in requests] == [
        ("GET", "/bg/privacy/", 200),
        ("GET", "/ro/no-such-page/", 404),
    ]
    assert all({"time", "level", "message", "duration_ms"} <= line.keys() for line in requests)
    assert requests[0]["message"].startswith("GET /bg/privacy/ 200 ")
    assert requests[0]["time"].endswith("+00:00")  # ISO 8601, UTC
    assert [(line["task"], line["state"]) for line in jobs] == [("tests.operations.test_logs.add_numbers", "SUCCESSFUL")]
    for personal in ("maria", "0888123456", "203.0.113.7"):
        assert personal not in result.stderr
