"""Pages for the search tests: catalogue sections in the three trees and records in them."""

import pytest
from wagtail.models import Locale

from bgro.translation import translate_page
from catalogue.importer import create_catalogue_sections
from catalogue.models import InstitutionPage
from tests.factories import InstitutionPageFactory, ServicePageFactory


@pytest.fixture
def catalogue(home_pages, locales):
    """Service and institution indexes in the three trees, as the import puts them."""
    return create_catalogue_sections(home_pages["bg"])


def make_service(catalogue, title, summary="", institution=None, translations=None, **fields):
    institution = institution or make_institution(catalogue, "Община Видин", "vidin-municipality", region="Vidin")
    page = ServicePageFactory(
        parent=catalogue["services"],
        title=title,
        summary=summary,
        description="",
        output="",
        payment_methods="",
        legal_basis="",
        required_documents=[],
        steps=[],
        listing_summary="",
        institution=institution,
        **fields,
    )
    for language, values in (translations or {}).items():
        translate_page(page, Locale.objects.get(language_code=language), {"slug": page.slug, **values})
    return page


def make_institution(catalogue, name, catalogue_id, **fields):
    existing = InstitutionPage.objects.filter(catalogue_id=catalogue_id, locale__language_code="bg").first()
    if existing:
        return existing
    fields.setdefault("description", "")
    fields.setdefault("address", "")
    fields.setdefault("opening_hours", "")
    fields.setdefault("listing_summary", "")
    return InstitutionPageFactory(parent=catalogue["institutions"], title=name, catalogue_id=catalogue_id, **fields)


@pytest.fixture(params=["database", pytest.param("node", marks=pytest.mark.node)])
def search_engine_under_test(request, settings):
    """Runs a test on the database engine and again on the real search node."""
    from search.engine import search_engine
    from tests.search.node import drop_indexes, node_settings, require_node

    if request.param == "database":
        yield search_engine()
        return
    require_node()
    for name, value in node_settings().items():
        setattr(settings, name, value)
    engine = search_engine()
    engine.ensure_index()
    yield engine
    drop_indexes(engine.client, settings.ELASTICSEARCH_INDEX)
