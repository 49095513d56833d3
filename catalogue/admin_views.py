"""Admin views: upload a catalogue file; its dry run (the check) runs in the background worker
(catalogue.tasks), and its page shows the progress, then the report or every problem; confirm;
the import runs in the worker too, and the same page shows its progress and result. No request
waits for either: a file of 10,000 services takes minutes to check.

The uploaded file is kept in Django's default storage (MEDIA_ROOT or an S3 bucket), where the
worker, on this machine or another, reads it.
"""

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CatalogueImport
from .tasks import check_catalogue_upload, run_catalogue_import

PROBLEMS_SHOWN = 200
RECENT_IMPORTS_SHOWN = 20
IMPORT_PERMISSION = "catalogue.add_catalogueimport"


def max_upload_megabytes():
    return settings.CATALOGUE_IMPORT_MAX_BYTES // (1024 * 1024)


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Catalogue file (JSON, exchange format)"))
    draft = forms.BooleanField(label=gettext_lazy("Keep new revisions as drafts"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CATALOGUE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; this site accepts catalogue files of up to %(limit)s MB. Nothing was stored.")
                % {"size": round(upload.size / (1024 * 1024), 1), "limit": max_upload_megabytes()}
            )
        return upload


def can_import(user):
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


def _recent_imports():
    return (
        CatalogueImport.objects.exclude(status__in=CatalogueImport.NOT_CONFIRMED)
        .select_related("imported_by")
        .order_by("-imported_at")[:RECENT_IMPORTS_SHOWN]
    )


def _own_uploads(user):
    """The user's uploads not confirmed yet (being checked, checked or rejected): found again here
    after the browser was closed."""
    return CatalogueImport.objects.filter(imported_by=user, status__in=CatalogueImport.NOT_CONFIRMED).order_by(
        "-imported_at"
    )[:RECENT_IMPORTS_SHOWN]


def _running_import_of(sha256):
    return CatalogueImport.objects.filter(sha256=sha256, status__in=CatalogueImport.ACTIVE).first()


def import_catalogue(request):
    if not can_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    context = {
        "recent_imports": _recent_imports(),
        "own_uploads": _own_uploads(request.user),
        "max_upload_megabytes": max_upload_megabytes(),
    }
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        sha256 = hashlib.sha256(raw).hexdigest()
        context["file_name"] = upload.name
        running = _running_import_of(sha256)
        if running is not None:
            context["running"] = running
            return TemplateResponse(request, "catalogue/admin/import.html", context)
        record = CatalogueImport(
            file_name=upload.name[:255],
            sha256=sha256,
            imported_by=request.user,
            published=not form.cleaned_data["draft"],
            status=CatalogueImport.Status.CHECK_QUEUED,
        )
        record.file.save(f"{sha256[:16]}.json", ContentFile(raw), save=False)
        record.save()
        result = check_catalogue_upload.enqueue(record.pk)
        CatalogueImport.objects.filter(pk=record.pk).update(task_id=str(result.id))
        return redirect("catalogue_import_status", record.pk)
    return TemplateResponse(request, "catalogue/admin/import.html", context)


def _confirm(request):
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        token = None
    record = CatalogueImport.objects.filter(
        token=token, status=CatalogueImport.Status.CHECKED, imported_by=request.user
    ).first()
    if token is None or record is None:
        messages.error(request, _("That upload has expired or was already imported. Upload the file again."))
        return redirect("catalogue_import")
    try:
        with transaction.atomic():
            record.status = CatalogueImport.Status.QUEUED
            record.records_done = 0  # the bar counted the check; now it counts the import
            record.save(update_fields=["status", "records_done"])
    except IntegrityError:
        running = _running_import_of(record.sha256)
        messages.error(request, _refusal(running))
        return redirect("catalogue_import")
    result = run_catalogue_import.enqueue(record.pk)
    CatalogueImport.objects.filter(pk=record.pk).update(task_id=str(result.id))
    messages.success(request, _("The import of %(name)s has started.") % {"name": record.file_name})
    return redirect("catalogue_import_status", record.pk)


def _refusal(running):
    if running is None:
        return _("The same file is already being imported; it was not imported a second time.")
    return _(
        "The same file is already being imported (%(name)s, uploaded %(when)s by %(who)s); it was not "
        "imported a second time. Wait until that import has finished."
    ) % {
        "name": running.file_name,
        "when": running.imported_at.strftime("%Y-%m-%d %H:%M"),
        "who": running.imported_by or "—",
    }


def import_status(request, import_id):
    """One import: state, progress bar and result (refreshes itself while it runs)."""
    if not can_import(request.user):
        raise PermissionDenied
    record = get_object_or_404(CatalogueImport.objects.select_related("imported_by"), pk=import_id)
    context = {"record": record, "status_url": reverse("catalogue_import_status_json", args=[record.pk])}
    if record.status == CatalogueImport.Status.CHECKED:
        context["report"] = record.check_report
        # Only who uploaded it confirms it (with the draft choice made at upload).
        if record.imported_by_id == request.user.pk:
            context["token"] = record.token
    elif record.status == CatalogueImport.Status.REJECTED:
        context["problems"] = record.problems[:PROBLEMS_SHOWN]
        context["problem_count"] = len(record.problems)
    return TemplateResponse(request, "catalogue/admin/import_status.html", context)


def import_status_json(request, import_id):
    """The state of one import for the progress bar's script (polled while it runs)."""
    if not can_import(request.user):
        return JsonResponse({"error": _("You may not see catalogue imports.")}, status=403)
    record = CatalogueImport.objects.filter(pk=import_id).first()
    if record is None:
        return JsonResponse({"error": _("There is no such import.")}, status=404)
    return JsonResponse(status_document(record))


def status_document(record):
    return {
        "id": record.pk,
        "file_name": record.file_name,
        "status": record.status,
        "status_label": str(record.get_status_display()),
        "active": record.is_active,
        "records_done": record.records_done,
        "records_total": record.records_total,
        "percent": record.percent_done,
        "summary": record.summary,
        "error": record.error,
        "problem_count": len(record.problems),
    }
