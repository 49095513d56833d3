from django import template
from django.utils.translation import gettext_lazy as _

from search.models import EntryKind

register = template.Library()

FACET_HEADINGS = {
    "type": _("Type"),
    "country": _("Country"),
    "region": _("Region"),
    "institution": _("Institution"),
    "audience": _("For"),
}


@register.simple_tag
def facet_heading(name):
    return FACET_HEADINGS.get(name, name)


@register.simple_tag
def entry_type_label(kind):
    return dict(EntryKind.choices).get(kind, kind)
