"""The page a path leads to, kept per site version (pagecache.routes): one query instead of
Wagtail's walk down the tree, and the same answer Wagtail's routing gives."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from pagecache import site_version
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from tests.rendering import PAGE_QUERIES

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, len(context.captured_queries)


def test_a_deep_page_is_found_with_one_query_once_its_path_is_kept(client, home_page):
    section = StandardPageFactory(parent=home_page, title="Despre")
    deep = StandardPageFactory(parent=StandardPageFactory(parent=section, title="Proiect"), title="Parteneri")
    url = deep.get_url()

    first, walked = _get(client, url)
    second, kept = _get(client, url)

    assert first.status_code == second.status_code == 200
    assert second.context["page"].pk == deep.pk
    # Three levels below the home page, as one level below it (tests.rendering.PAGE_QUERIES).
    assert kept <= PAGE_QUERIES < walked


def test_a_routable_page_keeps_its_own_routes(client, home_page):
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news)
    feed = news.get_url() + "rss/"

    for _ in range(2):
        response = client.get(feed)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
    assert client.get(news.get_url()).context["page"].pk == news.pk


def test_an_unpublished_page_answers_404_on_the_next_request(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Anunț")
    url = page.get_url()
    assert client.get(url).status_code == 200

    page.unpublish()

    assert client.get(url).status_code == 404


def test_a_moved_page_is_found_at_its_new_address_only(client, home_page):
    old_parent = StandardPageFactory(parent=home_page, title="Vechi")
    new_parent = StandardPageFactory(parent=home_page, title="Nou")
    page = StandardPageFactory(parent=old_parent, title="Formulare")
    old_url = page.get_url()
    assert client.get(old_url).status_code == 200

    page.move(new_parent, pos="last-child")
    page.refresh_from_db()

    assert client.get(page.get_url()).context["page"].pk == page.pk
    assert client.get(old_url).status_code in (301, 302, 404)


def _kept(url, start, components):
    request = RequestFactory().get(url)
    with translation.override(start.locale.language_code):
        return cache.get(site_version.key(request, "route", "/".join(components)))


def test_a_page_address_is_kept_and_an_unknown_path_is_not(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Contact")
    client.get(page.get_url())
    assert _kept(page.get_url(), home_page, [page.slug]) == (page.pk, page.content_type_id)

    unknown = home_page.get_url() + "nu-exista/"
    assert client.get(unknown).status_code == 404
    assert _kept(unknown, home_page, ["nu-exista"]) is None


def test_a_routable_page_route_below_its_address_is_not_kept(client, home_page):
    news = NewsIndexPageFactory(parent=home_page)
    client.get(news.get_url() + "rss/")
    assert _kept(news.get_url() + "rss/", home_page, [news.slug, "rss"]) is None


def test_a_kept_page_costs_no_site_locale_or_home_page_query(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Contact")
    for url in (page.get_url(), home_page.get_url()):
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        tables = " ".join(query["sql"] for query in context.captured_queries)
        assert "wagtailcore_site" not in tables
        assert 'FROM "wagtailcore_locale"' not in tables
        assert len(context.captured_queries) <= PAGE_QUERIES


def test_a_published_change_shows_on_the_next_request(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Program")
    url = page.get_url()
    assert client.get(url).context["page"].title == "Program"

    page.title = "Program nou"
    page.save_revision().publish()

    assert client.get(url).context["page"].title == "Program nou"


def test_a_restriction_set_on_a_section_applies_to_a_kept_page_on_the_next_request(client, home_page):
    section = StandardPageFactory(parent=home_page, title="Intern")
    page = StandardPageFactory(parent=section, title="Raport")
    url = page.get_url()
    assert client.get(url).status_code == client.get(url).status_code == 200  # route and privacy kept

    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(url).status_code == 302  # to the sign-in page
    restriction.delete()
    assert client.get(url).status_code == 200


def test_a_password_restriction_is_asked_for_on_every_request_once_kept(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Parolă")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="danube-2026")
    url = page.get_url()

    first, second = client.get(url), client.get(url)

    # Wagtail's password form each time, not the page.
    assert first.status_code == second.status_code == 200
    assert first.templates[0].name == second.templates[0].name == "wagtailcore/password_required.html"


def test_a_page_without_restrictions_costs_no_privacy_query_once_kept(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Public")
    client.get(page.get_url())

    with CaptureQueriesContext(connection) as context:
        client.get(page.get_url())

    assert not [query for query in context.captured_queries if "pageviewrestriction" in query["sql"]]


@pytest.mark.parametrize("language", ["bg", "ro", "en"])
def test_the_search_page_gets_its_kept_site_and_a_health_probe_no_site_at_all(client, home_page, language):
    client.get(f"/{language}/search/", {"q": "Дунав"})
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/{language}/search/", {"q": "Дунав"})
    assert response.status_code == 200
    assert "wagtailcore_site" not in " ".join(query["sql"] for query in context.captured_queries)

    # The probes are not marked: they read no site (a cold cache would cost them a query).
    with CaptureQueriesContext(connection) as context:
        assert client.get("/healthz").status_code == 200
    assert not context.captured_queries
