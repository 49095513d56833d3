"""RSS and Atom feeds of the news index in each language, and their links in every page's head."""

import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.feedgenerator import rfc2822_date, rfc3339_date
from wagtail.models import PageViewRestriction

from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    FIRST_NEWS_DATE,
    NewsIndexPageFactory,
    NewsPageFactory,
    translated_versions,
)
from tests.rendering import LANGUAGES

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


@pytest.fixture(scope="module")
def news(module_db):
    """A news index translated into both languages, three tagged news items: the newest translated
    into Romanian and English, the other two still aliases of the Bulgarian ones."""
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    index = NewsIndexPageFactory(parent=home)
    items = [NewsPageFactory(parent=index, title=f"Новина {number}") for number in range(3)]
    items[0].tags.add("сътрудничество", "е-услуги")
    items[0].save_revision().publish()
    return {
        "index": translated_versions(index, locales),
        "newest": translated_versions(items[0], locales),
        "items": items,
    }


def _midnight_in_sofia(date):
    return datetime.datetime.combine(date, datetime.time.min, tzinfo=ZoneInfo("Europe/Sofia"))


def _feed(client, index, route):
    response = client.get(index.get_url() + f"{route}/")
    assert response.status_code == 200, f"GET {index.get_url()}{route}/: {response.status_code}"
    return response, ET.fromstring(response.content)


# --- RSS ------------------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_rss_feed_in_every_language(client, news, language):
    index = news["index"][language]

    response, rss = _feed(client, index, "rss")

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("language") == language
    assert channel.findtext("link") == index.get_full_url()
    assert channel.find(f"{ATOM}link").get("href") == index.get_full_url() + "rss/"
    items = channel.findall("item")
    newest = news["newest"][language]
    assert [item.findtext("title") for item in items] == [newest.title, "Новина 1", "Новина 2"]
    first = items[0]
    assert first.findtext("link") == newest.get_full_url()
    assert first.findtext("link").startswith("http://")
    assert first.findtext("description") == newest.lead
    assert first.findtext("pubDate") == rfc2822_date(_midnight_in_sofia(newest.date))
    assert {category.text for category in first.findall("category")} == {"сътрудничество", "е-услуги"}


def test_rss_items_that_are_aliases_carry_their_language(client, news, locales):
    _response, rss = _feed(client, news["index"]["ro"], "rss")

    items = rss.find("channel").findall("item")

    assert [item.findtext(f"{DC}language") for item in items] == [None, "bg", "bg"]
    assert items[1].findtext("link") == news["items"][1].get_translation(locales["ro"]).get_full_url()


def test_bulgarian_feed_marks_no_item(client, news):
    _response, rss = _feed(client, news["index"]["bg"], "rss")

    assert all(item.find(f"{DC}language") is None for item in rss.find("channel").findall("item"))


# --- Atom -----------------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_feed_in_every_language(client, news, language):
    index = news["index"][language]

    response, feed = _feed(client, index, "atom")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert feed.tag == f"{ATOM}feed"
    assert feed.get(XML_LANG) == language
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == index.get_full_url() + "atom/"
    entries = feed.findall(f"{ATOM}entry")
    newest = news["newest"][language]
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [newest.title, "Новина 1", "Новина 2"]
    assert entries[0].find(f"{ATOM}link").get("href") == newest.get_full_url()
    assert entries[0].findtext(f"{ATOM}summary") == newest.lead
    assert entries[0].findtext(f"{ATOM}published") == rfc3339_date(_midnight_in_sofia(newest.date))
    assert all(entry.findtext(f"{ATOM}updated") for entry in entries)
    expected_languages = [None, None, None] if language == "bg" else [None, "bg", "bg"]
    assert [entry.get(XML_LANG) for entry in entries] == expected_languages


def _another_index(home_page, **kwargs):
    """A news index beside the module's (editors can have only one; the tests need fresh ones)."""
    return NewsIndexPageFactory(parent=home_page, title="More news", slug="more-news", **kwargs)


def test_feed_of_an_untranslated_index(client, news, home_page, locales):
    """The English news index is still an alias: its feed lists the English aliases."""
    index = _another_index(home_page)
    NewsPageFactory(parent=index, title="Новина")
    english_index = index.get_translation(locales["en"])
    assert english_index.alias_of_id == index.pk

    _response, rss = _feed(client, english_index, "rss")

    channel = rss.find("channel")
    assert channel.findtext("language") == "en"
    [item] = channel.findall("item")
    assert item.findtext("title") == "Новина"
    assert item.findtext(f"{DC}language") == "bg"
    assert "/en/" in item.findtext("link")


