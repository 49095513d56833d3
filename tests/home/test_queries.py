"""The home page costs the same queries with 5 news items as with 50.

The budget is what the page costs today, explained query by query (see ``tests.rendering``
for the queries every page makes). A failing budget lists the queries: either the new query
is worth it (raise the budget and say why here) or a template asks the database once per item.
"""

import pytest

from catalogue.models import ServiceIndexPage
from tests.factories import (
    DeliverableIndexPageFactory,
    ImageFactory,
    InstitutionIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    StandardPageFactory,
    alias_into,
)
from tests.rendering import QUERY_CASES, assert_queries_do_not_grow, describe_queries, query_budget, render_queries

pytestmark = pytest.mark.django_db

# The sections (``home_sections``): the home page's children (1) and their specific rows, one
# query per page type (5: standard, institution index, service index, news index, deliverable
# index); the featured services in the visitor's language (1, ``localized_pages``: one per
# page type); the latest news with their images (1) and the images' renditions (1); the
# partners' logos (1, from the StreamField) and their renditions (1); the life events in the
# page's language with the number of services of each (1, ``LifeEvent.localized``) and the
# privacy filter of the services they count (1, ``visible()``); the open consultations (1) and
# their privacy filter (1, ``visible()``).
HOME_QUERIES = 1 + 5 + 1 + 2 + 2 + 2 + 2
# All of them are kept per site version: the sections, news, life events and consultations as
# values, the featured services and the partners as rendered fragments (``HomePage.get_context``).
HOME_KEPT_QUERIES = HOME_QUERIES


@pytest.fixture
def furnished_home(home_page):
    """A home page with every section, three featured services and two partners with logos.

    Returns the news index. Every page has its Romanian and English aliases.
    """
    StandardPageFactory(parent=home_page, title="About")
    InstitutionIndexPageFactory(parent=home_page)
    service_index = ServiceIndexPageFactory(parent=home_page)
    DeliverableIndexPageFactory(parent=home_page)
    news_index = NewsIndexPageFactory(parent=home_page)
    services = [ServicePageFactory(parent=service_index) for _ in range(3)]
    home_page.featured_services = [{"type": "service", "value": service.pk} for service in services]
    home_page.partners = [
        {
            "type": "partner",
            "value": {"name": name, "role": role, "country": country, "logo": ImageFactory().pk, "url": ""},
        }
        for name, role, country in [
            ("Областна администрация Русе", "lead-partner", "BG"),
            ("Consiliul Județean Giurgiu", "partner", "RO"),
        ]
    ]
    home_page.save_revision().publish()
    home_page.refresh_from_db()
    return news_index


@pytest.mark.parametrize(("language", "cold_cache"), QUERY_CASES)
def test_home_page_queries_do_not_grow_with_news(client, furnished_home, locales, language, cold_cache):
    def add_news(count):
        for _ in range(count):
            news = NewsPageFactory(parent=furnished_home, listing_image=ImageFactory(), aliases=False)
            if language != "bg":
                alias_into(news, locales[language])

    add_news(5)

    assert_queries_do_not_grow(
        client,
        f"/{language}/",
        lambda: add_news(45),
        budget=query_budget(
            HOME_QUERIES - (0 if cold_cache else HOME_KEPT_QUERIES),
            levels_below_home=0,
            alias_tree=language != "bg",
            cold_cache=cold_cache,
        ),
        cold_cache=cold_cache,
    )


def test_home_page_queries_do_not_grow_with_featured_services(client, home_page, furnished_home):
    service_index = ServiceIndexPage.objects.child_of(home_page).get()
    before = render_queries(client, "/bg/")

    more = [ServicePageFactory(parent=service_index, aliases=False) for _ in range(5)]
    home_page.featured_services = list(home_page.featured_services.raw_data) + [
        {"type": "service", "value": service.pk} for service in more
    ]
    home_page.save_revision().publish()
    after = render_queries(client, "/bg/")

    assert len(after.captured_queries) == len(before.captured_queries), describe_queries(after)
