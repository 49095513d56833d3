"""The page cache's entries in Django's cache (Redis in production), and their purge.

An entry is one anonymous response: status, headers, the body plain and gzipped, its ETag and
the time it was rendered. Its key holds the request's scheme, host, path and query string, and
two *generations*:

- the path's generation, shared by every host and every query string of that path: purging a
  path gives it a new generation, so ``/bg/services/``, ``/bg/services/?page=2`` and
  ``/bg/services/?region=…`` are all gone at once, on every host name the site answers to;
- the site's generation, which purges every page at once (what every page shows changed: the
  menu, the footer, the site settings, a taxonomy).

Generations are random tokens kept without expiry. A generation that Redis evicted is replaced by
a new random one, never by a default value, so an entry purged earlier can never come back.
Purging is one ``set_many``: cheap for one page and for the tens of thousands of a catalogue import.
"""

import gzip
import hashlib
import time
import uuid

from django.core.cache import cache

KEY_PREFIX = "pagecache"
SITE_GENERATION_KEY = f"{KEY_PREFIX}:site-generation"


def _path_generation_key(path):
    return f"{KEY_PREFIX}:path-generation:{hashlib.sha256(path.encode()).hexdigest()}"


def _new_generation():
    return uuid.uuid4().hex[:16]


def _vary_names_key(path):
    return f"{KEY_PREFIX}:vary:{hashlib.sha256(path.encode()).hexdigest()}"


def lookup_state(path):
    """(site generation, path generation, request headers the path's responses vary on), in one
    round trip; generations Redis lost or never had are created."""
    generation_keys = [SITE_GENERATION_KEY, _path_generation_key(path)]
    found = cache.get_many([*generation_keys, _vary_names_key(path)])
    for key in generation_keys:
        if key not in found:
            # add() keeps a generation another process set meanwhile; then read what won.
            cache.add(key, _new_generation(), timeout=None)
            found[key] = cache.get(key) or _new_generation()
    return found[generation_keys[0]], found[generation_keys[1]], tuple(found.get(_vary_names_key(path), ()))


def remember_vary_names(path, names):
    cache.set(_vary_names_key(path), tuple(names), timeout=None)


def entry_key(scheme, host, path, query, generation_pair):
    identity = "\n".join([scheme, host, path, query, *generation_pair])
    return f"{KEY_PREFIX}:entry:{hashlib.sha256(identity.encode()).hexdigest()}"


class Entry:
    """What is kept of a response: enough to answer a later request without the view."""

    __slots__ = ("status", "headers", "body", "gzipped_body", "etag", "rendered_at", "vary_names")

    def __init__(self, status, headers, body, vary_names):
        self.status = status
        self.headers = headers  # [(name, value)] without Set-Cookie, Vary, ETag, Content-Length
        self.body = body
        # Compressed once here rather than on every answer. Safe from BREACH: a cached page holds
        # no secret (responses that used a CSRF token or set a cookie are never cached).
        self.gzipped_body = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= 200 else None
        self.etag = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
        self.rendered_at = time.time()
        # The request headers the response varies on besides Accept-Encoding (e.g. DRF's Accept):
        # a later request with other values is a miss, not a wrong answer.
        self.vary_names = vary_names

    def __getstate__(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)


def get_entry(key):
    return cache.get(key)


def put_entry(key, entry, timeout):
    cache.set(key, entry, timeout=timeout)


def purge_paths(paths):
    """Every cached response of these paths (all hosts, all query strings) is gone."""
    paths = set(paths)
    if paths:
        cache.set_many({_path_generation_key(path): _new_generation() for path in paths}, timeout=None)


def purge_site():
    """Every cached page is gone (what every page shows has changed)."""
    cache.set(SITE_GENERATION_KEY, _new_generation(), timeout=None)
