"""News and deliverables render in every language."""

import pytest
from wagtail.models import PageViewRestriction

from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    DeliverableIndexPageFactory,
    DeliverablePageFactory,
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    body_stream,
    translated_versions,
)
from tests.rendering import LANGUAGES, assert_renders

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def publications(module_db):
    """A news index with two tagged items and, under "About", the deliverables; all translated."""
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    news_index = NewsIndexPageFactory(parent=home)
    news = NewsPageFactory(
        parent=news_index,
        title="Open day in Ruse",
        listing_image=ImageFactory(),
        body=body_stream(image=ImageFactory()),
    )
    news.tags.add("cooperation", "e-services")
    news.save()
    older = NewsPageFactory(parent=news_index, title="Kick-off meeting in Giurgiu")
    older.tags.add("cooperation")
    older.save()
    about = StandardPageFactory(parent=home, title="About")
    deliverable_index = DeliverableIndexPageFactory(parent=about)
    deliverable = DeliverablePageFactory(
        parent=deliverable_index, document_ro=DocumentFactory(), document_en=DocumentFactory(), title="Needs study"
    )
    translated_versions(about, locales)
    versions = {
        "news_index": translated_versions(news_index, locales),
        "news": translated_versions(news, locales),
        "deliverable_index": translated_versions(deliverable_index, locales),
        "deliverable": translated_versions(deliverable, locales),
    }
    translated_versions(older, locales)
    return versions


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_index_renders_in_every_language(client, publications, language):
    response = assert_renders(client, publications["news_index"], language)

    content = response.content.decode()
    assert publications["news"][language].title in content
    assert content.index(publications["news"][language].title) < content.index("Kick-off meeting in Giurgiu")


def test_news_index_filters_by_tag(client, publications):
    url = publications["news_index"]["bg"].get_url()

    response = client.get(url, {"tag": "e-services"})

    assert response.status_code == 200
    assert [item.title for item in response.context["news_page"]] == ["Open day in Ruse"]
    assert response.context["current_tag"] == "e-services"


@pytest.mark.smoke
@pytest.mark.parametrize("tag", ["e\x00services", "x" * 5000, "'; DROP TABLE", "<b>"])
def test_news_index_ignores_a_tag_that_cannot_be_a_tag(client, publications, tag):
    response = client.get(publications["news_index"]["bg"].get_url(), {"tag": tag})

    assert response.status_code == 200
    assert response.context["current_tag"] == ""


def test_news_index_out_of_range_page_shows_the_last(client, publications):
    response = client.get(publications["news_index"]["bg"].get_url(), {"page": 99})

    assert response.status_code == 200
    assert response.context["news_page"].number == 1


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_page_renders_in_every_language(client, publications, language):
    response = assert_renders(client, publications["news"], language)

    content = response.content.decode()
    assert publications["news"][language].title in content
    assert 'alt="Дунав мост при Русе"' in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_deliverable_index_renders_in_every_language(client, publications, language):
    response = assert_renders(client, publications["deliverable_index"], language)

    assert publications["deliverable"][language].title in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_deliverable_page_renders_in_every_language(client, publications, language):
    response = assert_renders(client, publications["deliverable"], language)

    content = response.content.decode()
    deliverable = publications["deliverable"][language]
    for _code, document in deliverable.documents():
        assert document.url in content
    assert len(deliverable.documents()) == 3


@pytest.mark.parametrize("language", ["bg", "ro", "en"])
def test_news_index_does_not_list_private_news(client, publications, locales, language):
    """An alias has no restriction of its own: the list must apply its source's."""
    news_index = publications["news_index"]["bg"]
    private = NewsPageFactory(parent=news_index, title="Internal meeting notes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(publications["news_index"][language].get_url())

    assert response.status_code == 200
    assert "Internal meeting notes" not in response.content.decode()
