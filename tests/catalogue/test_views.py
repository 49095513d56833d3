"""Institution and service pages and their indexes render in every language."""

import pytest
from django.utils import translation

from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    translated_versions,
)
from tests.rendering import LANGUAGES, assert_renders

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalogue(module_db):
    """Both indexes, a Bulgarian and a Romanian institution and a service, all translated."""
    locales = get_locales()
    home_page = get_home_pages(locales)["bg"]
    translated_versions(home_page, locales)
    institution_index = InstitutionIndexPageFactory(parent=home_page)
    service_index = ServiceIndexPageFactory(parent=home_page)
    institution = InstitutionPageFactory(
        parent=institution_index, title="Община Русе", catalogue_id="ruse-municipality"
    )
    InstitutionPageFactory(
        parent=institution_index,
        title="Primăria Giurgiu",
        catalogue_id="giurgiu-city-hall",
        country="RO",
        region="Giurgiu",
    )
    service = ServicePageFactory(parent=service_index, institution=institution, title="Удостоверение за данъчна оценка")
    return {
        "institution_index": translated_versions(institution_index, locales),
        "institution": translated_versions(institution, locales),
        "service_index": translated_versions(service_index, locales),
        "service": translated_versions(service, locales),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_institution_index_renders_in_every_language(client, catalogue, language):
    response = assert_renders(client, catalogue["institution_index"], language)

    content = response.content.decode()
    institution = catalogue["institution"][language]
    assert institution.title in content
    assert "Primăria Giurgiu" in content
    # The type in the page's language, as Django's own display would give it.
    with translation.override(language):
        assert f'<span class="meta">{institution.get_institution_type_display()}</span>' in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_institution_page_renders_in_every_language(client, catalogue, language):
    response = assert_renders(client, catalogue["institution"], language)

    assert catalogue["service"][language].title in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_service_index_renders_in_every_language(client, catalogue, language):
    response = assert_renders(client, catalogue["service_index"], language)

    assert catalogue["service"][language].title in response.content.decode()


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_service_page_renders_in_every_language(client, catalogue, language):
    response = assert_renders(client, catalogue["service"], language)

    content = response.content.decode()
    assert catalogue["service"][language].title in content
    assert "https://egov.example.bg/services/1" in content


def test_service_index_second_page(client, catalogue):
    service_index = catalogue["service_index"]["bg"]
    institution = catalogue["institution"]["bg"]
    for _ in range(service_index.specific.page_size):
        ServicePageFactory(parent=service_index, institution=institution, aliases=False)

    response = client.get(service_index.get_url(), {"page": 2})

    assert response.status_code == 200
    assert response.context["services_page"].number == 2
    assert len(response.context["services_page"].object_list) == 1
