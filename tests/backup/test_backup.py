"""Backup and restore: the demo site backed up, put back into a database as `migrate` leaves it,
is the same site (catalogue export, pages per language, media checksums); bad archives and a
database with content are refused without changing anything.

Runs on the engine of the run: PostgreSQL in the full suite, SQLite in the smoke run. The demo
site is built once for the module inside a transaction that is rolled back after it.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings
from wagtail.models import Page

from backup.archive import MANIFEST, media_checksums, read_manifest
from bgro.framework_internals import quiet_raw_load_receivers
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

REPOSITORY = Path(__file__).resolve().parents[2]


def site_fingerprint(tmp_path):
    """What must survive a round trip: the catalogue export, pages per language, media files."""
    export = tmp_path / f"catalogue-{len(list(tmp_path.iterdir()))}.json"
    call_command("export_catalogue", str(export), stderr=StringIO())
    return {
        "catalogue": export.read_text(encoding="utf-8"),
        "pages": Counter(Page.objects.values_list("locale__language_code", flat=True)),
        "media": media_checksums(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, its fingerprint, its backup archive, and the database as migrated."""
    work = tmp_path_factory.mktemp("backup")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=work / "media"), transaction.atomic():
        factories.reseed()
        migrated = connection.creation.serialize_db_to_string()
        call_command("load_demo", stdout=StringIO())
        archive = work / "site.tar.gz"
        call_command("backup", str(archive), stdout=StringIO())
        try:
            yield {"archive": archive, "fingerprint": site_fingerprint(work), "migrated": migrated, "work": work}
        finally:
            transaction.set_rollback(True)
    # The restores put content types back under the archive's ids and the rollback undoes them:
    # the process-wide caches that hold ids must not outlive this module.
    ContentType.objects.clear_cache()
    cache.clear()


def as_after_migrate(migrated):
    """Empty every table and put back what the migrations created (a fresh database)."""
    connection.check_constraints()  # PostgreSQL truncates no table with deferred checks pending
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    with quiet_raw_load_receivers():
        connection.creation.deserialize_db_from_string(migrated)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)


def test_restore_into_a_fresh_database_gives_the_same_site(demo, tmp_path, client):
    as_after_migrate(demo["migrated"])
    assert Page.objects.count() == 4  # the root and three home pages

    with override_settings(MEDIA_ROOT=tmp_path / "restored-media"):
        assert media_checksums() == {}
        output = StringIO()
        call_command("restore", str(demo["archive"]), stdout=output, stderr=StringIO())

        assert "Restored" in output.getvalue()
        restored = site_fingerprint(tmp_path)
        assert restored["pages"] == demo["fingerprint"]["pages"]
        assert restored["media"] == demo["fingerprint"]["media"]
        assert len(restored["media"]) >= 10  # the demo's images and documents, with renditions
        assert restored["catalogue"] == demo["fingerprint"]["catalogue"]
        # The search index was rebuilt from the restored pages.
        response = client.get("/api/search/", {"q": "Русе", "lang": "bg"})
        assert response.status_code == 200 and response.json()["total"] > 0


def test_the_manifest_describes_the_archive(demo):
    manifest = read_manifest(demo["archive"])

    assert manifest["counts"]["wagtailcore.page"] == sum(demo["fingerprint"]["pages"].values())
    assert {name: item["sha256"] for name, item in manifest["media"].items()} == demo["fingerprint"]["media"]
    assert manifest["versions"]["django"].startswith("5.2")
    assert "wagtailsearch.indexentry" not in manifest["counts"]  # derived: rebuilt after a restore
    assert manifest["migrations"]["wagtailcore"]


def test_a_database_with_content_is_refused_without_force(demo):
    pages = Page.objects.count()

    with pytest.raises(CommandError, match=r"not empty \(.*\d+ pages.*--force"):
        call_command("restore", str(demo["archive"]), stdout=StringIO())
    assert Page.objects.count() == pages


def rewrite(archive, target, *, manifest=None, replace=None):
    """A copy of ``archive`` with another manifest or one member's bytes replaced."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == MANIFEST and manifest is not None:
                content = json.dumps(manifest(json.loads(content))).encode()
            if replace and member.name == replace[0]:
                content = replace[1]
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    return target


def test_a_damaged_archive_is_refused_before_anything_changes(demo, tmp_path):
    as_after_migrate(demo["migrated"])
    first_media = "media/" + sorted(demo["fingerprint"]["media"])[0]
    damaged = rewrite(demo["archive"], tmp_path / "damaged.tar.gz", replace=(first_media, b"not the file"))

    with pytest.raises(CommandError, match="is damaged"):
        call_command("restore", str(damaged), stdout=StringIO())
    assert Page.objects.count() == 4


def test_an_archive_of_other_migrations_is_refused(demo, tmp_path):
    def older(manifest):
        manifest["migrations"]["catalogue"] = manifest["migrations"]["catalogue"][:-1]
        return manifest

    other = rewrite(demo["archive"], tmp_path / "older.tar.gz", manifest=older)
    with pytest.raises(CommandError, match="other migrations.*catalogue: this database has"):
        call_command("restore", str(other), "--force", stdout=StringIO())


def test_a_file_that_is_no_archive_is_refused(tmp_path):
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("hello")

    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(not_an_archive), stdout=StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the snapshot isolation of PostgreSQL")
def test_backup_command_reads_one_postgresql_snapshot(tmp_path):
    """The command as an operator runs it (its own process, outside any transaction) on the
    test database as migrated: one REPEATABLE READ, READ ONLY transaction."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    archive = tmp_path / "migrated.tar.gz"
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", str(archive)],
        cwd=REPOSITORY,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bgro.settings.test", "MEDIA_ROOT": str(tmp_path / "media")},
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, result.stderr
    assert "repeatable read, read only" in result.stdout
    assert read_manifest(archive)["counts"]["wagtailcore.page"] == 4
