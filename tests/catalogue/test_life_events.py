"""Life events in catalogue files (a platform extension of the exchange format): validated
against the site's life events, imported onto the service and every language version of it,
exported again, and re-imported without changes."""

import copy

import pytest
from django.core.exceptions import ValidationError

from catalogue.exchange_format import CatalogueFileError, CatalogueValidator
from catalogue.exporter import CatalogueExporter
from catalogue.importer import CatalogueImporter
from catalogue.models import LifeEvent, ServicePage
from tests.catalogue.test_exporter_and_admin_import import FULL_INSTITUTION, FULL_SERVICE
from tests.factories import LifeEventFactory, translate_snippet

pytestmark = pytest.mark.django_db


@pytest.fixture
def life_events(locales):
    child = LifeEventFactory(name="Раждане на дете", slug="having-a-child", sort_order=1)
    child_ro = translate_snippet(child, locales["ro"], name="Nașterea unui copil")
    travel = LifeEventFactory(name="Пътуване", slug="travelling-abroad", sort_order=2)
    return {"child": child, "child_ro": child_ro, "travel": travel}


def catalogue_with(life_events_value):
    service = {**copy.deepcopy(FULL_SERVICE), "life_events": life_events_value}
    return {"format": "bgro-catalogue/1", "institutions": [copy.deepcopy(FULL_INSTITUTION)], "services": [service]}


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        (["having-a-child"], []),
        ([], []),
        (
            ["no-such-event"],
            [
                'services[0].life_events[0]: unknown life event "no-such-event"; the site knows: having-a-child, travelling-abroad'
            ],
        ),
        (["having-a-child", "having-a-child"], ['services[0].life_events[1]: "having-a-child" is listed twice']),
        ("having-a-child", ['services[0].life_events: must be a list of life-event slugs, e.g. ["having-a-child"]']),
        ([7], ["services[0].life_events[0]: must be a life-event slug (text)"]),
    ],
)
def test_life_events_are_validated_with_their_json_path(life_events, value, problems):
    assert CatalogueValidator(catalogue_with(value)).validate() == problems


def test_a_site_without_life_events_says_how_to_add_them(db):
    problems = CatalogueValidator(catalogue_with(["having-a-child"])).validate()

    assert problems == [
        'services[0].life_events[0]: unknown life event "having-a-child"; the site knows: none yet; '
        "add them in the admin under Snippets → Life events"
    ]


def test_an_unknown_life_event_stops_the_import_before_anything_is_written(sections, life_events):
    with pytest.raises(CatalogueFileError) as error:
        CatalogueImporter(catalogue_with(["having-a-child", "no-such-event"])).run()

    assert error.value.problems[0].startswith("services[0].life_events[1]: unknown life event")
    assert not ServicePage.objects.exists()


def test_import_sets_the_life_events_on_every_language_version(sections, life_events):
    CatalogueImporter(catalogue_with(["travelling-abroad", "having-a-child"])).run()

    versions = ServicePage.objects.filter(catalogue_id="giurgiu-passport")
    assert versions.count() == 3
    for version in versions:
        assert {event.slug for event in version.life_events.all()} == {"having-a-child", "travelling-abroad"}
    # The record's source language is Romanian: its Romanian life event where there is one.
    source = versions.get(locale__language_code="ro", alias_of__isnull=True)
    assert life_events["child_ro"] in source.life_events.all()


def test_export_gives_the_life_events_back_in_their_order_and_reimport_changes_nothing(sections, life_events):
    catalogue = catalogue_with(["having-a-child", "travelling-abroad"])
    CatalogueImporter(copy.deepcopy(catalogue)).run()

    assert CatalogueExporter().export() == catalogue
    report = CatalogueImporter(copy.deepcopy(catalogue)).run()
    assert report.service_counts == [0, 0, 1]

    report = CatalogueImporter(catalogue_with(["having-a-child"])).run()
    assert report.service_counts == [0, 1, 0]
    assert [
        event.slug
        for event in ServicePage.objects.get(
            catalogue_id="giurgiu-passport", locale__language_code="en"
        ).life_events.all()
    ] == ["having-a-child"]


def test_a_service_without_life_events_exports_none(sections, life_events):
    catalogue = {"format": "bgro-catalogue/1", "institutions": [FULL_INSTITUTION], "services": [FULL_SERVICE]}
    CatalogueImporter(copy.deepcopy(catalogue)).run()

    assert "life_events" not in CatalogueExporter().export()["services"][0]


def test_a_slug_belongs_to_one_life_event_in_every_language(life_events, locales):
    clash = LifeEvent(name="Друго", slug="having-a-child", locale=locales["en"])

    with pytest.raises(ValidationError) as error:
        clash.full_clean()

    assert "slug" in error.value.message_dict
    # Its own translation may (and must) share it.
    translation = life_events["child"].copy_for_translation(locales["en"])
    translation.full_clean()


def test_editors_choose_among_the_life_events_of_the_pages_language(admin_client, sections, life_events, locales):
    english = LifeEventFactory(name="Retiring", slug="retiring", locale=locales["en"])
    CatalogueImporter(catalogue_with(["having-a-child"])).run()
    source = ServicePage.objects.get(catalogue_id="giurgiu-passport", locale__language_code="ro", alias_of__isnull=True)

    response = admin_client.get(f"/admin/pages/{source.pk}/edit/")

    assert response.status_code == 200
    choices = set(response.context["form"].fields["life_events"].queryset.values_list("pk", flat=True))
    # Romanian ones, and those already chosen; not the Bulgarian or English versions.
    assert choices == {life_events["child_ro"].pk}
    assert english.pk not in choices and life_events["travel"].pk not in choices
    assert 'type="checkbox" name="life_events"' in response.content.decode()
