"""Background jobs of the catalogue: the admin upload's dry run, the confirmed import, and
pruning uploaded files."""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from jobs.schedule import run_now

from .exchange_format import CatalogueFileError, parse
from .importer import CatalogueImporter
from .models import CatalogueImport
from .progress import ImportProgress

logger = logging.getLogger(__name__)
PROBLEMS_KEPT = 50
UNCONFIRMED_KEPT = timedelta(days=1)
IMPORTED_FILES_KEPT = timedelta(days=30)


class CatalogueImportFailed(Exception):
    """The import wrote nothing; the reason is on the CatalogueImport record."""


@task()
def check_catalogue_upload(import_id):
    """Dry-run the uploaded file of CatalogueImport ``import_id`` against the site as it is: its
    report (counts of new, updated, unchanged) or every problem of the file goes on the record,
    which then waits for confirmation or is rejected. The dry run's writes are rolled back; only
    the record changes. Returns the number of problems (0: the file can be imported)."""
    waiting = CatalogueImport.objects.filter(pk=import_id, status=CatalogueImport.Status.CHECK_QUEUED)
    if not waiting.update(status=CatalogueImport.Status.CHECKING):
        return None  # delivered twice, or pruned meanwhile
    record = CatalogueImport.objects.select_related("imported_by").get(pk=import_id)
    progress = ImportProgress(record.pk)
    try:
        with record.file.open("rb") as upload:
            # Size, depth and records are checked before the file is decoded (exchange_format).
            data = parse(upload.read())
        importer = CatalogueImporter(data, publish=record.published, user=record.imported_by, progress=progress)
        report = importer.run(dry_run=True)
    except CatalogueFileError as error:
        CatalogueImport.objects.filter(pk=record.pk).update(
            status=CatalogueImport.Status.REJECTED, problems=list(error.problems)
        )
        return len(error.problems)
    except Exception as error:
        CatalogueImport.objects.filter(pk=record.pk).update(
            status=CatalogueImport.Status.REJECTED, problems=[f"$: {type(error).__name__}: {error}"]
        )
        raise
    finally:
        progress.close()
    total = len(data.get("institutions", [])) + len(data.get("services", []))
    counts = {
        "institution_counts": report.institution_counts,
        "service_counts": report.service_counts,
        "translation_counts": report.translation_counts,
    }
    CatalogueImport.objects.filter(pk=record.pk).update(
        status=CatalogueImport.Status.CHECKED, check_report=counts, records_done=total, records_total=total
    )
    return 0


@task()
def run_catalogue_import(import_id):
    """Import the uploaded file of CatalogueImport ``import_id`` (confirmed in the admin).

    The file was checked by a dry run when it was uploaded; it is validated again here, against
    the site as it is now. Returns the summary; a failure is recorded on the import and raised,
    so the job shows as failed too."""
    queued = CatalogueImport.objects.filter(pk=import_id, status=CatalogueImport.Status.QUEUED)
    if not queued.update(status=CatalogueImport.Status.RUNNING, started_at=timezone.now()):
        # Run already, or no longer wanted: a job may be delivered twice, the import never is.
        return None
    record = CatalogueImport.objects.select_related("imported_by").get(pk=import_id)
    progress = ImportProgress(record.pk)
    try:
        with record.file.open("rb") as upload:
            data = parse(upload.read())
        importer = CatalogueImporter(data, publish=record.published, user=record.imported_by, progress=progress)
        report = importer.run()
    except CatalogueFileError as error:
        _finish(record, CatalogueImport.Status.FAILED, error="\n".join(error.problems[:PROBLEMS_KEPT]))
        raise CatalogueImportFailed(error.problems[0]) from None
    except Exception as error:
        _finish(record, CatalogueImport.Status.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    finally:
        progress.close()
    total = len(data.get("institutions", [])) + len(data.get("services", []))
    _finish(record, CatalogueImport.Status.SUCCEEDED, summary=report.summary(), records_done=total, records_total=total)
    log(instance=record, action="catalogue.import", user=record.imported_by, data={"summary": record.summary})
    # The import's translations went into the translation memory: the lexicon learns from them.
    run_now("search-lexicon")
    return record.summary


def _finish(record, status, **fields):
    fields.update(status=status, finished_at=timezone.now())
    CatalogueImport.objects.filter(pk=record.pk).update(**fields)
    for name, value in fields.items():
        setattr(record, name, value)


@task()
def prune_catalogue_uploads():
    """Delete uploads never confirmed (checked, rejected or stuck in their check; after UNCONFIRMED_KEPT, with their record) and the files
    of imports finished more than IMPORTED_FILES_KEPT ago (their record stays). Returns how many
    files were deleted."""
    now = timezone.now()
    deleted = 0
    for record in CatalogueImport.objects.filter(
        status__in=CatalogueImport.NOT_CONFIRMED, imported_at__lt=now - UNCONFIRMED_KEPT
    ):
        if record.file:
            record.file.delete(save=False)
            deleted += 1
        record.delete()
    old = Q(status__in=CatalogueImport.FINISHED, finished_at__lt=now - IMPORTED_FILES_KEPT)
    for record in CatalogueImport.objects.filter(old).exclude(file=""):
        record.file.delete(save=False)
        CatalogueImport.objects.filter(pk=record.pk).update(file="")
        deleted += 1
    return deleted
