"""The chrome of every page and the listings' counts, kept per site version (issue 17, item 4):
no query for them on a warm cache, and a visitor sees a change on the next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import InstitutionIndexPage
from pagecache import site_version
from tests.factories import InstitutionIndexPageFactory, InstitutionPageFactory, StandardPageFactory
from tests.rendering import COLD_CACHE_QUERIES, PAGE_QUERIES, cold_route_queries

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries], response.content.decode()


def test_the_chrome_costs_no_query_once_kept(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Despre", show_in_menus=True)
    url = page.get_url()
    client.get(url)

    warm, html = _queries(client, url)
    cache.clear()
    cold, _html = _queries(client, url)

    # Only Wagtail's routing of the request remains (tests.rendering.PAGE_QUERIES): the home
    # pages, the menu, the page's languages and its breadcrumbs come from the cache.
    assert len(warm) <= PAGE_QUERIES, warm
    assert len(cold) - len(warm) == COLD_CACHE_QUERIES + cold_route_queries()
    assert "Despre</a>" in html


def test_a_published_change_to_the_menu_shows_on_the_next_request(client, home_page):
    about = StandardPageFactory(parent=home_page, title="Despre proiect", show_in_menus=True)
    client.get(about.get_url())
    version = site_version.current()

    about.title = "Despre proiect și parteneri"
    about.save_revision().publish()

    assert site_version.current() != version
    html = client.get(about.get_url()).content.decode()
    assert "Despre proiect și parteneri</a>" in html


def test_a_new_section_appears_in_the_menu_of_every_page(client, home_page):
    about = StandardPageFactory(parent=home_page, title="Despre", show_in_menus=True)
    client.get(about.get_url())

    StandardPageFactory(parent=home_page, title="Contact nou", show_in_menus=True)

    assert "Contact nou" in client.get(about.get_url()).content.decode()


def test_unrelated_requests_share_the_kept_values(rf, home_page):
    first, second = rf.get("/bg/"), rf.get("/bg/")
    computed = []

    def compute():
        computed.append(1)
        return {"menu": ["a", "b"]}

    assert site_version.remember(first, ("test",), compute) == {"menu": ["a", "b"]}
    assert site_version.remember(second, ("test",), compute) == {"menu": ["a", "b"]}
    assert len(computed) == 1
    site_version.advance()
    assert site_version.remember(rf.get("/bg/"), ("test",), compute) == {"menu": ["a", "b"]}
    assert len(computed) == 2


def test_a_kept_value_is_read_from_the_process_copy_without_the_shared_cache(rf, home_page, monkeypatch):
    request = rf.get("/bg/")
    site_version.remember(request, ("menu-copy",), lambda: ["a", "b"])
    reads = []
    original_get = cache.get
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: reads.append(args[0]) or original_get(*args, **kwargs))

    assert site_version.remember(request, ("menu-copy",), lambda: ["computed again"]) == ["a", "b"]
    assert reads == []  # the version was read once per request already; the value is the process's


def test_each_reader_gets_a_copy_of_its_own(rf, home_page):
    first = site_version.remember(rf.get("/bg/"), ("list",), lambda: ["a", "b"])
    first.append("changed by one request")

    assert site_version.remember(rf.get("/bg/"), ("list",), lambda: ["computed again"]) == ["a", "b"]


def test_a_new_version_is_read_from_the_shared_cache_not_the_process_copy(rf, home_page):
    request = rf.get("/bg/")
    site_version.remember(request, ("menu-version",), lambda: "old")
    site_version.advance()  # what a publish in another worker does: only the shared cache knows

    assert site_version.remember(rf.get("/bg/"), ("menu-version",), lambda: "new") == "new"


def test_the_process_copies_keep_at_most_their_size_least_recently_used_first():
    copies = site_version.ProcessCopies(max_bytes=2000)
    for number in range(10):
        copies.put(f"key-{number}", "x" * 200)
    assert copies.get("key-0") is site_version._MISSING
    assert copies.get("key-9") == "x" * 200
    assert copies.size <= 2000
    copies.put("too-large", "x" * 1000)  # above an eighth of the whole: not kept
    assert copies.get("too-large") is site_version._MISSING


def test_the_institution_index_is_paginated(client, home_page):
    index = InstitutionIndexPageFactory(parent=home_page, aliases=False)
    size = InstitutionIndexPage.page_size
    for number in range(size + 3):
        InstitutionPageFactory(parent=index, title=f"Institution {number:03}", aliases=False)

    first = client.get(index.get_url()).content.decode()
    second = client.get(index.get_url(), {"page": "2"}).content.decode()
    beyond = client.get(index.get_url(), {"page": "999"})

    assert first.count('class="institution-list__item"') == size
    assert second.count('class="institution-list__item"') == 3
    assert 'aria-label="Pagination"' in first or 'class="pagination"' in first
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert beyond.status_code == 200  # the last page, not an error


def test_a_news_item_leaves_the_catalogue_version_and_a_service_moves_it(home_page):
    from tests.factories import NewsIndexPageFactory, NewsPageFactory, ServiceIndexPageFactory, ServicePageFactory

    news = NewsIndexPageFactory(parent=home_page)
    services = ServiceIndexPageFactory(parent=home_page)
    site, catalogue = site_version.current(), site_version.current(scope=site_version.CATALOGUE)

    NewsPageFactory(parent=news).save_revision().publish()

    assert site_version.current() != site
    assert site_version.current(scope=site_version.CATALOGUE) == catalogue

    ServicePageFactory(parent=services).save_revision().publish()

    assert site_version.current(scope=site_version.CATALOGUE) != catalogue


def test_the_finder_counts_survive_a_news_item_and_follow_a_new_service(client, home_page):
    from tests.factories import NewsIndexPageFactory, NewsPageFactory, ServiceIndexPageFactory, ServicePageFactory

    news = NewsIndexPageFactory(parent=home_page)
    services = ServiceIndexPageFactory(parent=home_page)
    ServicePageFactory(parent=services, title="Certificat de naștere")
    url = services.get_url()
    client.get(url)

    NewsPageFactory(parent=news).save_revision().publish()
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    ServicePageFactory(parent=services, title="Certificat de deces").save_revision().publish()
    with CaptureQueriesContext(connection) as recounted:
        html = client.get(url).content.decode()

    assert len(recounted) > len(kept), "a new service is counted afresh"
    assert "Certificat de deces" in html
