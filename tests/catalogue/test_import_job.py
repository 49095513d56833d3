"""The admin import as a background job (issue 13): upload, dry run (a job too), confirm; the worker imports,
the admin follows its progress; a second import of the same file is refused meanwhile; the file
lives in the default storage; a fresh site gets its section pages."""

import copy
import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry, Page

from bgro.framework_internals import independent_connection
from catalogue.importer import CatalogueImporter
from catalogue.models import CatalogueImport, InstitutionIndexPage, ServiceIndexPage, ServicePage
from catalogue.progress import ImportProgress
from catalogue.sections import SECTIONS
from catalogue.tasks import prune_catalogue_uploads
from home.demo.builder import translation_key
from tests.catalogue.test_importer import CATALOGUE
from tests.committed import committed_then_restored
from tests.jobs.worker import DATABASE_QUEUE, run_worker_until_the_queue_is_empty

RECORDS = len(CATALOGUE["institutions"]) + len(CATALOGUE["services"])


def upload(raw, name="catalogue.json"):
    return {"file": SimpleUploadedFile(name, raw, content_type="application/json")}


def test_a_confirmed_import_runs_in_the_worker_with_progress_and_refuses_the_same_file_meanwhile(
    django_db_setup, django_db_blocker, settings
):
    raw = json.dumps(CATALOGUE).encode()
    url = reverse("catalogue_import")
    with django_db_blocker.unblock(), committed_then_restored(), override_settings(TASKS=DATABASE_QUEUE):
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))

        # The upload is stored and its check (the dry run) queued: the request does not run it.
        response = client.post(url, upload(raw))
        first = CatalogueImport.objects.get()
        status_url = reverse("catalogue_import_status", args=[first.pk])
        assert response.status_code == 302 and response.url == status_url
        assert first.status == CatalogueImport.Status.CHECK_QUEUED
        assert first.sha256 == hashlib.sha256(raw).hexdigest()
        job = DBTaskResult.objects.get()
        assert (job.task_path, job.status, str(job.id)) == ("catalogue.tasks.check_catalogue_upload", "READY", first.task_id)
        # Kept in the default storage (MEDIA_ROOT here), where any worker reads it.
        assert default_storage.open(first.file.name).read() == raw
        assert Path(settings.MEDIA_ROOT) in Path(first.file.path).parents
        # Meanwhile its page says so and refreshes itself; status.json has it active.
        page = client.get(status_url)
        assert b'http-equiv="refresh"' in page.content and b"<progress" in page.content
        assert "report" not in page.context and "token" not in page.context
        status = client.get(reverse("catalogue_import_status_json", args=[first.pk])).json()
        assert (status["status"], status["active"], status["percent"]) == ("check_queued", True, 0)

        # Checked twice before anything runs: both may wait for confirmation.
        client.post(url, upload(raw, "again.json"))
        second = CatalogueImport.objects.exclude(pk=first.pk).get()
        # Neither is in the list of imports yet; both are in the uploader's own list.
        listing = client.get(url)
        assert not listing.context["recent_imports"]
        assert list(listing.context["own_uploads"]) == [second, first]

        run_worker_until_the_queue_is_empty()

        # The dry run on a fresh site (no section pages yet) reports and writes nothing.
        first.refresh_from_db()
        assert first.status == CatalogueImport.Status.CHECKED, first.problems
        assert (first.records_done, first.records_total) == (RECORDS, RECORDS)
        assert not ServiceIndexPage.objects.exists() and not ServicePage.objects.exists()
        page = client.get(status_url)
        assert b'http-equiv="refresh"' not in page.content
        assert page.context["report"]["service_counts"] == [2, 0, 0]
        assert page.context["token"] == first.token
        DBTaskResult.objects.all().delete()

        response = client.post(url, {"token": str(first.token)})
        assert response.status_code == 302 and response.url == status_url
        first.refresh_from_db()
        assert first.status == CatalogueImport.Status.QUEUED
        assert first.records_done == 0  # the bar now counts the import
        job = DBTaskResult.objects.get()
        assert (job.task_path, job.status, str(job.id)) == ("catalogue.tasks.run_catalogue_import", "READY", first.task_id)
        assert not ServicePage.objects.exists()  # nothing ran in the request

        # The same file while it waits: confirming the other check is refused with a message...
        response = client.post(url, {"token": str(second.token)}, follow=True)
        assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["success", "error"]
        second.refresh_from_db()
        assert second.status == CatalogueImport.Status.CHECKED
        assert DBTaskResult.objects.count() == 1
        # ... and so is a new upload of it, before it is stored or checked.
        response = client.post(url, upload(raw, "third.json"))
        assert response.status_code == 200 and response.context["running"] == first
        assert CatalogueImport.objects.count() == 2 and DBTaskResult.objects.count() == 1

        status = client.get(reverse("catalogue_import_status_json", args=[first.pk])).json()
        assert (status["status"], status["active"], status["percent"]) == ("queued", True, 0)
        page = client.get(status_url)
        assert b'http-equiv="refresh"' in page.content  # without JavaScript it reloads itself
        assert b"<progress" in page.content and "token" not in page.context

        run_worker_until_the_queue_is_empty()

        first.refresh_from_db()
        assert first.status == CatalogueImport.Status.SUCCEEDED, first.error
        assert (first.records_done, first.records_total) == (RECORDS, RECORDS)
        assert first.started_at <= first.finished_at
        status = client.get(reverse("catalogue_import_status_json", args=[first.pk])).json()
        assert (status["status"], status["active"], status["percent"]) == ("succeeded", False, 100)
        assert status["summary"].startswith("institutions: 2 new")
        assert ServicePage.objects.filter(catalogue_id="ruse-birth-certificate", live=True).exists()
        assert ModelLogEntry.objects.filter(action="catalogue.import", object_id=str(first.pk)).exists()
        # The lexicon job the import asked for ran as well.
        assert sorted(DBTaskResult.objects.values_list("task_path", "status")) == [
            ("catalogue.tasks.run_catalogue_import", "SUCCESSFUL"),
            ("search.tasks.rebuild_search_lexicon", "SUCCESSFUL"),
        ]
        # After the browser was closed: the list of imports shows it with its state.
        listing = client.get(url)
        assert first in listing.context["recent_imports"]
        assert second not in listing.context["recent_imports"]  # never confirmed
        page = client.get(status_url)
        assert b'http-equiv="refresh"' not in page.content and first.summary.encode() in page.content
        # Once it has finished, the same file may be imported again.
        response = client.post(url, {"token": str(second.token)})
        assert response.status_code == 302
        second.refresh_from_db()
        assert second.status == CatalogueImport.Status.QUEUED


