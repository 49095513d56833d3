"""What every page shows, and the costly parts of listings, kept in Django's cache per *site
version* (issue 17: half the render cost on a page-cache miss).

The site version is a random token in the cache. Any change to the content — a page saved,
published, unpublished, moved or deleted, a translation synchronised, a catalogue import (once,
at its end), the site settings or a taxonomy snippet saved — gives the site a new version, and
with it every value kept here is out of use at once: nothing needs to know which page showed
what. Publishing is rare next to reading, so the site's chrome (home pages, menus, footer, feeds,
language links, breadcrumbs) and the service finder's counts are computed once per version and
language and then read from the cache: a lookup costs a cache read, never a query.

Unlike the page cache, this works with the page cache off and for signed-in editors: what is
kept holds no visitor's data, only what any visitor of that URL sees.

A value is kept with ``remember(request, key_parts, compute)``; the key holds the version, the
request's host and the active language, so one site answering to several host names keeps
absolute URLs right. A version evicted by the cache is replaced by a new random one, never by a
default value, so a stale value can never come back.
"""

import hashlib
import pickle
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

# Two scopes, each a token of its own. ``SITE``: anything a page may show. ``CATALOGUE``: what the
# catalogue's listings count (services, institutions, their indexes, life events, sites, locales,
# privacy settings) — a news item published or a draft saved leaves it, so the service finder's
# facet counts, the costliest value kept (an aggregate over every service), survive the edits
# that do not touch the catalogue. A change to the catalogue advances both.
SITE = "site"
CATALOGUE = "catalogue"
SCOPES = (SITE, CATALOGUE)
VERSION_KEYS = {SITE: "site-version", CATALOGUE: "site-version:catalogue"}
VERSION_KEY = VERSION_KEYS[SITE]
# A value unused for a day goes; a publish makes it unreachable anyway.
TIMEOUT = 24 * 3600
_REQUEST_ATTRIBUTE = "_bgro_site_version"


def _new_version():
    return uuid.uuid4().hex[:16]


def current(request=None, scope=SITE):
    """The version of ``scope``, read from the cache at most once per request."""
    attribute = f"{_REQUEST_ATTRIBUTE}_{scope}"
    if request is not None and attribute in request.__dict__:
        return request.__dict__[attribute]
    version_key = VERSION_KEYS[scope]
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, _new_version(), timeout=None)
        version = cache.get(version_key) or _new_version()
    if request is not None:
        request.__dict__[attribute] = version
    return version


def advance(scopes=SCOPES):
    """New versions of ``scopes`` (all by default): every value kept under the previous ones is
    out of use."""
    cache.set_many({VERSION_KEYS[scope]: _new_version() for scope in scopes}, timeout=None)


def key(request, *parts, scope=SITE):
    host = request.get_host() if request is not None else ""
    identity = "\n".join(str(part) for part in (scope, current(request, scope), host, get_language() or "", *parts))
    return f"site-version:value:{hashlib.sha256(identity.encode()).hexdigest()}"


_MISSING = object()


class ProcessCopies:
    """The values this process last read, pickled, at most ``max_bytes`` of them (the least
    recently used go first).

    A value never changes under its key (the key holds the version, and a change makes a new
    version), so a copy kept in the process is as good as the shared cache's: a page reads a
    dozen kept values, and each read from Redis is a round trip. Pickled, like the shared cache
    keeps them, so that every request gets objects of its own to change.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self._copies = OrderedDict()
        self._lock = threading.Lock()

    def get(self, cache_key):
        with self._lock:
            data = self._copies.get(cache_key)
            if data is None:
                return _MISSING
            self._copies.move_to_end(cache_key)
        return pickle.loads(data)

    def put(self, cache_key, value):
        try:
            data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # the shared cache could not keep it either; computed again next time
        if len(data) > self.max_bytes // 8:
            return
        with self._lock:
            previous = self._copies.pop(cache_key, None)
            if previous is not None:
                self.size -= len(previous)
            self._copies[cache_key] = data
            self.size += len(data)
            while self.size > self.max_bytes:
                _key, evicted = self._copies.popitem(last=False)
                self.size -= len(evicted)

    def clear(self):
        with self._lock:
            self._copies.clear()
            self.size = 0


# Per process (a gunicorn worker): the chrome, listings' counts and routes of the pages it serves.
process_copies = ProcessCopies(max_bytes=32 * 1024 * 1024)


def kept(cache_key, default=None):
    """The value kept under ``cache_key`` (a ``key()``): this process's copy, else the shared
    cache's (copied into the process), else ``default``."""
    value = process_copies.get(cache_key)
    if value is _MISSING:
        value = cache.get(cache_key, _MISSING)
        if value is _MISSING:
            return default
        process_copies.put(cache_key, value)
    return value


def keep(cache_key, value, timeout=TIMEOUT):
    """Keep ``value`` under ``cache_key`` (a ``key()``), in the shared cache and this process."""
    cache.set(cache_key, value, timeout=timeout)
    process_copies.put(cache_key, value)


def remember(request, parts, compute, timeout=TIMEOUT, scope=SITE):
    """``compute()``'s value for this version of ``scope``, host, language and ``parts``: kept
    (see ``kept``), else computed and kept."""
    cache_key = key(request, *parts, scope=scope)
    value = kept(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        keep(cache_key, value, timeout)
    return value


@dataclass(frozen=True)
class Fragment:
    """Where Django's ``{% cache %}`` tag keeps a rendered part of a page: ``{% cache
    fragment.timeout "name" fragment.key %}``. The key holds the version of its scope, the host,
    the language, the request's query string and the parts that name the fragment (the index
    page, the home page's section), so a change to the content makes a new key, as for
    ``remember``."""

    timeout: int
    key: str


# A preview shows a draft: rendered afresh, and kept for no time (Django's cache keeps nothing
# with a timeout of 0), so a preview never reads or leaves a fragment.
PREVIEW_FRAGMENT = Fragment(timeout=0, key="preview")


def fragment(request, parts, scope=SITE):
    """The ``Fragment`` of a listing (the rendered rows of an index page) named by ``parts``.

    The request's query string is part of the key, as it is of the page cache's: with the version
    it decides what a list shows (its filters, tag and page number, cleaned from the query string
    against the content of that version), and the rendered links keep the request's other
    parameters (the pagination's ``{% querystring %}``), so two addresses that show the same rows
    may still differ in their links."""
    if request is None or getattr(request, "is_preview", False):
        return PREVIEW_FRAGMENT
    query_string = request.META.get("QUERY_STRING", "")
    return Fragment(timeout=TIMEOUT, key=key(request, "fragment", query_string, *parts, scope=scope))
