"""The digitalisation map's pages and its open data downloads."""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from catalogue.regions import Country

from .area import AREA_REGION_KEYS, AREA_REGIONS
from .boundaries import area_boundaries
from .charts import Series, bar_chart, line_chart, region_map, stacked_bars
from .indicators import COUNT_NAMES, COUNTS, LEVELS, MAP_INDICATORS, compute_survey
from .models import IndicatorSnapshot, Scope

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "BG-RO E-GoverNet (ROBG-168)",
}
DEFAULT_MAP_INDICATOR = "started_online"
COUNTRY_SERIES = (
    Series(gettext_lazy("Bulgaria"), "series-bg"),
    Series(gettext_lazy("Romania"), "series-ro"),
)
TABLES = ("countries", "regions", "institutions", "snapshots")


def _map_indicator(request):
    chosen = request.GET.get("indicator", DEFAULT_MAP_INDICATOR)
    known = {indicator.name: indicator for indicator in MAP_INDICATORS}
    if chosen in known:
        return known[chosen], None
    return known[DEFAULT_MAP_INDICATOR], _("The map cannot show that indicator; it shows the default one.")


def _indicator_rows(tallies):
    """For the comparison chart: one row per indicator, one value per tally."""
    rows = [(indicator.label, [tally.share(indicator.name) for tally in tallies]) for indicator in COUNTS]
    rows.append((_("Pages translated"), [tally.translated_share for tally in tallies]))
    return rows


def overview(request):
    survey = compute_survey(get_language())
    indicator, problem = _map_indicator(request)
    bulgaria, romania = survey.countries[Country.BULGARIA], survey.countries[Country.ROMANIA]
    level_labels = [str(level.label) for level in LEVELS]
    context = {
        "survey": survey,
        "bulgaria": bulgaria,
        "romania": romania,
        "counts": COUNTS,
        "levels": LEVELS,
        "map_indicators": MAP_INDICATORS,
        "map_indicator": indicator,
        "map_problem": problem,
        "map": region_map(AREA_REGIONS, survey.regions, indicator.name, _region_url, area_boundaries()),
        "comparison": bar_chart(_indicator_rows([bulgaria, romania]), COUNTRY_SERIES),
        "level_chart": stacked_bars(
            [(Country.BULGARIA.label, bulgaria.levels), (Country.ROMANIA.label, romania.levels)], level_labels
        ),
        "regions": [(region, survey.regions[region.key]) for region in AREA_REGIONS],
        "tables": TABLES,
        "licence": LICENCE,
    }
    return TemplateResponse(request, "digitalisation/overview.html", context)


def _region_url(key):
    return reverse("digitalisation:region", kwargs={"key": key})


def region(request, key):
    place = AREA_REGION_KEYS.get(key)
    if place is None:
        raise Http404(_("No such district or county in the programme area."))
    survey = compute_survey(get_language())
    tally = survey.regions[key]
    snapshots = list(IndicatorSnapshot.objects.filter(scope=Scope.REGION, key=key).order_by("taken_on"))
    history_series = [Series(indicator.label, f"line-{index + 1}") for index, indicator in enumerate(COUNTS[:3])]
    history = None
    if len(snapshots) >= 2:
        history = line_chart(
            [snapshot.taken_on for snapshot in snapshots],
            [[snapshot.share(indicator.name) for snapshot in snapshots] for indicator in COUNTS[:3]],
            history_series,
        )
    context = {
        "place": place,
        "tally": tally,
        "institutions": [row for row in survey.institutions if row.region == key],
        "snapshots": snapshots,
        "history": history,
        "history_indicators": COUNTS[:3],
        "counts": COUNTS,
        "levels": LEVELS,
        "licence": LICENCE,
    }
    return TemplateResponse(request, "digitalisation/region.html", context)


def _records(table):
    if table == "snapshots":
        fields = ["taken_on", "scope", "key", "services", *COUNT_NAMES, "translated_share"] + [
            f"level_{level.value}" for level in LEVELS
        ]
        return [
            {name: (value.isoformat() if name == "taken_on" else value) for name, value in zip(fields, row, strict=True)}
            for row in IndicatorSnapshot.objects.order_by("taken_on", "scope", "key").values_list(*fields)
        ]
    survey = compute_survey()
    if table == "countries":
        return [{"country": code, **tally.as_record()} for code, tally in survey.countries.items()]
    if table == "regions":
        return [
            {"region": region.key, "country": region.country, **survey.regions[region.key].as_record()}
            for region in AREA_REGIONS
        ]
    return [
        {"institution": row.key, "name": row.name, "country": row.country, "region": row.region, **row.tally.as_record()}
        for row in survey.institutions
    ]


def download(request, table, extension):
    """``/data/<table>.csv`` or ``.json``: the table under CC BY 4.0 (named in the JSON and in a
    ``Link: rel="license"`` header, which a CSV cannot carry inside)."""
    if table not in TABLES or extension not in ("csv", "json"):
        raise Http404(_("No such table."))
    records = _records(table)
    generated = timezone.now().replace(microsecond=0).isoformat()
    if extension == "json":
        body = json.dumps(
            {"table": table, "generated": generated, "licence": LICENCE, "rows": records},
            ensure_ascii=False, indent=1, default=str,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        output = io.StringIO()
        if records:
            writer = csv.DictWriter(output, fieldnames=list(records[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
        response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bgro-digitalisation-{table}.csv"'
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
