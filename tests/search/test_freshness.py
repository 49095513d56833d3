"""The index follows the pages: publish, unpublish, move, delete, privacy, and a full rebuild."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from search.models import SearchEntry
from tests.factories import StandardPageFactory
from tests.search.conftest import make_institution, make_service

pytestmark = pytest.mark.django_db


def found(client, query, language="bg"):
    return [result["title"] for result in client.get("/api/search/", {"q": query, "lang": language}).json()["results"]]


@pytest.mark.smoke
def test_unpublished_page_disappears_and_comes_back_when_republished(client, catalogue):
    service = make_service(catalogue, "Удостоверение за наследници")
    assert found(client, "наследници") == [service.title]

    service.unpublish()
    assert found(client, "наследници") == []

    service.save_revision().publish()
    assert found(client, "наследници") == [service.title]


def test_published_changes_are_found_and_drafts_are_not(client, catalogue):
    service = make_service(catalogue, "Удостоверение за наследници")
    service.title = "Удостоверение за семейно положение"
    service.save_revision()
    assert found(client, "семейно") == []

    service.get_latest_revision().publish()
    assert found(client, "семейно") == ["Удостоверение за семейно положение"]
    assert found(client, "наследници") == []


def test_a_service_follows_its_institution_to_another_region(client, catalogue):
    hall = make_institution(catalogue, "Кметство Сяка", "seaca-hall", country="RO", region="Teleorman")
    service = make_service(catalogue, "Данък върху превозните средства", institution=hall)
    assert found(client, "данък превозни средства Телеорман")[0] == service.title

    hall.region = "Olt"
    hall.save_revision().publish()

    assert SearchEntry.objects.get(identifier=service.catalogue_id).region == "Olt"
    assert found(client, "данък превозни средства Олт")[0] == service.title
    assert service.title not in found(client, "Телеорман")


def test_deleted_page_leaves_the_index(client, catalogue):
    service = make_service(catalogue, "Удостоверение за наследници")
    Page.objects.get(pk=service.pk).delete()

    assert found(client, "наследници") == []
    assert not SearchEntry.objects.filter(identifier=service.catalogue_id).exists()


def test_moved_page_is_found_at_its_new_address(client, home_page):
    section = StandardPageFactory(parent=home_page, title="Раздел", slug="razdel")
    page = StandardPageFactory(parent=home_page, title="Крайдунавски маршрут", slug="marshrut")
    page.move(section, pos="last-child")

    [result] = client.get("/api/search/", {"q": "крайдунавски", "lang": "bg"}).json()["results"]
    assert result["url"] == "/bg/razdel/marshrut/"


def test_privacy_hides_a_section_and_showing_it_again_brings_it_back(client, home_page):
    section = StandardPageFactory(parent=home_page, title="Вътрешен раздел")
    StandardPageFactory(parent=section, title="Крайдунавски протокол")
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert found(client, "крайдунавски") == []

    restriction.delete()
    assert found(client, "крайдунавски") == ["Крайдунавски протокол"]


def test_update_index_rebuilds_what_was_lost(client, catalogue):
    service = make_service(catalogue, "Удостоверение за наследници")
    SearchEntry.objects.all().delete()
    assert found(client, "наследници") == []

    output = io.StringIO()
    call_command("update_index", stdout=output, stderr=io.StringIO())

    assert found(client, "наследници") == [service.title]
    assert "Search index:" in output.getvalue()
