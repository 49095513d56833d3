"""What every public page must show, read from its HTML: the language and the alternates.

The contract the templates follow (house style): ``<html lang="xx">`` is the language of
the URL, and each real translation of the page (not an alias) is announced with
``<link rel="alternate" hreflang="xx" href="…">``.
"""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

LANGUAGES = ("bg", "ro", "en")


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.alternates = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html" and self.html_lang is None:
            self.html_lang = attributes.get("lang")
        elif tag == "link" and "alternate" in (attributes.get("rel") or "").split() and attributes.get("hreflang"):
            self.alternates[attributes["hreflang"]] = attributes.get("href") or ""


def parse_head(response):
    parser = _HeadParser()
    parser.feed(response.content.decode(response.charset or "utf-8"))
    return parser


def assert_renders(client, versions, language, *, aliases=()):
    """GET ``versions[language].url`` and check status, ``<html lang>`` and hreflang alternates.

    ``versions`` maps language codes to the page's real versions (the original and its
    translations); ``aliases`` are languages where the page exists only as an alias, which
    must not be announced as alternates.
    """
    page = versions[language]
    url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    head = parse_head(response)
    assert head.html_lang == language, f'GET {url}: <html lang="{head.html_lang}">, expected "{language}"'
    for code, version in versions.items():
        if code == language:
            continue
        assert code in head.alternates, (
            f'GET {url}: no <link rel="alternate" hreflang="{code}">; found {head.alternates}'
        )
        assert head.alternates[code].endswith(version.get_url()), (
            f'GET {url}: hreflang="{code}" points to {head.alternates[code]}, expected {version.get_url()}'
        )
    for code in aliases:
        assert code not in head.alternates, f'GET {url}: hreflang="{code}" announced for an alias'
    return response


def render_queries(client, url, *, cold_cache=False):
    """The queries of one GET of ``url`` after a first GET has made renditions and filled caches.

    With ``cold_cache`` the cache is emptied between the two requests, as after a deploy or
    an eviction: what the cache hid (renditions, site root paths) then costs queries.
    """
    from django.core.cache import caches

    warm_up = client.get(url)
    assert warm_up.status_code == 200, f"GET {url}: {warm_up.status_code}"
    if cold_cache:
        for alias in caches:
            caches[alias].clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return context


def describe_queries(context):
    return "\n".join(
        f"{number}. {query['sql'][:60] + ' … ' + query['sql'][-330:]}"
        for number, query in enumerate(context.captured_queries, 1)
    )


# What any page costs before its own content (1 query):
#   Wagtail's serve view: the page the path leads to, kept per site version with the request's
#   site (pagecache.routes): its specific row with its locale (1). The privacy check of the page
#   and its ancestors (BasePage.get_view_restrictions) is kept per site version too: none for a
#   page without restrictions. The site, the locale of the URL and the home page in that locale
#   are not asked for.
#   base.html's chrome (bgro.templatetags.site_tags) is kept in the cache per site version
#   (pagecache.site_version): none on a warm cache.
# The depth of the page adds nothing on a warm cache, and the home page costs the same.
PAGE_QUERIES = 1
# What an emptied cache adds: Wagtail's site root paths, used to build every URL (the sites,
# then their root page in every language), which Wagtail otherwise keeps in the cache (2); the
# site's settings (Settings → Site information: footer, site name), kept in the cache until an
# administrator saves them (1); the chrome of base.html, computed once per site version: the home
# page in every language and their specific rows (2), the language versions of the page for
# hreflang and the language switcher (1), the main menu (1) and the breadcrumbs (1); the site of
# the request (1) and the locale of the URL (1), which Wagtail's serve view then looks up; the
# privacy check, the page's ancestors and their restrictions (2); and Wagtail's walk down the
# tree to the page instead of the kept route (``cold_route_queries``).
COLD_CACHE_QUERIES = 12


# Each list is measured in Bulgarian with a warm and with an emptied cache, and in Romanian
# where its pages are still aliases of the Bulgarian ones.
QUERY_CASES = [
    pytest.param("bg", False, id="bg-warm-cache"),
    pytest.param("bg", True, id="bg-cold-cache"),
    pytest.param("ro", False, id="ro-aliases-warm-cache"),
]


def query_budget(own_queries, *, levels_below_home=1, alias_tree=False, cold_cache=False):
    """The queries a page may cost: the common ones above plus ``own_queries``.

    In a tree where the pages are still aliases (``alias_tree``), the privacy check loads the
    source page of every alias on the path (the home page and each level below it), when it is
    not kept (``cold_cache``).
    """
    total = PAGE_QUERIES + own_queries
    if cold_cache:
        total += COLD_CACHE_QUERIES + cold_route_queries(levels_below_home, alias_tree=alias_tree)
        if alias_tree:
            total += 1 + levels_below_home
    return total


def cold_route_queries(levels_below_home=1, *, alias_tree=False):
    """What Wagtail's routing costs more than the kept route: the home page in the URL's
    language (1; in a tree of aliases found by its translation key first, 1 more) and two
    queries a level (the child by slug, its specific row), instead of the page's row (1)."""
    return 2 * levels_below_home + (1 if alias_tree else 0)


def assert_queries_do_not_grow(client, url, add_items, *, budget, cold_cache=False):
    """Render ``url``, call ``add_items()``, render again: the query count must not change,
    and must stay within ``budget``."""
    small = render_queries(client, url, cold_cache=cold_cache)
    add_items()
    large = render_queries(client, url, cold_cache=cold_cache)
    assert len(large.captured_queries) == len(small.captured_queries), (
        f"GET {url}: {len(small.captured_queries)} queries before adding items, {len(large.captured_queries)} after:\n"
        f"{describe_queries(large)}"
    )
    assert len(large.captured_queries) == budget, (
        f"GET {url}: {len(large.captured_queries)} queries, budget {budget}:\n{describe_queries(large)}"
    )
    return len(large.captured_queries)
