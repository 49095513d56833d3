"""Institutions and services: what the admin refuses to save, and where pages may be created.

Pages are saved through ``add_child``/``save``, which run ``full_clean`` as the admin does.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from wagtail.models import Page

from bgro.models import StandardPage
from catalogue.models import (
    DigitalisationLevel,
    InstitutionIndexPage,
    InstitutionPage,
    ServiceIndexPage,
    ServicePage,
)
from home.models import HomePage
from news.models import NewsIndexPage
from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    StandardPageFactory,
    translate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution_index(home_page):
    return InstitutionIndexPageFactory(parent=home_page)


@pytest.fixture
def service_index(home_page):
    return ServiceIndexPageFactory(parent=home_page)


@pytest.fixture
def institution(institution_index):
    return InstitutionPageFactory(parent=institution_index, catalogue_id="ruse-municipality")


def errors_of(page):
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    return raised.value.message_dict


# --- Services ----------------------------------------------------------------------------


@pytest.mark.smoke
def test_a_valid_service_is_saved(service_index, institution):
    service = ServicePageFactory(parent=service_index, institution=institution)

    service.full_clean()
    assert ServicePage.objects.get(pk=service.pk).fee_currency == "EUR"


@pytest.mark.smoke
def test_service_fee_without_currency_is_rejected(service_index, institution):
    service = ServicePageFactory(parent=service_index, institution=institution)
    service.fee_currency = ""

    assert set(errors_of(service)) == {"fee_currency"}


def test_service_currency_without_fee_is_rejected(service_index, institution):
    service = ServicePageFactory(parent=service_index, institution=institution)
    service.fee_amount = None

    assert set(errors_of(service)) == {"fee_amount"}


def test_free_service_needs_no_currency(service_index, institution):
    service = ServicePageFactory(parent=service_index, institution=institution, fee_amount=None, fee_currency="")

    service.full_clean()
    assert service.is_free


@pytest.mark.smoke
def test_online_channel_without_online_url_is_rejected(service_index, institution):
    service = ServicePageFactory(parent=service_index, institution=institution)
    service.online_url = ""

    assert set(errors_of(service)) == {"online_url"}


@pytest.mark.smoke
@pytest.mark.parametrize(
    "level",
    [DigitalisationLevel.ONLINE_SUBMISSION, DigitalisationLevel.ONLINE_PROCESSING, DigitalisationLevel.FULLY_ONLINE],
)
def test_digitalisation_level_3_or_more_without_online_channel_is_rejected(service_index, institution, level):
    service = ServicePageFactory(parent=service_index, institution=institution)
    service.channels = ["in-person", "post"]
    service.online_url = ""
    service.digitalisation_level = level

    assert set(errors_of(service)) == {"channels"}


@pytest.mark.parametrize("level", [DigitalisationLevel.INFORMATION, DigitalisationLevel.FORMS])
def test_digitalisation_level_below_3_needs_no_online_channel(service_index, institution, level):
    service = ServicePageFactory(
        parent=service_index, institution=institution, channels=["in-person"], online_url="", digitalisation_level=level
    )

    service.full_clean()
    assert not service.is_online


def test_service_is_rejected_by_add_child_as_in_the_admin(service_index, institution):
    service = ServicePage(
        title="Удостоверение",
        slug="udostoverenie",
        catalogue_id="certificate",
        institution=institution,
        summary="Удостоверение.",
        audience=["citizens"],
        channels=["online"],
        online_url="",
        digitalisation_level=DigitalisationLevel.ONLINE_SUBMISSION,
    )

    with pytest.raises(ValidationError) as raised:
        service_index.add_child(instance=service)

    assert set(raised.value.message_dict) == {"online_url"}
    assert not ServicePage.objects.filter(catalogue_id="certificate").exists()


def test_service_needs_an_audience_and_a_competent_institution(service_index, institution):
    service = ServicePageFactory(parent=service_index, institution=institution)
    service.audience = []
    service.institution = None

    assert {"audience", "institution"} <= set(errors_of(service))


# --- Catalogue ids ------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("catalogue_id", ["ruse", "ruse-municipality", "0-calarasi", "a" * 80])
def test_catalogue_id_accepts_lower_case_letters_digits_and_hyphens(institution, catalogue_id):
    institution.catalogue_id = catalogue_id

    institution.full_clean()


@pytest.mark.smoke
@pytest.mark.parametrize(
    "catalogue_id",
    ["Ruse", "ruse municipality", "ruse_municipality", "-ruse", "русе", "a" * 81, "ruse.bg"],
)
def test_catalogue_id_rejects_other_patterns(institution, catalogue_id):
    institution.catalogue_id = catalogue_id

    assert "catalogue_id" in errors_of(institution)


def test_catalogue_id_is_required(institution):
    institution.catalogue_id = ""

    assert "catalogue_id" in errors_of(institution)


@pytest.mark.smoke
def test_catalogue_id_is_shared_by_the_translations_of_a_record(institution, locales):
    romanian = translate(institution, locales["ro"])
    english = translate(institution, locales["en"])

    assert romanian.catalogue_id == english.catalogue_id == "ruse-municipality"
    romanian.full_clean()
    english.full_clean()
    institution.full_clean()


@pytest.mark.smoke
def test_catalogue_id_of_another_record_is_rejected(institution, institution_index):
    other = InstitutionPageFactory(parent=institution_index)
    other.catalogue_id = institution.catalogue_id

    assert set(errors_of(other)) == {"catalogue_id"}


def test_catalogue_id_is_unique_per_page_type(institution, service_index):
    """Institutions and services are separate record kinds in the exchange format."""
    service = ServicePageFactory(parent=service_index, institution=institution, catalogue_id=institution.catalogue_id)

    service.full_clean()


def test_catalogue_id_of_another_record_is_rejected_on_save(institution, institution_index):
    with pytest.raises(ValidationError):
        InstitutionPageFactory(parent=institution_index, catalogue_id=institution.catalogue_id, aliases=False)


# --- Institutions -------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize(("country", "region"), [("BG", "Calarasi"), ("RO", "Ruse"), ("BG", "Atlantis")])
def test_institution_region_must_belong_to_its_country(institution, country, region):
    institution.country = country
    institution.region = region

    assert "region" in errors_of(institution)


@pytest.mark.parametrize(
    ("country", "region"), [("BG", "Ruse"), ("BG", "Sofia City"), ("RO", "Giurgiu"), ("RO", "Calarasi")]
)
def test_institution_region_of_its_country_is_accepted(institution, country, region):
    institution.country = country
    institution.region = region

    institution.full_clean()


@pytest.mark.smoke
@pytest.mark.parametrize(("latitude", "longitude"), [(Decimal("43.85"), None), (None, Decimal("25.95"))])
def test_institution_needs_both_coordinates_or_neither(institution, latitude, longitude):
    institution.latitude = latitude
    institution.longitude = longitude

    assert NON_FIELD_ERRORS in errors_of(institution)


def test_institution_without_coordinates_is_valid(institution):
    institution.latitude = institution.longitude = None

    institution.full_clean()


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [(Decimal("91"), Decimal("25"), "latitude"), (Decimal("43"), Decimal("-181"), "longitude")],
)
def test_institution_coordinates_stay_on_the_globe(institution, latitude, longitude, field):
    institution.latitude = latitude
    institution.longitude = longitude

    assert field in errors_of(institution)


def test_institution_lists_its_live_services_in_its_own_language(institution, service_index, locales):
    first = ServicePageFactory(parent=service_index, institution=institution, title="Б услуга")
    second = ServicePageFactory(parent=service_index, institution=institution, title="А услуга")
    ServicePageFactory(parent=service_index, institution=institution, title="Чернова", live=False)

    assert list(institution.services()) == [second, first]

    translate(service_index, locales["ro"])
    romanian_institution = translate(institution, locales["ro"])
    romanian_service = translate(first, locales["ro"])
    # The untranslated service is listed too, as its Romanian alias.
    assert [(page.title, page.alias_of_id) for page in romanian_institution.services()] == [
        ("А услуга", second.id),
        (romanian_service.title, None),
    ]


# --- Tree rules ---------------------------------------------------------------------------


@pytest.mark.smoke
def test_service_can_only_be_created_under_the_service_index(home_page, institution_index, service_index):
    assert ServicePage.can_create_at(service_index)
    assert not ServicePage.can_create_at(home_page)
    assert not ServicePage.can_create_at(institution_index)
    assert ServicePage.allowed_parent_page_models() == [ServiceIndexPage]


@pytest.mark.smoke
def test_institution_can_only_be_created_under_the_institution_index(home_page, institution_index, service_index):
    assert InstitutionPage.can_create_at(institution_index)
    assert not InstitutionPage.can_create_at(home_page)
    assert not InstitutionPage.can_create_at(service_index)


@pytest.mark.smoke
@pytest.mark.parametrize("index_factory", [InstitutionIndexPageFactory, ServiceIndexPageFactory])
def test_only_one_index_per_home_page(home_page, index_factory):
    index_class = index_factory._meta.model
    assert index_class.can_create_at(home_page)

    index_factory(parent=home_page)

    assert not index_class.can_create_at(home_page)


def test_an_index_in_one_language_does_not_block_the_other_languages(home_pages, locales):
    """``max_count_per_parent`` counts per home page; ``max_count`` would count all three trees."""
    ServiceIndexPageFactory(parent=home_pages["bg"], aliases=False)

    assert not ServiceIndexPage.can_create_at(home_pages["bg"])
    assert ServiceIndexPage.can_create_at(home_pages["ro"])


def test_indexes_live_only_under_a_home_page(home_page, root_page):
    standard = StandardPageFactory(parent=home_page)

    for index_class in (InstitutionIndexPage, ServiceIndexPage):
        assert index_class.allowed_parent_page_models() == [HomePage]
        assert not index_class.can_create_at(standard)
        assert not index_class.can_create_at(root_page)


def test_records_have_no_children(institution, service_index):
    service = ServicePageFactory(parent=service_index, institution=institution)

    for page in (institution, service):
        assert page.specific_class.allowed_subpage_models() == []
        for page_class in (StandardPage, NewsIndexPage, ServicePage, InstitutionPage, Page):
            assert not page_class.can_create_at(page)
