"""Absolute links use the address the site is served on; root files browsers ask for answer."""

from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def set_address(address):
    call_command("set_site_address", address, stdout=StringIO())


def test_set_site_address_moves_every_absolute_link_to_the_dev_server(client, site, home_pages):
    set_address("http://127.0.0.1:8000")

    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert home_pages["bg"].get_full_url() == "http://127.0.0.1:8000/bg/"
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "http://127.0.0.1:8000/bg/" in sitemap
    assert "http://localhost/" not in sitemap


def test_set_site_address_takes_https_on_the_default_port(site):
    set_address("https://egov.example.org/")

    site.refresh_from_db()
    assert site.root_url == "https://egov.example.org"


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1:8000", "ftp://example.org", "http://example.org/bg/", "https://example.org:8443", "http://:80"],
)
def test_set_site_address_refuses_what_a_site_record_cannot_hold(site, address):
    with pytest.raises(CommandError):
        set_address(address)

    site.refresh_from_db()
    assert (site.hostname, site.port) == ("localhost", 80)


def test_robots_txt_points_at_the_sitemap_on_the_sites_address(client, site):
    set_address("http://127.0.0.1:8000")

    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8000")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.parametrize(
    ("address", "static_name"),
    [("/favicon.ico", "bgro/favicon.ico"), ("/apple-touch-icon.png", "bgro/apple-touch-icon.png")],
)
def test_root_icons_lead_to_a_shipped_file(client, site, address, static_name):
    response = client.get(address)

    assert response.status_code == 302
    assert response["Location"].endswith(static_name)
    assert finders.find(static_name), f"{static_name} is not in the static files"
