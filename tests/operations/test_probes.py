"""/healthz (liveness), /readyz (readiness) and /health/ (readiness's older name)."""

import time
from unittest import mock

import pytest
from django.apps import apps
from django.db import OperationalError, connection
from django.test import override_settings

from operations import readiness
from operations.redis_cache import redis_cache
from search.node import detect_product
from tests.operations.conftest import free_port
from tests.search.node import node_settings

pytestmark = pytest.mark.smoke


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access in this test fails.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_while_the_database_is_down(client):
    with mock.patch("operations.readiness.connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OperationalError("connection refused")
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/readyz", "/health/"])
def test_ready_when_database_and_cache_answer(client, url):
    response = client.get(url)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"
    assert "failing" not in body
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/healthz", "/readyz", "/health/"])
def test_probes_answer_only_get(client, url):
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_probes_have_no_language_prefix(client, site):
    assert client.get("/bg/healthz/").status_code == 404
    assert client.get("/bg/health/").status_code == 404


def test_not_ready_names_the_database_when_it_does_not_answer(client):
    with mock.patch("operations.readiness.connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == "does not answer (OperationalError)"


@pytest.mark.django_db
def test_not_ready_names_the_cache_when_redis_does_not_answer(client):
    dead = redis_cache(f"redis://127.0.0.1:{free_port()}/0", timeout=0.2)  # nothing listens there
    with override_settings(CACHES={"default": dead}):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_a_check_that_hangs_is_cut_off_at_the_deadline(client, settings):
    settings.READINESS_TIMEOUT = 0.3

    def hangs():
        time.sleep(3)

    with mock.patch.dict(readiness.CHECKS, {"cache": hangs}):
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "no answer within 0.3 s"
    assert response.json()["checks"]["database"] == "ok"
    assert elapsed < 1.5


@pytest.mark.django_db
def test_with_the_search_node_down_search_answers_and_readiness_names_it(client, site):
    # Nothing listens on the discard port: the site search answers from the database (search.node).
    with override_settings(**node_settings(url="http://127.0.0.1:9")):
        api = client.get("/api/search/", {"q": "данък сгради", "lang": "bg"})
        page = client.get("/bg/search/", {"q": "данък сгради"})
        ready = client.get("/readyz")
    detect_product.cache_clear()

    assert (api.status_code, page.status_code) == (200, 200)
    assert api.json()["total"] == 0
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["search"]
    assert ready.json()["checks"]["search"] == "the search node does not answer"


def test_without_a_search_node_or_a_queue_only_database_and_cache_are_checked(settings):
    settings.PLATFORM_SEARCH_ENGINE = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert readiness.applicable_checks() == ["database", "cache"]


@pytest.mark.skipif(
    not apps.is_installed("django_tasks_db"), reason="django-tasks-db is not installed (its queue is not in use)"
)
@pytest.mark.django_db
def test_the_queue_is_checked_and_a_locked_table_is_reported(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    assert "queue" in readiness.applicable_checks()
    assert client.get("/readyz").json()["checks"]["queue"] == "ok"

    if connection.vendor != "postgresql":
        return
    # This test's transaction holds the table: the probe's own connection waits for it, and the
    # deadline names the queue.
    settings.READINESS_TIMEOUT = 0.5
    table = readiness.queue_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["queue"]
