"""The catalogue's panel of the admin dashboard: imports that failed or were refused lately
(bgro.dashboard). One query for the count, one for the latest failure's link."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bgro.dashboard import Count, CountsPanel

from .models import CatalogueImport

FAILED_IMPORTS_DAYS = 30
FAILED = (CatalogueImport.Status.FAILED, CatalogueImport.Status.REJECTED)


def failed_imports_panel():
    recent = CatalogueImport.objects.filter(
        status__in=FAILED, imported_at__gte=timezone.now() - timedelta(days=FAILED_IMPORTS_DAYS)
    )
    failed = recent.count()
    label = ngettext(
        "%(count)d catalogue import failed or was refused in the last %(days)d days",
        "%(count)d catalogue imports failed or were refused in the last %(days)d days",
        failed,
    ) % {"count": failed, "days": FAILED_IMPORTS_DAYS}
    latest = recent.order_by("-imported_at").values_list("pk", flat=True).first() if failed else None
    url = reverse("catalogue_import_status", args=[latest]) if latest else reverse("catalogue_import")
    return CountsPanel("failed-imports", _("Catalogue imports"), [Count(label, url, failed)], order=160)
