"""The display mode of the outdoor information screens: /<lang>/display/ and its slides.json."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import ServicePage
from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    ImageFactory,
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    translate,
)
from tests.rendering import LANGUAGES, parse_head

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def screen_site(module_db):
    """Eight news items (the first translated into English), two institutions, three services
    (two online)."""
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    institution_index = InstitutionIndexPageFactory(parent=home)
    institutions = [InstitutionPageFactory(parent=institution_index) for _ in range(2)]
    service_index = ServiceIndexPageFactory(parent=home)
    ServicePageFactory(parent=service_index, institution=institutions[0])
    ServicePageFactory(parent=service_index, institution=institutions[0])
    ServicePageFactory(
        parent=service_index, institution=institutions[1], channels=["in-person"], online_url="", digitalisation_level=1
    )
    news_index = NewsIndexPageFactory(parent=home)
    news = [
        NewsPageFactory(
            parent=news_index, title=f"Новина {n}", listing_image=ImageFactory(file__width=1600, file__height=900)
        )
        for n in range(8)
    ]
    translate(news_index, locales["en"])
    translate(news[0], locales["en"])
    return news


def slides(client, language):
    response = client.get(f"/{language}/display/slides.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_screen_renders_every_slide_without_javascript(client, screen_site, language):
    response = client.get(f"/{language}/display/")
    content = response.content.decode()

    assert response.status_code == 200
    assert parse_head(response).html_lang == language
    assert content.count("<h1") == 1
    assert content.count('<section class="slide slide--news"') == 6
    assert content.count('<section class="slide slide--fact"') == 4
    assert '<noscript><meta http-equiv="refresh" content="300"></noscript>' in content
    assert f'data-slides-url="/{language}/display/slides.json"' in content
    assert '<meta name="robots" content="noindex">' in content


def test_the_facts_are_counted_and_translated(client, screen_site):
    data = slides(client, "bg")
    facts = {slide["title"]: slide["value"] for slide in data["slides"] if slide["kind"] == "fact"}

    assert data["language"] == "bg"
    assert data["refresh_seconds"] == 300
    assert facts == {"публични институции": "2", "публични услуги": "3", "услуги онлайн": "2", "езика": "3"}
    assert ServicePage.objects.filter(locale__language_code="bg").count() == 3


def test_the_latest_news_come_first_newest_first_with_their_language(client, screen_site):
    news = [slide for slide in slides(client, "en")["slides"] if slide["kind"] == "news"]

    assert [slide["title"] for slide in news] == [
        "Новина 0 [en]",
        "Новина 1",
        "Новина 2",
        "Новина 3",
        "Новина 4",
        "Новина 5",
    ]
    # A translation is in English; the others are the Bulgarian text of aliases.
    assert [slide["lang"] for slide in news] == ["", "bg", "bg", "bg", "bg", "bg"]
    assert news[0]["url"].startswith("/en/")
    assert news[0]["image_url"].endswith(".webp")
    assert (news[0]["image_width"], news[0]["image_height"]) == (960, 540)


def test_the_screen_costs_the_same_queries_with_more_news(client, screen_site):
    """The default site and the home page (2); the privacy filter of each list (3: news,
    institutions, services); the news with their images (1) and renditions (1); the three
    counts (3); the news items' URLs come from the cached site root paths (1 when cold)."""

    def queries():
        client.get("/bg/display/slides.json")  # renditions made, caches filled
        with CaptureQueriesContext(connection) as context:
            assert client.get("/bg/display/slides.json").status_code == 200
        return len(context.captured_queries)

    before = queries()
    news_index = screen_site[0].get_parent()
    for number in range(10):
        NewsPageFactory(parent=news_index, title=f"Още {number}", listing_image=ImageFactory(), aliases=False)

    assert queries() == before <= 11