def test_a_file_with_problems_is_rejected_by_the_check_job_and_changes_nothing(django_db_setup, django_db_blocker):
    bad = copy.deepcopy(CATALOGUE)
    bad["services"][0]["channels"] = ["fax"]
    bad["services"][1]["institution"] = "nowhere"
    url = reverse("catalogue_import")
    with django_db_blocker.unblock(), committed_then_restored(), override_settings(TASKS=DATABASE_QUEUE):
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))
        other = Client()
        other.force_login(get_user_model().objects.create_superuser("other", "other@example.org", "x"))
        pages_before = Page.objects.count()
        client.post(url, upload(json.dumps(CATALOGUE).encode(), "good.json"))
        good = CatalogueImport.objects.get()

        response = client.post(url, upload(json.dumps(bad).encode(), "bad.json"))

        record = CatalogueImport.objects.exclude(pk=good.pk).get()
        assert response.url == reverse("catalogue_import_status", args=[record.pk])
        run_worker_until_the_queue_is_empty()

        record.refresh_from_db()
        assert record.status == CatalogueImport.Status.REJECTED
        page = client.get(response.url)
        problems = page.context["problems"]
        assert page.context["problem_count"] == len(problems) >= 2
        assert any(problem.startswith("services[0].channels[0]: unknown value") for problem in problems)
        assert any(problem.startswith("services[1].institution") for problem in problems)
        assert "token" not in page.context and b'http-equiv="refresh"' not in page.content
        assert b"services[0].channels[0]" in page.content
        status = client.get(reverse("catalogue_import_status_json", args=[record.pk])).json()
        assert (status["status"], status["active"], status["problem_count"]) == ("rejected", False, len(problems))
        # Neither check wrote anything, and the rejected one cannot be confirmed.
        assert Page.objects.count() == pages_before and not ServicePage.objects.exists()
        response = client.post(url, {"token": str(record.token)}, follow=True)
        assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["error"]
        # A checked upload is confirmed by who uploaded it only (with the choices made then).
        good.refresh_from_db()
        assert good.status == CatalogueImport.Status.CHECKED
        page = other.get(reverse("catalogue_import_status", args=[good.pk]))
        assert "token" not in page.context and "Само admin, който е качил файла".encode() in page.content  # the admin speaks Bulgarian
        other.post(url, {"token": str(good.token)})
        good.refresh_from_db()
        assert good.status == CatalogueImport.Status.CHECKED
        assert sorted(DBTaskResult.objects.values_list("task_path", "status")) == [
            ("catalogue.tasks.check_catalogue_upload", "SUCCESSFUL"),
            ("catalogue.tasks.check_catalogue_upload", "SUCCESSFUL"),
        ]


