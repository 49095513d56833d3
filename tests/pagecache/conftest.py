"""The page cache on the real Redis (REDIS_TEST_URL, default db 7 of the local server), under a key
prefix of the test's own: parallel runs share the server, never a key; only that prefix is deleted."""

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings

from operations.redis_cache import redis_cache

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture
def page_cache():
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError as error:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}: {error}")
    prefix = f"test-pagecache-{uuid.uuid4().hex}"
    with override_settings(
        CACHES={"default": redis_cache(REDIS_TEST_URL, key_prefix=prefix)},
        PAGE_CACHE_ENABLED=True,
    ):
        yield cache
        # This prefix's keys only, of every cache version (Wagtail's site root paths use version 2).
        connection = cache.client.get_client()
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)