# --- What the feed holds --------------------------------------------------------------------------


def test_feed_holds_the_20_newest_items(client, news, home_page):
    index = _another_index(home_page, aliases=False)
    created = [NewsPageFactory(parent=index, aliases=False) for _ in range(25)]

    _response, rss = _feed(client, index, "rss")

    titles = [item.findtext("title") for item in rss.find("channel").findall("item")]
    newest_first = sorted(created, key=lambda page: page.date, reverse=True)
    assert titles == [page.title for page in newest_first[:20]]


def test_feed_leaves_out_private_news_and_drafts(client, news):
    index = news["index"]["bg"]
    private = NewsPageFactory(parent=index, title="Internal meeting notes", date=FIRST_NEWS_DATE)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    NewsPageFactory(parent=index, title="Draft", live=False)

    for language in LANGUAGES:
        content = client.get(news["index"][language].get_url() + "rss/").content.decode()
        assert "Internal meeting notes" not in content
        assert "Draft" not in content


def test_empty_feed(client, news, home_page):
    index = _another_index(home_page, aliases=False)

    _response, rss = _feed(client, index, "rss")

    assert rss.find("channel").findall("item") == []


def test_feed_query_count_does_not_grow_with_items(client, news, home_page):
    """The news with their languages (1 query) and their tags (1), whether 5 items or 20."""
    index = _another_index(home_page, aliases=False)
    url = index.get_url() + "rss/"

    def feed_queries():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        return len(context.captured_queries)

    for number in range(5):
        NewsPageFactory(parent=index, aliases=False).tags.add(f"tag-{number}")
    five = feed_queries()
    for number in range(15):
        NewsPageFactory(parent=index, aliases=False).tags.add(f"tag-{number}", "common")
    twenty = feed_queries()

    assert twenty == five


def test_feed_index_route_still_serves_the_news_list(client, news):
    response = client.get(news["index"]["ro"].get_url())

    assert response.status_code == 200
    assert response.templates[0].name == "news/news_index_page.html"


def test_news_item_with_a_route_name_is_not_a_feed(client, news):
    assert client.get(news["index"]["bg"].get_url() + "rss/extra/").status_code == 404


# --- Links in the head ----------------------------------------------------------------------------


def _feed_links(response):
    from html.parser import HTMLParser

    links = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "link" and attributes.get("type") in (RSS_TYPE, ATOM_TYPE):
                links.append((attributes["type"], attributes.get("title"), attributes["href"]))

    Parser().feed(response.content.decode())
    return links


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_language_announces_its_feeds(client, news, language):
    index = news["index"][language]
    expected_urls = [index.get_full_url() + "rss/", index.get_full_url() + "atom/"]

    for url in (f"/{language}/", news["newest"][language].get_url(), index.get_url(), f"/{language}/search/?q=x"):
        links = _feed_links(client.get(url))
        assert [href for _type, _title, href in links] == expected_urls, url
        assert [link_type for link_type, _title, _href in links] == [RSS_TYPE, ATOM_TYPE]
        assert all(title for _type, title, _href in links)


def test_feed_link_titles_are_translated(client, news):
    [(_type, title, _href), _atom] = _feed_links(client.get("/ro/"))

    assert title == "Știri (RSS)"


def test_no_feed_links_without_a_news_index(client, news):
    for index in news["index"].values():
        index.unpublish()

    assert _feed_links(client.get("/bg/")) == []
    assert _feed_links(client.get("/ro/")) == []


def test_feed_dates_are_the_news_dates_at_midnight_in_sofia(client, news, home_page):
    index = _another_index(home_page, aliases=False)
    NewsPageFactory(parent=index, date=datetime.date(2024, 7, 15), aliases=False)
    NewsPageFactory(parent=index, date=datetime.date(2024, 1, 15), aliases=False)

    _response, rss = _feed(client, index, "rss")
    _response, atom = _feed(client, index, "atom")

    assert [item.findtext("pubDate") for item in rss.find("channel").findall("item")] == [
        "Mon, 15 Jul 2024 00:00:00 +0300",
        "Mon, 15 Jan 2024 00:00:00 +0200",
    ]
    assert [entry.findtext(f"{ATOM}published") for entry in atom.findall(f"{ATOM}entry")] == [
        "2024-07-15T00:00:00+03:00",
        "2024-01-15T00:00:00+02:00",
    ]
