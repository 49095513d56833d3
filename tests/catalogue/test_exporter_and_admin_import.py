"""Export gives back what was imported; administrators import through the admin."""

import copy
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from catalogue.exporter import CatalogueExporter
from catalogue.importer import CatalogueImporter
from catalogue.models import CatalogueImport, ServicePage
from tests.catalogue.test_importer import CATALOGUE

FULL_INSTITUTION = {
    "id": "giurgiu-prefecture",
    "type": "prefecture",
    "country": "RO",
    "region": "Giurgiu",
    "source_language": "ro",
    "name": {"ro": "Instituția Prefectului – Județul Giurgiu", "bg": "Префектура Гюргево", "en": "Giurgiu Prefecture"},
    "description": {"ro": "Primul paragraf.\n\nAl doilea & ultimul <paragraf>.", "bg": "Първи.\n\nВтори.", "en": "First.\n\nSecond."},
    "address": {"ro": "Bd. București 10, Giurgiu", "bg": "бул. Букурещ 10, Гюргево", "en": "10 București Blvd, Giurgiu"},
    "opening_hours": {"ro": "Luni – vineri: 8:00 – 16:00\nSâmbătă: închis", "bg": "Понеделник – петък: 8:00 – 16:00\nСъбота: затворено", "en": "Monday – Friday: 8:00 – 16:00\nSaturday: closed"},
    "website": "https://gr.prefectura.mai.gov.ro/",
    "email": "prefectura@prefecturagiurgiu.ro",
    "phone": "+40 246 211 001",
    "location": {"lat": 43.903451, "lon": 25.969742},
}

FULL_SERVICE = {
    "id": "giurgiu-passport",
    "institution": "giurgiu-prefecture",
    "source_language": "ro",
    "audience": ["citizens"],
    "channels": ["in-person", "online"],
    "online_url": "https://epasapoarte.ro/",
    "fee": {"amount": "258.00", "currency": "RON"},
    "processing_days": 15,
    "digitalisation_level": 3,
    "electronic_identity": True,
    "cross_border": False,
    "procedure_languages": ["ro", "en"],
    "title": {"ro": "Pașaport simplu electronic", "bg": "Обикновен електронен паспорт", "en": "Simple electronic passport"},
    "summary": {"ro": "Eliberare.", "bg": "Издаване.", "en": "Issue."},
    "description": {"ro": "Unu.\n\nDoi.", "bg": "Едно.\n\nДве.", "en": "One.\n\nTwo."},
    "documents": {"ro": ["Carte de identitate", "Dovada plății"], "bg": ["Лична карта", "Платежен документ"], "en": ["Identity card", "Proof of payment"]},
    "legal_basis": {"ro": "Legea nr. 248/2005\nHG nr. 94/2006", "bg": "Закон № 248/2005\nПравителствено решение № 94/2006", "en": "Law no. 248/2005\nGovernment Decision no. 94/2006"},
    "payment_methods": {"ro": "Card sau numerar.", "bg": "С карта или в брой.", "en": "By card or in cash."},
    "processing_time_note": {"ro": "Urgență: 2 zile.", "bg": "Спешно: 2 дни.", "en": "Express: 2 days."},
    "output": {"ro": "Pașaportul.", "bg": "Паспортът.", "en": "The passport."},
    "steps": {
        "ro": [{"title": "Programare", "description": "Online."}, {"title": "Depunere", "description": "La ghișeu."}],
        "bg": [{"title": "Записване", "description": "Онлайн."}, {"title": "Подаване", "description": "На гише."}],
        "en": [{"title": "Appointment", "description": "Online."}, {"title": "Application", "description": "At the desk."}],
    },
    "identification_means": {"ro": "Carte de identitate.", "bg": "Лична карта.", "en": "Identity card."},
    "appeal_procedure": {"ro": "Contencios administrativ.", "bg": "Съдебно обжалване.", "en": "Administrative court."},
    "no_reply_consequence": {"ro": "Aprobare tacită.", "bg": "Мълчаливо съгласие.", "en": "Tacit approval."},
}


def test_import_then_export_is_lossless_with_every_optional_field(sections):
    catalogue = {"format": "bgro-catalogue/1", "institutions": [FULL_INSTITUTION], "services": [FULL_SERVICE]}
    CatalogueImporter(copy.deepcopy(catalogue)).run()

    assert CatalogueExporter().export() == catalogue


def test_export_command_writes_the_exchange_format(sections, tmp_path):
    CatalogueImporter(copy.deepcopy(CATALOGUE)).run()
    path = tmp_path / "export.json"
    call_command("export_catalogue", str(path), stderr=open("/dev/null", "w"))
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["format"] == "bgro-catalogue/1"
    assert {record["id"] for record in exported["services"]} == {"ruse-birth-certificate", "giurgiu-building-permit"}
    permit = next(record for record in exported["services"] if record["id"] == "giurgiu-building-permit")
    assert permit["source_language"] == "ro" and set(permit["title"]) == {"ro"}


@pytest.fixture
def editor(django_user_model):
    """A communications officer: admin access, but not allowed to import catalogues."""
    user = django_user_model.objects.create_user("editor", password="x")
    group = Group.objects.create(name="Catalogue test editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_admin_import_shows_dry_run_then_imports_and_logs(sections, admin_client):
    url = reverse("catalogue_import")
    upload = SimpleUploadedFile("catalogue.json", json.dumps(CATALOGUE).encode(), content_type="application/json")

    response = admin_client.post(url, {"file": upload}, follow=True)

    # The tests' immediate backend ran the check (a job) at once; its page shows the report.
    assert response.status_code == 200
    assert response.context["report"]["service_counts"] == [2, 0, 0]
    assert not ServicePage.objects.exists()  # a dry run writes nothing
    token = response.context["token"]

    response = admin_client.post(url, {"token": token, "file_name": "catalogue.json", "draft": "0"})

    assert response.status_code == 302
    assert ServicePage.objects.filter(catalogue_id="ruse-birth-certificate", live=True).exists()
    record = CatalogueImport.objects.get()
    assert ModelLogEntry.objects.filter(action="catalogue.import", object_id=str(record.pk)).exists()
    # The same upload cannot be imported twice.
    response = admin_client.post(url, {"token": token, "file_name": "catalogue.json"}, follow=True)
    assert CatalogueImport.objects.count() == 1


def test_admin_import_lists_problems_and_writes_nothing(sections, admin_client):
    bad = copy.deepcopy(CATALOGUE)
    bad["services"][0]["channels"] = ["fax"]
    upload = SimpleUploadedFile("bad.json", json.dumps(bad).encode(), content_type="application/json")

    response = admin_client.post(reverse("catalogue_import"), {"file": upload}, follow=True)

    assert response.status_code == 200
    assert any(problem.startswith("services[0].channels[0]: unknown value") for problem in response.context["problems"])
    assert "token" not in response.context
    assert not ServicePage.objects.exists()
    assert CatalogueImport.objects.get().status == CatalogueImport.Status.REJECTED


def test_admin_import_rejects_non_json_with_a_message(sections, admin_client):
    upload = SimpleUploadedFile("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    response = admin_client.post(reverse("catalogue_import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert response.context["problems"][0].startswith("$: not UTF-8 text")


def test_only_administrators_may_import(sections, client, editor):
    client.force_login(editor)
    response = client.get(reverse("catalogue_import"))
    # Wagtail's admin turns a permission error into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
