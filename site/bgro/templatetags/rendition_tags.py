"""``{% rendition_picture image "set-name" sizes=… alt=… %}``: a ``<picture>`` of the renditions
of one set of ``bgro.renditions`` (AVIF and WebP sources, a JPEG/PNG ``<img>`` with ``srcset``).

Wagtail's own ``{% picture %}`` takes the filter spec written in the template; this tag takes it
from the one list that ``make_renditions`` also reads, so every rendition a page shows was made
before anyone asked for it.
"""

import functools

from django import template
from django.utils.safestring import mark_safe
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from bgro.renditions import rendition_set

register = template.Library()


@functools.cache
def _filters(set_name):
    """The filters of a set, made once per process: a filter parses its spec on first use, and
    a list of ten pictures of six renditions each parsed sixty specs per request."""
    return tuple(Filter(spec=spec) for spec in rendition_set(set_name).filter_specs)


@register.simple_tag
def rendition_picture(image, set_name, **attributes):
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, _filters(set_name))
    return mark_safe(Picture(renditions, attributes).__html__())  # noqa: S308 - Wagtail escapes the attributes (flatatt)
