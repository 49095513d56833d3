"""The exchange format's extension for the digitalisation map: ``electronic_identity`` and
``cross_border`` of a service (docs/catalogue-exchange-format.md, optional, version 1 compatible)."""

import copy

import pytest

from catalogue.exchange_format import CatalogueFileError
from catalogue.exporter import CatalogueExporter
from catalogue.importer import CatalogueImporter
from catalogue.models import ServicePage
from tests.catalogue.test_exporter_and_admin_import import FULL_INSTITUTION, FULL_SERVICE

pytestmark = pytest.mark.django_db


def catalogue(**service_values):
    service = {**copy.deepcopy(FULL_SERVICE), **service_values}
    for key, value in service_values.items():
        if value is ...:
            del service[key]
    return {"format": "bgro-catalogue/1", "institutions": [copy.deepcopy(FULL_INSTITUTION)], "services": [service]}


def flags():
    """(language, electronic_identity, cross_border) of every language version of the service."""
    return sorted(
        ServicePage.objects.filter(catalogue_id=FULL_SERVICE["id"]).values_list(
            "locale__language_code", "electronic_identity", "cross_border"
        )
    )


def test_the_flags_go_round_trip_and_reach_every_language_version(sections):
    original = catalogue(electronic_identity=False, cross_border=True)
    CatalogueImporter(copy.deepcopy(original)).run()

    assert flags() == [("bg", False, True), ("en", False, True), ("ro", False, True)]
    assert CatalogueExporter().export() == original
    assert CatalogueImporter(copy.deepcopy(original)).run().service_counts == [0, 0, 1]

    changed = catalogue(electronic_identity=True, cross_border=False)
    assert CatalogueImporter(copy.deepcopy(changed)).run().service_counts == [0, 1, 0]
    assert flags() == [("bg", True, False), ("en", True, False), ("ro", True, False)]
    assert CatalogueExporter().export() == changed


def test_a_file_without_the_flags_is_still_accepted_and_leaves_them_as_they_are(sections):
    older = catalogue(electronic_identity=..., cross_border=...)  # a file written before the extension
    CatalogueImporter(copy.deepcopy(older)).run()
    assert flags() == [("bg", False, False), ("en", False, False), ("ro", False, False)]  # new: False

    CatalogueImporter(catalogue(electronic_identity=True, cross_border=True)).run()
    assert CatalogueImporter(copy.deepcopy(older)).run().service_counts == [0, 0, 1]
    assert flags() == [("bg", True, True), ("en", True, True), ("ro", True, True)]
    exported = CatalogueExporter().export()["services"][0]
    assert (exported["electronic_identity"], exported["cross_border"]) == (True, True)  # always written


@pytest.mark.parametrize("bad", ["yes", "true", 1, 0, None, [], {"bg": True}])
def test_a_value_that_is_not_a_boolean_is_refused_with_its_path_and_nothing_is_written(sections, bad):
    with pytest.raises(CatalogueFileError) as error:
        CatalogueImporter(catalogue(electronic_identity=True, cross_border=bad)).run()

    [problem] = error.value.problems
    assert problem.startswith("services[0].cross_border: must be true or false (a JSON boolean, without quotes)")
    assert not ServicePage.objects.exists()
