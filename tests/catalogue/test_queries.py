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
    ServiceIndexPageFactory,
    ServicePageFactory,
    alias_into,
)
from tests.rendering import QUERY_CASES, assert_queries_do_not_grow, query_budget

pytestmark = pytest.mark.django_db

# The privacy filter of ``.public()`` (1) and the institutions (1).
INSTITUTION_INDEX_QUERIES = 2
# The privacy filter (1); the service finder (``catalogue.finder``): every option's count in
# one GROUP BY (1), the institutions' names in the page's language (1) and the life events in
# the page's language with their counts (1); the paginator's
# count (1), the page of services (1), and ``attach_localized_institutions``: the
# institutions' translation keys (1) and their versions in the page's language (1).
# The same with or without filters (``tests/catalogue/test_service_finder.py``).
SERVICE_INDEX_QUERIES = 8

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
        budget=query_budget(INSTITUTION_INDEX_QUERIES, alias_tree=language != "bg", cold_cache=cold_cache),
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
        budget=query_budget(SERVICE_INDEX_QUERIES, alias_tree=language != "bg", cold_cache=cold_cache),
        cold_cache=cold_cache,
    )
