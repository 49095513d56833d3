"""CORS through django-cors-headers: the open, read-only APIs answer every origin; the rest of
the site (pages, admin) shares nothing with other origins."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

ORIGIN = "https://partner.example"


@pytest.mark.parametrize("url", ["/api/v2/pages/", "/api/search/?q=x&lang=bg", "/api/catalogue/cpsv-ap.jsonld"])
def test_the_open_apis_answer_every_origin(client, home_pages, url):
    response = client.get(url, HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_reading_only(client, home_pages):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "content-type" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("url", ["/bg/", "/admin/login/", "/sitemap.xml"])
def test_pages_and_the_admin_are_not_shared(client, home_pages, url):
    response = client.get(url, HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response
