"""/sitemap.xml: live public pages that are not aliases, with their real translations."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory, many_translatable_pages, translate

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: [
            (link.get("hreflang"), link.get("href"))
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        ]
        for url in root.findall("s:url", NS)
    }


def test_pages_with_their_translations(client, home_pages, locales):
    page = StandardPageFactory(parent=home_pages["bg"], slug="za-proekta")
    romanian = translate(page, locales["ro"])
    urls = sitemap(client)
    bulgarian_url, romanian_url = page.get_full_url(), romanian.get_full_url()
    expected = [("bg", bulgarian_url), ("ro", romanian_url), ("x-default", bulgarian_url)]
    assert urls[bulgarian_url] == expected
    assert urls[romanian_url] == expected
    # The English alias repeats the Bulgarian text: not listed.
    assert page.get_translation(locales["en"]).get_full_url() not in urls
    # The home pages: the Romanian and English ones are aliases in this test.
    assert urls[home_pages["bg"].get_full_url()] == []


def test_drafts_and_private_pages_are_left_out(client, home_pages, locales):
    draft = StandardPageFactory(parent=home_pages["bg"], live=False)
    private = StandardPageFactory(parent=home_pages["bg"])
    translate(private, locales["ro"])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    PageViewRestriction.objects.create(
        page=private.get_translation(locales["ro"]), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    public = StandardPageFactory(parent=home_pages["bg"])
    urls = sitemap(client)
    assert public.get_full_url() in urls
    assert draft.get_full_url() not in urls
    assert private.get_full_url() not in urls
    assert private.get_translation(locales["ro"]).get_full_url() not in urls


def test_query_count_does_not_depend_on_the_number_of_pages(client, home_pages):
    def count():
        with CaptureQueriesContext(connection) as captured:
            urls = sitemap(client)
        return len(captured.captured_queries), len(urls)

    many_translatable_pages(home_pages, 5)
    count()  # Wagtail caches the sites' root paths
    few, few_urls = count()
    many_translatable_pages(home_pages, 45, label="more")
    many, many_urls = count()
    assert many_urls > few_urls + 45
    # View restrictions, the pages (with their language), and nothing per page.
    assert few == many == 2


def test_every_url_is_the_one_wagtail_gives_the_page(client, home_pages, locales):
    from wagtail.models import Page

    from bgro.models import SitePageQuerySet

    cyrillic = StandardPageFactory(parent=home_pages["bg"], title="Услуги за граждани")
    assert cyrillic.slug == "uslugi-za-grazhdani"  # titles in Cyrillic get Latin slugs (issue 18)
    translate(cyrillic, locales["en"])
    StandardPageFactory(parent=cyrillic, slug="ș_ț-2026")
    pages = SitePageQuerySet(Page).visible().filter(depth__gt=1, alias_of__isnull=True)
    assert set(sitemap(client)) == {page.get_full_url() for page in pages}


def test_beyond_the_limit_a_sitemap_index(client, home_pages, locales, monkeypatch):
    from translations import sitemap as sitemap_module

    for _ in range(4):
        translate(StandardPageFactory(parent=home_pages["bg"]), locales["ro"])
    everything = sitemap(client)  # the home page and 4 pages × 2 languages
    assert len(everything) == 9
    monkeypatch.setattr(sitemap_module, "MAX_URLS", 4)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert sections == [f"http://testserver/sitemap.xml?p={number}" for number in (1, 2, 3)]
    merged = {}
    for number in (1, 2, 3):
        response = client.get("/sitemap.xml", {"p": number})
        root = ET.fromstring(response.content)
        urls = root.findall("s:url", NS)
        assert len(urls) <= 4
        for url in urls:
            merged[url.find("s:loc", NS).text] = [
                (link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", NS)
            ]
    assert merged == everything
    for bad in ("0", "4", "x", "١"):
        assert client.get("/sitemap.xml", {"p": bad}).status_code == 404
