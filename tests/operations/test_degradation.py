"""Fault injection: Redis killed under load. Pages, the search page and the search API keep
answering (slower: every cache read misses), never with a 5xx; /readyz names the cache.

Requests run in threads through Django's test client, each thread with its own database
connection, against the migrated site (home pages in three languages, the search, the privacy
notice), with the cache that production builds from REDIS_URL pointed at a Redis of the test's
own (tests/operations/conftest.py), which is killed half-way.
"""

import threading
import time
from collections import Counter
from unittest import mock

import pytest
from django.db import connection
from django.test import Client, override_settings

from operations.redis_cache import redis_cache
from search.models import SearchQueryLog

THREADS = 3
ROUNDS_AFTER_THE_KILL = 2  # every thread requests every URL at least this often with Redis down
DEADLINE_SECONDS = 240  # a hang fails the test instead of blocking the suite
MARKER = "faultinjection"  # in every query, so the search log rows the threads wrote can be removed
URLS = [
    "/bg/",
    "/ro/",
    "/en/",
    f"/bg/search/?q=данък+{MARKER}",
    f"/api/search/?q=tax+{MARKER}&lang=en",
    f"/api/search/?q=impozit+{MARKER}&lang=ro&type=service",
    "/api/search/suggest/?q=да&lang=bg",
    "/en/privacy/",
    "/sitemap.xml",
    "/healthz",
]


class Load:
    """Threads requesting every URL in turn, round after round, until stopped."""

    def __init__(self):
        self.results = []  # (phase, url, status, seconds)
        self.phase = "redis up"
        self.rounds = Counter()  # thread number -> rounds completed
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(number,)) for number in range(THREADS)]

    def _run(self, number):
        client = Client()
        try:
            while not self.stop.is_set():
                for url in URLS:
                    phase, started = self.phase, time.perf_counter()
                    try:
                        status = client.get(url).status_code
                    except Exception as error:  # a view's exception reaching the client counts as a 500
                        status = f"500 {type(error).__name__}"
                    self.results.append((phase, url, status, time.perf_counter() - started))
                self.rounds[number] += 1
        finally:
            connection.close()

    def wait_for_rounds(self, rounds, deadline):
        while min(self.rounds[number] for number in range(THREADS)) < rounds:
            assert time.monotonic() < deadline, f"the load did not finish {rounds} rounds: {dict(self.rounds)}"
            time.sleep(0.05)


def _remove_search_log_rows():
    """The threads' search log rows were committed by their own connections; this test's
    transaction would roll a deletion back, so another connection removes them."""

    def remove():
        try:
            SearchQueryLog.objects.filter(query__contains=MARKER).delete()
        finally:
            connection.close()

    thread = threading.Thread(target=remove)
    thread.start()
    thread.join(30)


@pytest.mark.django_db  # sets the test database up; the threads use connections of their own
def test_redis_killed_under_load_gives_no_5xx_and_readiness_names_the_cache(own_redis):
    load = Load()
    deadline = time.monotonic() + DEADLINE_SECONDS
    with override_settings(CACHES={"default": redis_cache(own_redis.url, timeout=0.5)}):
        try:
            probe = Client()
            before = probe.get("/readyz")
            assert before.status_code == 200, before.json()
            for thread in load.threads:
                thread.start()
            load.wait_for_rounds(1, deadline)
            cached_keys = own_redis.client().dbsize()
            # Killed while the threads are in the middle of their requests.
            own_redis.kill()
            load.phase = "redis down"
            load.wait_for_rounds(1 + ROUNDS_AFTER_THE_KILL, deadline)
            ready = probe.get("/readyz")
        finally:
            load.stop.set()
            for thread in load.threads:
                thread.join(60)
            _remove_search_log_rows()

    failures = [(phase, url, status) for phase, url, status, _seconds in load.results if str(status)[0] == "5"]
    assert not failures, f"{len(failures)} server errors, first: {failures[:5]}"
    assert cached_keys > 0, "the site did not use the Redis cache before it was killed"
    answered = Counter((phase, url) for phase, url, _status, _seconds in load.results)
    assert all(answered[("redis down", url)] >= THREADS for url in URLS), answered
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["cache"]


@pytest.mark.django_db
def test_with_the_cache_down_the_search_snapshot_is_kept_not_reloaded_per_search():
    from search import engine
    from tests.operations.conftest import free_port

    dead = redis_cache(f"redis://127.0.0.1:{free_port()}/0", timeout=0.2)  # nothing listens there
    with override_settings(CACHES={"default": dead}):
        first = engine.snapshot()
        with mock.patch.object(engine, "_load_snapshot", side_effect=AssertionError("reloaded")):
            assert engine.snapshot() is first
            assert engine.snapshot() is first
