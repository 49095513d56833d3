"""The coverage dashboard: every translatable page and snippet in every language, its state,
filters, CSV."""

import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from bgro import roles

from . import coverage
from .forms import CoverageFilterForm, type_label

ROWS_PER_PAGE = 50
# Groups that see the dashboard: those who translate or publish translations.
VIEWER_GROUPS = frozenset(
    {roles.MODERATORS.name, roles.ADMINISTRATORS.name, *(role.name for role in roles.TRANSLATORS.values())}
)


def can_view_coverage(user):
    if not user.is_active or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name in VIEWER_GROUPS for group in user.groups.all())


def coverage_dashboard(request):
    """The dashboard (``?export=csv``: the filtered rows as CSV). Filters come from the query
    string; totals count the rows before the state filter, so they show what it would select."""
    if not can_view_coverage(request.user):
        raise PermissionDenied
    result = coverage.compute()
    form = CoverageFilterForm(request.GET or None, coverage=result)
    filters = form.filters()

    rows = result.rows
    if "language" in filters:
        rows = [row for row in rows if row.language == filters["language"]]
    if "content_type" in filters:
        rows = [row for row in rows if row.content_type_id == filters["content_type"]]
    if "institution" in filters:
        rows = [row for row in rows if row.institution_key == filters["institution"]]
    shown_languages = [filters["language"]] if "language" in filters else result.languages
    by_language, by_type, overall = coverage.totals(rows, shown_languages)
    if "state" in filters:
        rows = [row for row in rows if row.state == filters["state"]]

    type_labels = {pk: type_label(content_type) for pk, content_type in result.content_types.items()}
    if request.GET.get("export") == "csv":
        coverage.attach_titles(rows, result.institutions)
        return _csv(request, rows, type_labels)

    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    coverage.attach_titles(page.object_list, result.institutions)
    for row in page.object_list:
        row.type_label = type_labels.get(row.content_type_id, "")
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("export", None)
    states = list(coverage.STATES.items())
    return TemplateResponse(
        request,
        "translations/coverage.html",
        {
            "form": form,
            "page_obj": page,
            "row_count": len(rows),
            "query": query.urlencode(),
            "states": states,
            "language_totals": [
                (
                    get_language_info(code)["name_translated"],
                    [counts[state] for state, _label in states],
                    counts.total(),
                )
                for code, counts in by_language.items()
            ],
            "type_totals": sorted(
                (
                    (type_labels.get(pk, ""), [counts[state] for state, _label in states], counts.total())
                    for pk, counts in by_type.items()
                ),
                key=lambda item: item[0].casefold(),
            ),
            "overall": ([overall[state] for state, _label in states], overall.total()),
        },
    )


def _cell(value):
    """A CSV cell that spreadsheets will not run as a formula (a title may start with "=")."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv(request, rows, type_labels):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="translation-coverage-{stamp}.csv"'
    response.write("\ufeff")  # spreadsheets read UTF-8 (Cyrillic, ș/ț) only with the BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("ID"),
            _("Title"),
            _("Content type"),
            _("Competent institution"),
            _("Source language"),
            _("Language"),
            _("State"),
            _("State code"),
            _("Segments translated"),
            _("Segments"),
            _("Admin link"),
            # Last, so the columns before it keep their places: tells a snippet's ID from a page's.
            _("Model"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.source_id,
                _cell(row.title),
                type_labels.get(row.content_type_id, ""),
                _cell(row.institution_title),
                row.source_language,
                row.language,
                row.state_label,
                row.state,
                row.translated,
                row.segments,
                request.build_absolute_uri(row.action_url),
                row.snippet_model or "wagtailcore.page",
            ]
        )
    return response
