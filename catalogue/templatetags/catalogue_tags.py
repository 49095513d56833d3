"""Template tags of the catalogue's pages."""

import json
from html import escape as escape_html

from django import template
from django.utils.safestring import mark_safe

from ..linked_data import schema_org_for_institution, schema_org_for_service
from ..models import InstitutionPage, ServicePage

register = template.Library()

# Inside <script> the HTML parser ends the element at "</script" and treats "<!--" specially;
# JSON allows these characters as \u escapes, so the text cannot leave the element.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld_script(data):
    """``data`` as a ``<script type="application/ld+json">`` element, safe to put in the page."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag(takes_context=True)
def schema_org(context, page):
    """schema.org JSON-LD for a service or an institution; nothing for other pages.

    Costs two queries for a service (its language and its institution, which the service
    template then reuses as ``page.localized_institution``) and one for an institution.
    """
    request = context.get("request")
    if isinstance(page, ServicePage):
        return json_ld_script(schema_org_for_service(page, request))
    if isinstance(page, InstitutionPage):
        return json_ld_script(schema_org_for_institution(page, request))
    return ""


@register.simple_tag
def filter_options(options):
    """The ``<option>`` elements of a finder select, one per catalogue.finder.FilterOption.

    Rendered here rather than by a template loop, and with the standard library's escaping
    (what Django's ``escape`` calls) rather than ``format_html``: a large catalogue's institution
    select has hundreds of options, and their lookups made most of a list's rendering time. The
    counts are plain integers (the site sets no thousand separator)."""
    return mark_safe("\n".join(_option_element(option) for option in options))


def _option_element(option):
    lang = ' lang="' + escape_html(option.lang) + '"' if option.lang else ""
    selected = " selected" if option.selected else ""
    value, label = escape_html(str(option.value)), escape_html(str(option.label))
    return f'<option value="{value}"{lang}{selected}>{label} ({int(option.count)})</option>'
