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
import uuid

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


def remember(request, parts, compute, timeout=TIMEOUT, scope=SITE):
    """``compute()``'s value for this version of ``scope``, host, language and ``parts``, from
    the cache when it holds it."""
    cache_key = key(request, *parts, scope=scope)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, timeout=timeout)
    return value
