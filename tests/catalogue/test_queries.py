"""The catalogue's lists cost the same queries with 5 records as with 50.

Each list is measured in Bulgarian with a warm and with an emptied cache, and in Romanian
where every record is still an alias of its Bulgarian source. The budgets are what the pages
cost today, explained query by query (see ``tests.rendering`` for the queries every page
makes). A failing budget lists the queries: either the new query is worth it (raise the
budget and say why here) or a template asks the database once per item.
"""

import itertools

import pytest

from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    LifeEventFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    alias_into,
)
from tests.rendering import QUERY_CASES, assert_queries_do_not_grow, describe_queries, query_budget, render_queries

pytestmark = pytest.mark.django_db

# A list's rendered rows are kept as a fragment per catalogue version, filters and page number
# (``pagecache.site_version.fragment``), its length beside them: a kept list costs no query.
# Otherwise, the institution index: the privacy filter of ``.public()`` (1), the list's length
# (1) and the page of institutions (1).
INSTITUTION_INDEX_QUERIES = 3
INSTITUTION_INDEX_KEPT_QUERIES = 3
# The service index, when its fragment is not kept: the privacy filter (1) and the page of
# services (1); the service finder (``catalogue.finder``): every option's count in one GROUP BY
# (1), the institutions' names in the page's language (1) and the life events in the page's
# language with their counts (1); and ``attach_localized_institutions``: the institutions'
# translation keys (1) and their versions in the page's language (1). The same with or without
# filters (``tests/catalogue/test_service_finder.py``).
SERVICE_INDEX_QUERIES = 7
SERVICE_INDEX_KEPT_QUERIES = 7

# A service page's own: none. Its competent institution in the page's language (shared by the
# schema.org data and the summary), the slugs of its life events and the life events themselves,
# in the page's language (LifeEvent.kept_localized), are kept per catalogue version.
SERVICE_PAGE_QUERIES = 0
# An institution page's own: none; with an emptied cache the privacy filter of its list of
# services (1) and the services (1), kept per catalogue version.
INSTITUTION_PAGE_QUERIES = 0

REGIONS = itertools.cycle([("BG", "Ruse"), ("BG", "Silistra"), ("RO", "Giurgiu"), ("RO", "Calarasi"), ("BG", "Varna")])


@pytest.mark.parametrize(("language", "cold_cache"), QUERY_CASES)
def test_institution_index_queries_do_not_grow(client, home_page, locales, language, cold_cache):
    source_index = InstitutionIndexPageFactory(parent=home_page, aliases=False)
    index = source_index if language == "bg" else alias_into(source_index, locales[language])

    def add_institutions(count):
        for _ in range(count):
            country, region = next(REGIONS)
            institution = InstitutionPageFactory(parent=source_index, country=country, region=region, aliases=False)
            if language != "bg":
                alias_into(institution, locales[language])

    add_institutions(5)

    assert_queries_do_not_grow(
        client,
        index.get_url(),
        lambda: add_institutions(45),
        budget=query_budget(
            INSTITUTION_INDEX_QUERIES - (0 if cold_cache else INSTITUTION_INDEX_KEPT_QUERIES),
            alias_tree=language != "bg",
            cold_cache=cold_cache,
        ),
        cold_cache=cold_cache,
    )


@pytest.mark.parametrize(("language", "cold_cache"), QUERY_CASES)
def test_service_index_queries_do_not_grow(client, home_page, locales, language, cold_cache):
    """50 services of 5 institutions: more than one page of the list (20 per page)."""
    institution_index = InstitutionIndexPageFactory(parent=home_page, aliases=False)
    institutions = [InstitutionPageFactory(parent=institution_index, aliases=False) for _ in range(5)]
    source_index = ServiceIndexPageFactory(parent=home_page, aliases=False)
    index = source_index if language == "bg" else alias_into(source_index, locales[language])
    if language != "bg":
        for institution in institutions:
            alias_into(institution, locales[language])
    cycle = itertools.cycle(institutions)

    def add_services(count):
        for _ in range(count):
            service = ServicePageFactory(parent=source_index, institution=next(cycle), aliases=False)
            if language != "bg":
                alias_into(service, locales[language])

    add_services(5)

    assert_queries_do_not_grow(
        client,
        index.get_url(),
        lambda: add_services(45),
        budget=query_budget(
            SERVICE_INDEX_QUERIES - (0 if cold_cache else SERVICE_INDEX_KEPT_QUERIES),
            alias_tree=language != "bg",
            cold_cache=cold_cache,
        ),
        cold_cache=cold_cache,
    )


@pytest.fixture
def service_with_institution(home_page):
    institution = InstitutionPageFactory(
        parent=InstitutionIndexPageFactory(parent=home_page, aliases=False), title="Община Русе", aliases=False
    )
    event = LifeEventFactory(name="Раждане на дете", slug="having-a-child")
    service = ServicePageFactory(
        parent=ServiceIndexPageFactory(parent=home_page, aliases=False),
        institution=institution,
        life_events=[event],
        aliases=False,
    )
    return service, institution, event


def test_a_service_page_costs_its_budget(client, service_with_institution):
    service, _institution, _event = service_with_institution
    context = render_queries(client, service.get_url())
    assert len(context.captured_queries) == query_budget(SERVICE_PAGE_QUERIES), describe_queries(context)


def test_an_institution_page_costs_its_budget(client, service_with_institution):
    _service, institution, _event = service_with_institution
    context = render_queries(client, institution.get_url())
    assert len(context.captured_queries) == query_budget(INSTITUTION_PAGE_QUERIES), describe_queries(context)


def test_a_renamed_life_event_and_institution_show_on_the_next_request_of_a_service_page(
    client, service_with_institution
):
    service, institution, event = service_with_institution
    html = client.get(service.get_url()).content.decode()
    assert "Раждане на дете" in html and "Община Русе" in html

    event.name = "Раждане или осиновяване"
    event.save()
    institution.title = "Община Русе (център)"
    institution.save_revision().publish()

    html = client.get(service.get_url()).content.decode()
    assert "Раждане или осиновяване" in html and "Раждане на дете" not in html
    assert "Община Русе (център)" in html


def test_a_renamed_or_unpublished_institution_shows_on_the_next_request_of_the_service_index(
    client, service_with_institution
):
    # The institutions of a page of the service finder are kept per catalogue version.
    service, institution, _event = service_with_institution
    index_url = service.get_parent().get_url()
    assert "Община Русе" in client.get(index_url).content.decode()

    institution.title = "Община Русе (център)"
    institution.save_revision().publish()
    assert "Община Русе (център)" in client.get(index_url).content.decode()

    institution.unpublish()
    html = client.get(index_url).content.decode()
    assert service.title in html and "Община Русе" not in html


def test_a_new_service_shows_on_its_institutions_page_on_the_next_request(client, service_with_institution):
    service, institution, _event = service_with_institution
    assert service.title in client.get(institution.get_url()).content.decode()

    ServicePageFactory(parent=service.get_parent(), institution=institution, title="Разрешение за таксиметров превоз")

    assert "Разрешение за таксиметров превоз" in client.get(institution.get_url()).content.decode()
