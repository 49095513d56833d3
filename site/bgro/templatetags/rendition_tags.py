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

from bgro.renditions import load_announced_renditions, rendition_set

register = template.Library()


@functools.cache
def _filters(set_name):
    """The filters of a set, made once per process: a filter parses its spec on first use, and
    a list of ten pictures of six renditions each parsed sixty specs per request."""
    return tuple(Filter(spec=spec) for spec in rendition_set(set_name).filter_specs)


def _picture(image, set_name, attributes):
    renditions = get_renditions_or_not_found(image, _filters(set_name))
    return Picture(renditions, attributes).__html__()


@register.simple_tag(takes_context=True)
def rendition_picture(context, image, set_name, **attributes):
    """The picture's HTML, kept per site version (``pagecache.site_version``): a list of ten news
    items spent a quarter of its render time loading renditions and writing ``<picture>``
    elements that change only when an image does — and an image edited or deleted gives the site
    a new version (``pagecache.signals``). On a miss, the renditions of every image the template
    announced with ``{% prefetch_renditions %}`` are loaded at once (``bgro.renditions``)."""
    if not image:
        return ""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return mark_safe(_picture(image, set_name, attributes))  # noqa: S308 - Wagtail escapes the attributes (flatatt)
    from pagecache import site_version

    cache_key = site_version.key(request, "picture", image.pk, set_name, sorted(attributes.items()))
    html = site_version.kept(cache_key)
    if html is None:
        load_announced_renditions(request, set_name)
        html = _picture(image, set_name, attributes)
        site_version.keep(cache_key, html)
    return mark_safe(html)  # noqa: S308 - Wagtail escapes the attributes (flatatt)
