"""Open Graph and Twitter card tags in the head of every page, for sharing on social media."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    translate,
    translated_versions,
)
from tests.rendering import LANGUAGES, render_queries

pytestmark = pytest.mark.django_db


class _MetaParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = []  # (property or name, content), in order: og:locale:alternate repeats

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        key = attributes.get("property") or attributes.get("name") or ""
        if tag == "meta" and key.startswith(("og:", "twitter:", "article:")):
            self.meta.append((key, attributes.get("content")))


def social_tags(response):
    """The sharing tags of a response: a dict of single values, with ``og:locale:alternate`` a list."""
    parser = _MetaParser()
    parser.feed(response.content.decode())
    tags = {}
    for key, content in parser.meta:
        if key == "og:locale:alternate":
            tags.setdefault(key, []).append(content)
        else:
            assert key not in tags, f"{key} twice"
            tags[key] = content
    return tags


@pytest.fixture(scope="module")
def pages(module_db):
    """A news item with a listing image, translated into Romanian only (English: an alias), and a
    standard page without an image, translated into both languages."""
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    index = NewsIndexPageFactory(parent=home)
    image = ImageFactory(
        title="Дунав мост", description="Дунав мост при Русе на залез", file__width=1600, file__height=1000
    )
    news = NewsPageFactory(
        parent=index,
        title="Open day in Ruse",
        listing_summary="Institutions from both banks met in Ruse.",
        listing_image=image,
    )
    translated_versions(index, locales)
    about = StandardPageFactory(parent=home, title="About", listing_summary="", search_description="")
    return {
        "image": image,
        "news": news,
        "news_ro": translate(news, locales["ro"]),
        "news_en_alias": news.get_translation(locales["en"]),
        "about": translated_versions(about, locales),
    }


@pytest.mark.smoke
def test_news_item_is_shared_as_an_article_with_its_image(client, pages):
    news = pages["news"]

    tags = social_tags(client.get(news.get_url()))

    assert tags["og:type"] == "article"
    assert tags["og:site_name"] == "BG-RO E-GoverNet"
    assert tags["og:title"] == "Open day in Ruse"
    assert tags["og:description"] == "Institutions from both banks met in Ruse."
    assert tags["og:url"] == news.get_full_url()
    assert tags["og:locale"] == "bg_BG"
    assert tags["og:locale:alternate"] == ["ro_RO"]  # English is an alias, not a translation
    assert tags["article:published_time"] == news.date.isoformat()
    assert tags["og:image"].startswith("http://localhost/media/images/")
    assert ".fill-1200x630.format-jpeg." in tags["og:image"]
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Дунав мост при Русе на залез"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image:alt"] == "Дунав мост при Русе на залез"


def test_translation_is_shared_in_its_language(client, pages):
    romanian = pages["news_ro"]

    tags = social_tags(client.get(romanian.get_url()))

    assert tags["og:locale"] == "ro_RO"
    assert tags["og:locale:alternate"] == ["bg_BG"]
    assert tags["og:title"] == romanian.title
    assert tags["og:url"] == romanian.get_full_url()
    assert ".fill-1200x630.format-jpeg." in tags["og:image"]


def test_alias_is_shared_as_its_source(client, pages):
    """An untranslated page shows the Bulgarian text: its language and address are the source's."""
    alias = pages["news_en_alias"]

    tags = social_tags(client.get(alias.get_url()))

    assert tags["og:locale"] == "bg_BG"
    assert tags["og:locale:alternate"] == ["ro_RO"]
    assert tags["og:url"] == pages["news"].get_full_url()
    assert tags["og:title"] == "Open day in Ruse"


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_without_image_is_a_website_with_a_summary_card(client, pages, language):
    page = pages["about"][language]

    tags = social_tags(client.get(page.get_url()))

    assert tags["og:type"] == "website"
    assert tags["og:locale"] == {"bg": "bg_BG", "ro": "ro_RO", "en": "en_GB"}[language]
    assert len(tags["og:locale:alternate"]) == 2
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags and "twitter:image:alt" not in tags and "article:published_time" not in tags
    # No summary written: the page's introduction describes it, shortened for previews.
    assert tags["og:description"]
    assert len(tags["og:description"]) <= 300


def test_seo_title_and_search_description_come_first(client, pages, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Contacts",
        seo_title="Contact the programme's partners",
        search_description="Addresses and phones of the partners.",
    )

    tags = social_tags(client.get(page.get_url()))

    assert tags["og:title"] == "Contact the programme's partners"
    assert tags["og:description"] == "Addresses and phones of the partners."


def test_text_is_escaped(client, pages, home_page):
    page = StandardPageFactory(parent=home_page, title='Tom & Jerry "quoted" <b>', listing_summary="")

    response = client.get(page.get_url())

    assert 'content="Tom &amp; Jerry &quot;quoted&quot; &lt;b&gt;"' in response.content.decode()
    assert social_tags(response)["og:title"] == 'Tom & Jerry "quoted" <b>'


def test_missing_image_file_leaves_the_image_out(client, pages, home_page):
    image = ImageFactory()
    page = StandardPageFactory(parent=home_page, title="Gallery", listing_image=image)
    image.file.storage.delete(image.file.name)

    response = client.get(page.get_url())

    assert response.status_code == 200
    tags = social_tags(response)
    assert "og:image" not in tags
    assert tags["twitter:card"] == "summary"


def test_views_that_are_not_pages_have_no_sharing_tags(client, pages):
    response = client.get("/bg/search/", {"q": "Ruse"})

    assert response.status_code == 200
    assert social_tags(response) == {}


# --- Queries --------------------------------------------------------------------------------------


def _rendition_queries(context):
    return [query["sql"] for query in context.captured_queries if "rendition" in query["sql"].lower()]


@pytest.mark.parametrize("cold_cache", [False, True], ids=["warm-cache", "cold-cache"])
def test_image_costs_the_image_and_at_most_one_rendition_query(client, pages, home_page, cold_cache):
    """Beside the same page without an image: on a warm cache nothing (the sharing tags are kept
    per site version, ``pagecache.site_version``); on an emptied one the image (1) and its
    rendition (1)."""
    with_image = StandardPageFactory(parent=home_page, title="With image", listing_image=pages["image"])
    without_image = StandardPageFactory(parent=home_page, title="Without image")

    plain = render_queries(client, without_image.get_url(), cold_cache=cold_cache)
    shared = render_queries(client, with_image.get_url(), cold_cache=cold_cache)

    assert len(_rendition_queries(shared)) <= 1
    assert len(shared.captured_queries) - len(plain.captured_queries) == (2 if cold_cache else 0)


def test_list_items_add_no_queries(client, pages):
    """Only the page being shown is described: a list of news with images costs what it cost."""
    index = pages["news"].get_parent()
    client.get(index.get_url())

    with CaptureQueriesContext(connection) as few:
        client.get(index.get_url())
    for _ in range(5):
        NewsPageFactory(parent=index, listing_image=ImageFactory(), aliases=False)
    client.get(index.get_url())
    with CaptureQueriesContext(connection) as many:
        client.get(index.get_url())

    assert len(many.captured_queries) == len(few.captured_queries)
