"""Anonymous pages from the shared cache (Redis): no SQL query on a repeated request, validators
and 304s, gzip, no Vary: Cookie, and signed-in editors always served fresh pages."""

import gzip

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from pagecache.middleware import PageCacheMiddleware
from tests.conftest import get_home_pages, get_locales
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory, translated_versions

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pages(module_db):
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    news_index = NewsIndexPageFactory(parent=home)
    news = NewsPageFactory(parent=news_index, title="Open day in Ruse")
    about = StandardPageFactory(parent=home, title="About")
    return {"home": home, "news_index": news_index, "news": news, "about": about}


def test_a_repeated_anonymous_request_runs_no_query(client, pages, page_cache, django_assert_num_queries):
    url = pages["news"].url
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    cache_control = {part.strip() for part in second["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=300"} <= cache_control
    assert "cookie" not in second["Vary"].lower()
    assert "Set-Cookie" not in second
    assert second["ETag"] and second["Last-Modified"]
    # The headers the inner middleware set on the rendered page are served from the cache too.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_every_page_kind_is_cached_in_every_language(client, pages, page_cache, django_assert_num_queries):
    urls = [f"/{code}/" for code in ("bg", "ro", "en")] + [
        pages["news_index"].url,
        pages["news_index"].url + "rss/",
        "/sitemap.xml",
        "/bg/search/?q=ruse",
        "/api/v2/pages/?limit=5",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    with django_assert_num_queries(0):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["X-Page-Cache"] == "hit", url


def test_conditional_requests_are_answered_304(client, pages, page_cache, django_assert_num_queries):
    url = pages["about"].url
    first = client.get(url)
    with django_assert_num_queries(0):
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_html_is_gzipped_for_visitors_who_accept_it(client, pages, page_cache):
    url = pages["home"].url
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2
    assert "Accept-Encoding" in zipped["Vary"]
    assert zipped["ETag"] != plain["ETag"]  # one validator per body


def test_signed_in_editors_always_get_fresh_pages(client, pages, page_cache, admin_user):
    url = pages["about"].url
    client.get(url)  # cached for visitors
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    client.logout()
    assert client.get(url)["X-Page-Cache"] == "hit"  # what the editor saw was not stored


def test_a_page_with_a_csrf_token_is_not_stored(page_cache, db):
    """A form that posts needs the visitor's own token: its page stays out of the shared cache
    (and only it: the other pages do not vary on the cookie)."""
    rendered = []

    def view(request):
        rendered.append(request.path)
        return HttpResponse(f"<form method=post><input name=csrfmiddlewaretoken value={get_token(request)}></form>")

    middleware = PageCacheMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/bg/feedback/"))
    middleware(factory.get("/bg/feedback/"))
    assert rendered == ["/bg/feedback/", "/bg/feedback/"]


def test_query_strings_and_hosts_are_cached_apart(client, pages, page_cache):
    url = pages["news_index"].url
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url + "?page=2")["X-Page-Cache"] == "miss"
    assert client.get(url, HTTP_HOST="localhost")["X-Page-Cache"] == "miss"
    assert client.get(url + "?page=2")["X-Page-Cache"] == "hit"


def test_nothing_is_cached_when_switched_off(client, pages, page_cache, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(pages["about"].url)
    response = client.get(pages["about"].url)
    assert "X-Page-Cache" not in response
    assert "Cache-Control" not in response
