"""Where a URL leads, kept per site version (issue 17: the render cost of a page-cache miss).

Wagtail finds a page by walking the tree from the language's home page, two queries a level
(the child by slug, then its specific row): five or six queries for a service page before
anything is rendered. The page a path led to is kept per site version (``site_version``), so a
page-cache miss finds it with one query; any publish, move or deletion gives a new version.

Only a page's own address is kept, after Wagtail's routing resolved it once: the first request
of each path walks the tree as usual, routable pages' own routes below their address (feeds, tag
pages, comment policies) always do, a kept page still gives its own answer (live check, a
routable page's index view), and 404s keep nothing, so a bot trying random paths fills nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from . import site_version


def route(start, request, path_components, walk):
    """``walk(request, path_components)``'s result (Wagtail's ``Page.route`` from ``start``),
    from the page kept for this path when there is one."""
    if not path_components:
        return walk(request, path_components)
    cache_key = site_version.key(request, "route", start.pk, "/".join(path_components))
    kept = cache.get(cache_key)
    if kept is not None:
        page_id, content_type_id = kept
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id).first() if model else None
        if page is not None:
            # The page's own answer to the empty rest of the path: live check, index route.
            return page.route(request, [])
    result = walk(request, path_components)
    page = result[0]
    # Kept only when the path is the page's own address: a routable page's route below it
    # ("news/rss/") is the same page answering another view, and walks the tree each time.
    if page.url_path == f"{start.url_path}{'/'.join(path_components)}/":
        cache.set(cache_key, (page.pk, page.content_type_id), timeout=site_version.TIMEOUT)
    return result
