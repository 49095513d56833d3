"""The CACHES entry for Redis: django-redis set to degrade, not fail, when Redis is down.

Used by the settings (REDIS_URL, REDIS_TIMEOUT) and by the fault-injection tests, so these test
exactly what production runs.
"""


def redis_cache(url, timeout=0.5, key_prefix="bgro"):
    """IGNORE_EXCEPTIONS: with Redis down every read is a miss and every write is lost, so pages
    and searches are slower, never failing (/readyz reports it). Short socket timeouts bound what
    a Redis that hangs costs a request; one immediate retry (a connection Redis closed) instead of
    redis-py's default three with backoff, which would cost every cache call while Redis is down."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 1)},
        },
    }
