"""``{{ page.date|local_date }}``, ``{{ amount|local_number }}``: bgro.localized_formats in templates."""

from django import template

from bgro import localized_formats

register = template.Library()


@register.filter
def local_date(value, length="long"):
    return localized_formats.format_date(value, length=length)


@register.filter
def local_number(value):
    return localized_formats.format_number(value)
