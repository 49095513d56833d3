"""Admin view: upload a catalogue file, read the dry-run report, confirm the import."""

import re
import tempfile
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from .exchange_format import CatalogueFileError, parse
from .importer import CatalogueImporter
from .models import CatalogueImport

UPLOAD_DIR = Path(tempfile.gettempdir()) / "bgro-catalogue-imports"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
PROBLEMS_SHOWN = 200
IMPORT_PERMISSION = "catalogue.add_catalogueimport"


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Catalogue file (JSON, exchange format)"))
    draft = forms.BooleanField(label=gettext_lazy("Keep new revisions as drafts"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CATALOGUE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(settings.CATALOGUE_IMPORT_MAX_BYTES)}
            )
        return upload


def can_import(user):
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


def import_catalogue(request):
    if not can_import(request.user):
        raise PermissionDenied
    context = {"recent_imports": CatalogueImport.objects.select_related("imported_by")[:10]}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            # Size, depth and records are checked before the file is decoded (exchange_format).
            report = CatalogueImporter(parse(raw)).run(dry_run=True)
        except CatalogueFileError as error:
            context["problems"] = error.problems[:PROBLEMS_SHOWN]
            context["problem_count"] = len(error.problems)
        else:
            token = uuid.uuid4().hex
            UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
            (UPLOAD_DIR / f"{token}.json").write_bytes(raw)
            context.update(report=report, token=token, file_name=upload.name, draft=form.cleaned_data["draft"])
        if "problems" in context:
            context["file_name"] = upload.name
    return TemplateResponse(request, "catalogue/admin/import.html", context)


def _confirm(request):
    token = request.POST.get("token", "")
    path = UPLOAD_DIR / f"{token}.json"
    if not TOKEN.match(token) or not path.exists():
        messages.error(request, _("That upload has expired or was already imported. Upload the file again."))
        return redirect("catalogue_import")
    draft = request.POST.get("draft") == "1"
    file_name = request.POST.get("file_name", "catalogue.json")[:255]
    try:
        report = CatalogueImporter(parse(path.read_bytes()), publish=not draft, user=request.user).run()
    except CatalogueFileError as error:
        # The site changed between the dry run and the confirmation.
        messages.error(request, _("Nothing was imported: %(problem)s") % {"problem": error.problems[0]})
        return redirect("catalogue_import")
    finally:
        path.unlink(missing_ok=True)
    record = CatalogueImport.objects.create(
        file_name=file_name, imported_by=request.user, published=not draft, summary=report.summary()
    )
    log(instance=record, action="catalogue.import", user=request.user, data={"summary": report.summary()})
    messages.success(request, _("Catalogue imported: %(summary)s") % {"summary": report.summary()})
    return redirect("catalogue_import")