def test_import_progress_is_seen_by_other_connections_while_the_import_transaction_is_open(
    django_db_setup, django_db_blocker
):
    """The contract of catalogue.progress with Django's connection handler: the second
    connection it opens is independent of the import's, and commits at once."""
    with django_db_blocker.unblock(), committed_then_restored():
        record = CatalogueImport.objects.create(file_name="big.json", status=CatalogueImport.Status.RUNNING)
        progress = ImportProgress(record.pk, interval=0)
        reader = independent_connection("default")
        try:
            with transaction.atomic():
                CatalogueImport.objects.create(file_name="written by the import's transaction.json")
                progress(250, 1000)
                with reader.cursor() as cursor:
                    cursor.execute("SELECT records_done, records_total FROM catalogue_catalogueimport WHERE id = %s", [record.pk])
                    assert cursor.fetchone() == (250, 1000)
                    cursor.execute("SELECT count(*) FROM catalogue_catalogueimport")
                    assert cursor.fetchone() == (1,)  # the import's own rows stay invisible
                transaction.set_rollback(True)
        finally:
            progress.close()
            reader.close()


@pytest.mark.smoke
def test_a_fresh_site_imports_and_gets_its_sections_in_every_language(db):
    assert not InstitutionIndexPage.objects.exists() and not ServiceIndexPage.objects.exists()

    CatalogueImporter(CATALOGUE).run()

    for section in SECTIONS:
        versions = section.model.objects.filter(translation_key=section.translation_key)
        assert {page.locale.language_code: (page.title, page.live, page.alias_of_id) for page in versions} == {
            language: (section.title[language], True, None) for language in ("bg", "ro", "en")
        }
    for service in ServicePage.objects.filter(catalogue_id="ruse-birth-certificate"):
        assert service.get_parent().specific_class is ServiceIndexPage
        assert service.get_parent().locale_id == service.locale_id
    # A second import finds them; the demo loader would too (same translation keys).
    report = CatalogueImporter(CATALOGUE).run()
    assert report.service_counts == [0, 0, 2]
    assert InstitutionIndexPage.objects.count() == ServiceIndexPage.objects.count() == 3
    assert [section.translation_key for section in SECTIONS] == [translation_key("institutions"), translation_key("services")]


@pytest.mark.smoke
@override_settings(CATALOGUE_IMPORT_MAX_BYTES=1024 * 1024)
def test_a_file_over_the_size_limit_is_refused_with_a_message_and_nothing_is_stored(admin_client, settings):
    def stored():
        return set((Path(settings.MEDIA_ROOT) / "catalogue-imports").rglob("*"))

    before = stored()

    response = admin_client.post(reverse("catalogue_import"), upload(b" " * (1024 * 1024 + 1), "big.json"))

    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert "1.0" in message and "1 MB" in message
    assert not CatalogueImport.objects.exists()
    assert stored() == before


def test_the_status_endpoint_is_for_importers_only(client, django_user_model):
    record = CatalogueImport.objects.create(file_name="a.json", status=CatalogueImport.Status.RUNNING, records_total=10, records_done=4)
    url = reverse("catalogue_import_status_json", args=[record.pk])
    assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "x"))
    assert client.get(url).json()["percent"] == 40
    assert client.get(reverse("catalogue_import_status_json", args=[record.pk + 1])).status_code == 404


@pytest.mark.smoke
def test_uploads_never_confirmed_and_old_imported_files_are_pruned(db):
    stale = CatalogueImport.objects.create(file_name="stale.json", file=ContentFile(b"{}", name="stale.json"))
    fresh = CatalogueImport.objects.create(file_name="fresh.json", file=ContentFile(b"{}", name="fresh.json"))
    old = CatalogueImport.objects.create(
        file_name="old.json", file=ContentFile(b"{}", name="old.json"), status=CatalogueImport.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=31),
    )
    rejected = CatalogueImport.objects.create(
        file_name="rejected.json", file=ContentFile(b"[]", name="rejected.json"), status=CatalogueImport.Status.REJECTED
    )
    stuck = CatalogueImport.objects.create(
        file_name="stuck.json", file=ContentFile(b"{}", name="stuck.json"), status=CatalogueImport.Status.CHECKING
    )
    CatalogueImport.objects.filter(pk__in=[stale.pk, rejected.pk, stuck.pk]).update(
        imported_at=timezone.now() - timedelta(days=2)
    )
    names = {record.pk: record.file.name for record in (stale, fresh, old, rejected, stuck)}

    assert prune_catalogue_uploads.call() == 4

    assert not CatalogueImport.objects.filter(pk__in=[stale.pk, rejected.pk, stuck.pk]).exists()
    assert not default_storage.exists(names[rejected.pk]) and not default_storage.exists(names[stuck.pk])
    assert not default_storage.exists(names[stale.pk]) and not default_storage.exists(names[old.pk])
    assert default_storage.exists(names[fresh.pk])
    old.refresh_from_db()
    assert not old.file and old.summary == ""


@pytest.mark.parametrize("token", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_bad_or_unknown_token_changes_nothing(admin_client, token):
    response = admin_client.post(reverse("catalogue_import"), {"token": token})
    assert response.status_code == 302 and response.url == reverse("catalogue_import")
    assert not DBTaskResult.objects.exists()
