"""Where a URL leads, kept per site version (issue 17: the render cost of a page-cache miss).

Wagtail's serve view finds the request's site (one query), the locale of the URL (one), the
home page in that locale (one or two), then walks the tree from it, two queries a level (the
child by slug, then its specific row): six to eight queries for a service page before anything
is rendered. Two things are kept per site version (``site_version``; any publish, move or
deletion, a site or a locale changed gives a new version):

- the site a host name leads to, given to the serve view's requests, so that
  ``Site.find_for_request`` (the serve view, URLs built by its templates) costs no query;
- the page a path led to, so that the serve view gets the page with one query (its specific
  row, with its locale) and asks for neither the locale nor the home page.

Only a page's own address is kept, after Wagtail's routing resolved it once: the first request
of each path walks the tree as usual, routable pages' own routes below their address (feeds, tag
pages, comment policies) always do, a kept page still gives its own answer (live check, a
routable page's index view), and 404s keep nothing, so a bot trying random paths fills nothing.
The key holds the host and the language of the URL, which decide the home page the walk starts
from, so the path alone names the page.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Site

from bgro import framework_internals

from . import site_version


def _key(request, path_components):
    return site_version.key(request, "route", "/".join(path_components))


def route(start, request, path_components, walk):
    """``walk(request, path_components)``'s result (Wagtail's ``Page.route`` from ``start``, the
    home page of the request's site and language); the page is kept for the path when the path
    is its own address."""
    result = walk(request, path_components)
    page = result[0]
    # Kept only when the path is the page's own address: a routable page's route below it
    # ("news/rss/") is the same page answering another view, and walks the tree each time.
    own_address = f"{start.url_path}{'/'.join(path_components)}/" if path_components else start.url_path
    if page.url_path == own_address:
        site_version.keep(_key(request, path_components), (page.pk, page.content_type_id))
    return result


def kept_route(request, path):
    """The route (page, args, kwargs) kept for ``path`` (the serve view's argument), or None."""
    path_components = [component for component in path.split("/") if component]
    kept = site_version.kept(_key(request, path_components))
    if kept is None:
        return None
    page_id, content_type_id = kept
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.select_related("locale").filter(pk=page_id).first() if model else None
    if page is None:
        return None
    try:
        # The page's own answer to the empty rest of the path: live check, index route.
        return page.route(request, [])
    except Http404:
        return None


def kept_site(request):
    """The site of the request's host, kept per site version (None when no site answers)."""
    return site_version.remember(request, ("request-site",), lambda: Site.find_for_request(request))


def reads_request_site(view):
    """Marks a view that renders the site's chrome (its name, menus, footer: the request's site)
    so that KeptRoutingMiddleware gives it the kept site, as it does Wagtail's serve view."""
    view.reads_request_site = True
    return view


class KeptRoutingMiddleware:
    """Gives Wagtail's serve view its kept site and route, and views marked ``reads_request_site``
    their kept site (no other view: see process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve as wagtail_serve  # loads the page model: not at import time

        # Only the serve view and the marked views: others (the health probes above all) must not
        # be made to read the site, which costs a query on a cold cache and fails with the
        # database down.
        if getattr(request, "is_preview", False):
            return None
        if view_func is not wagtail_serve:
            if getattr(view_func, "reads_request_site", False):
                site = kept_site(request)
                if site is not None:
                    framework_internals.give_request_its_site(request, site)
            return None
        site = kept_site(request)
        if site is not None:
            framework_internals.give_request_its_site(request, site)
            # Wagtail's URL patterns give the path as the only argument, or as "path" for the root.
            path = view_kwargs["path"] if "path" in view_kwargs else (view_args[0] if view_args else "")
            result = kept_route(request, path)
            if result is not None:
                framework_internals.give_request_its_route(request, result)
        return None
