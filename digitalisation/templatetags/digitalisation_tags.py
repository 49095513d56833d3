"""Rows for the indicator tables, so the templates need no lookups of their own."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from catalogue.regions import Country

register = template.Library()

TABLE_LABELS = {
    "countries": lambda: _("Indicators by country"),
    "regions": lambda: _("Indicators by district and county"),
    "institutions": lambda: _("Indicators by institution"),
    "snapshots": lambda: _("Recorded indicators (all dates)"),
}


@register.simple_tag
def region_rows(regions):
    return [
        (region.label, reverse("digitalisation:region", kwargs={"key": region.key}), tally) for region, tally in regions
    ]


@register.simple_tag
def country_rows(bulgaria, romania):
    return [(Country.BULGARIA.label, None, bulgaria), (Country.ROMANIA.label, None, romania)]


@register.simple_tag
def institution_rows(rows):
    return [(row.name, None, row.tally) for row in rows]


@register.simple_tag
def single_row(label, tally):
    return [(label, None, tally)]


@register.simple_tag
def level_count(tally, level):
    return tally.levels[level.value - 1]


@register.simple_tag
def snapshot_cell(snapshot, name):
    share = snapshot.share(name)
    count = getattr(snapshot, name)
    return f"{count} ({share} %)" if share is not None else str(count)


@register.simple_tag
def table_label(table):
    return TABLE_LABELS[table]()
