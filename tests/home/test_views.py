"""The home page of each language: featured services, latest news, partners."""

import pytest

from catalogue.models import ServiceIndexPage
from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    ImageFactory,
    LifeEventFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    translate_snippet,
    translated_versions,
)
from tests.rendering import LANGUAGES, assert_renders

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def home_versions(module_db):
    """The home pages with a featured service, four news items and a partner; all translated."""
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    service_index = ServiceIndexPageFactory(parent=home)
    child = LifeEventFactory(name="Раждане на дете", slug="having-a-child", icon="child")
    translate_snippet(child, locales["en"], name="Having a child", description="Registering the birth.")
    LifeEventFactory(name="Пенсиониране", slug="retirement")  # no services: not shown
    service = ServicePageFactory(parent=service_index, title="Местни данъци", life_events=[child])
    news_index = NewsIndexPageFactory(parent=home)
    news = [
        NewsPageFactory(parent=news_index, title=f"News {number}", listing_image=ImageFactory()) for number in range(4)
    ]
    home.featured_services = [{"type": "service", "value": service.pk}]
    home.partners = [
        {
            "type": "partner",
            "value": {
                "name": "Областна администрация Русе",
                "role": "lead-partner",
                "country": "BG",
                "logo": ImageFactory().pk,
                "url": "https://ruse.example.bg/",
            },
        },
        {
            "type": "partner",
            "value": {
                "name": "Consiliul Județean Giurgiu",
                "role": "partner",
                "country": "RO",
                "logo": None,
                "url": "",
            },
        },
    ]
    home.save_revision().publish()
    versions = translated_versions(home, locales)
    for page in (service_index, service, news_index, *news):
        translated_versions(page, locales)
    return versions


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_renders_in_every_language(client, home_versions, language):
    response = assert_renders(client, home_versions, language)

    content = response.content.decode()
    assert "Consiliul Județean Giurgiu" in content
    assert "News 0" in content


def test_home_page_shows_the_three_latest_news(client, home_versions):
    response = client.get("/bg/")

    assert [item.title for item in response.context["latest_news"]] == ["News 0", "News 1", "News 2"]


@pytest.mark.parametrize(
    ("language", "name", "lang"),
    [
        ("bg", "Раждане на дете", ""),
        ("en", "Having a child", ""),
        # Not translated into Romanian: the Bulgarian name, marked as Bulgarian.
        ("ro", "Раждане на дете", ' lang="bg"'),
    ],
)
def test_home_page_leads_to_the_services_of_each_life_event(client, home_versions, language, name, lang):
    response = client.get(f"/{language}/")
    content = response.content.decode()

    assert [event.slug for event in response.context["life_events"]] == ["having-a-child"]
    services_url = ServiceIndexPage.objects.get(locale__language_code=language).get_url()
    assert f'href="{services_url}?life_event=having-a-child"' in content
    assert f'<span class="life-event__name"{lang}>{name}</span>' in content
    assert 'class="life-event__icon"' in content
    assert "retirement" not in content
