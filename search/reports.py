"""What visitors search for: the most frequent queries and those that found nothing.

Read from the anonymised search log, per language and period, grouped in the database (the
report costs the same few queries however long the log is).
"""

import csv
from datetime import timedelta

from django import forms
from django.db.models import Avg, Count, Max
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SearchQueryLog

PERIODS = [("7", _("Last 7 days")), ("30", _("Last 30 days")), ("90", _("Last 90 days")), ("365", _("Last year"))]
LANGUAGE_CHOICES = [("", _("All languages")), ("bg", "Български"), ("ro", "Română"), ("en", "English")]
ROWS = 50


class SearchReportFilter(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False, initial="30")


def report_rows(language="", days=30):
    """(most frequent queries, queries with no results), each at most ROWS rows."""
    log = SearchQueryLog.objects.filter(hour__gte=timezone.now() - timedelta(days=days))
    if language:
        log = log.filter(language=language)
    grouped = log.values("query", "language").annotate(
        searches=Count("id"), average_results=Avg("result_count"), last=Max("hour")
    )
    frequent = list(grouped.order_by("-searches", "query")[:ROWS])
    zero = list(grouped.filter(result_count=0).order_by("-searches", "query")[:ROWS])
    totals = log.aggregate(searches=Count("id"), average_ms=Avg("duration_ms"))
    totals["zero"] = log.filter(result_count=0).count()
    return frequent, zero, totals


def search_report(request):
    form = SearchReportFilter(request.GET or None)
    language, days = "", 30
    if form.is_valid():
        language = form.cleaned_data["language"]
        days = int(form.cleaned_data["period"] or 30)
    frequent, zero, totals = report_rows(language, days)
    if request.GET.get("export") == "csv":
        return _csv(frequent, zero)
    return render(
        request,
        "search/admin/search_report.html",
        {"form": form, "frequent": frequent, "zero": zero, "totals": totals, "days": days},
    )


def _csv(frequent, zero):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="search-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["list", "query", "language", "searches", "average results", "last searched (hour)"])
    for name, rows in (("frequent", frequent), ("no results", zero)):
        for row in rows:
            writer.writerow(
                [
                    name,
                    row["query"],
                    row["language"],
                    row["searches"],
                    round(row["average_results"], 1),
                    row["last"].isoformat(),
                ]
            )
    return response
