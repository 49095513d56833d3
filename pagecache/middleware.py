"""Anonymous responses served from the shared cache, before any other middleware reads a session,
activates a language or routes the request: a cached page costs no SQL query.

A request is answered from the cache, or its response stored, when it is a GET or HEAD without
the session cookie (signed-in editors always see fresh pages; nothing they see is kept) or an
``Authorization`` header, to a path outside ``PAGE_CACHE_EXCLUDED_PATHS``. A response is stored
when it is a complete 200 that sets no cookie, used no CSRF token (a page with a POST form stays
uncached, so no page varies on the cookie for its sake), and allows a shared cache to keep it.

What the visitor gets: ``Cache-Control: public, max-age=PAGE_CACHE_BROWSER_MAX_AGE,
s-maxage=PAGE_CACHE_SHARED_MAX_AGE, stale-while-revalidate=PAGE_CACHE_STALE_WHILE_REVALIDATE``,
an ``ETag`` and ``Last-Modified`` (a conditional request is answered 304), the body gzipped when
the visitor accepts it, ``Vary: Accept-Encoding`` (and what the view itself varied on, e.g.
``Accept-Language`` for the unprefixed API) but never ``Vary: Cookie``.
"""

import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import store

_accepts_gzip = re.compile(r"\bgzip\b")
# Headers that belong to one answer, not to the stored page.
_NOT_STORED = {"set-cookie", "vary", "etag", "last-modified", "content-length", "content-encoding", "cache-control"}
_NOT_SHAREABLE = {"private", "no-cache", "no-store"}


def _vary_names(response):
    if not response.has_header("Vary"):
        return ()
    names = {name.strip().lower() for name in cc_delim_re.split(response["Vary"]) if name.strip()}
    # Cookie: anonymous visitors have none that matters; Accept-Encoding: both bodies are kept.
    return tuple(sorted(names - {"cookie", "accept-encoding"}))


def _header_values(request, names):
    return tuple(request.headers.get(name, "") for name in names)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", False):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "authorization" in request.headers:
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                # Rendered for someone signed in: no shared cache may keep it.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if request.method not in ("GET", "HEAD") or request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
            return self.get_response(request)

        site_generation, path_generation, vary_names = store.lookup_state(request.path)
        key = store.entry_key(
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            (site_generation, path_generation, *_header_values(request, vary_names)),
        )
        entry = store.get_entry(key)
        if entry is not None:
            return self._answer(request, entry, hit=True)

        response = self.get_response(request)
        if request.method != "GET" or not self._storable(request, response):
            return response
        names = _vary_names(response)
        if names != vary_names:
            store.remember_vary_names(request.path, names)
            key = store.entry_key(
                request.scheme,
                request.get_host(),
                request.path,
                request.META.get("QUERY_STRING", ""),
                (site_generation, path_generation, *_header_values(request, names)),
            )
        headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_STORED]
        entry = store.Entry(response.status_code, headers, response.content, names)
        store.put_entry(key, entry, settings.PAGE_CACHE_TIMEOUT)
        return self._answer(request, entry, hit=False)

    @staticmethod
    def _storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds a CSRF token: it belongs to this visitor
        directives = {
            part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not directives & _NOT_SHAREABLE

    @staticmethod
    def _answer(request, entry, hit):
        gzipped = entry.gzipped_body is not None and _accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
        body = entry.gzipped_body if gzipped else entry.body
        response = HttpResponse(body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        if gzipped:
            response["Content-Encoding"] = "gzip"
        # Two bodies, two validators: a cache must not answer a gzip request with the plain one.
        etag = f'{entry.etag[:-1]}-gzip"' if gzipped else entry.etag
        response["ETag"] = etag
        response["Last-Modified"] = http_date(entry.rendered_at)
        response["Vary"] = ", ".join(["Accept-Encoding", *(name.title() for name in entry.vary_names)])
        response["Cache-Control"] = (
            f"public, max-age={settings.PAGE_CACHE_BROWSER_MAX_AGE}, s-maxage={settings.PAGE_CACHE_SHARED_MAX_AGE}, "
            f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}"
        )
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return get_conditional_response(request, etag=etag, last_modified=int(entry.rendered_at), response=response)
