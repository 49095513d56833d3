"""The health endpoint that the load balancer and the container healthcheck call."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.smoke


@pytest.mark.django_db
def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_database_fails(client):
    with mock.patch("bgro.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_health_is_503_when_the_query_fails(client):
    with mock.patch("bgro.views.connection") as connection:
        connection.cursor.return_value.__enter__.return_value.execute.side_effect = OperationalError("server closed")
        response = client.get("/health/")

    assert response.status_code == 503


def test_health_answers_only_get(client):
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_health_has_no_language_prefix(client, site):
    assert client.get("/bg/health/").status_code == 404
