"""Is every service the site depends on usable? Each check has a deadline.

The checks run side by side in daemon threads, so one service that hangs (a firewall dropping
packets) costs the probe at most ``READINESS_TIMEOUT`` seconds, and a thread still waiting on it
never holds the process back. Each check returns ``None`` when the service is usable, else a short
reason for the operator (no credentials, no host names).
"""

import threading
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections

DEFAULT_TIMEOUT = 2.0


def check_database():
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not usable"
        return f"does not answer ({type(error).__name__})"
    finally:
        # The check runs in its own thread: close the connection it opened there.
        connection.close()
    return None


def check_cache():
    """A write read back: a cache that ignores its errors (django-redis with IGNORE_EXCEPTIONS,
    as configured) answers every write silently, so only a read of the value proves it works."""
    cache = caches["default"]
    key = f"readiness:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 30)
        usable = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as error:
        return f"does not answer ({type(error).__name__})"
    return None if usable else "does not keep values (unreachable?)"


def check_search():
    """The search node when the site search runs on one (the database engine needs nothing more)."""
    from search.engine import search_engine

    engine = search_engine()
    if not hasattr(engine, "ready"):
        return None
    usable, reason = engine.ready()
    return None if usable else reason or "not usable"


def queue_model():
    """The table of django-tasks' database backend (django-tasks-db) when the site uses it, else None."""
    backend_paths = [str(options.get("BACKEND", "")) for options in (getattr(settings, "TASKS", None) or {}).values()]
    if not any("tasks_db" in path or ".database." in path for path in backend_paths):
        return None
    for config in apps.get_app_configs():
        if config.name.startswith(("django_tasks_db", "django_tasks.backends.database")):
            try:
                return config.get_model("DBTaskResult")
            except LookupError:
                continue
    return None


def check_queue():
    model = queue_model()
    if model is None:
        return None
    try:
        model.objects.exists()
    except Exception as error:
        return f"its table cannot be read ({type(error).__name__})"
    finally:
        connections[model.objects.db].close()
    return None


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
    "queue": check_queue,
}


def applicable_checks():
    """The services this configuration uses (the search node and the queue only when configured)."""
    names = ["database", "cache"]
    if getattr(settings, "PLATFORM_SEARCH_ENGINE", "database") == "node":
        names.append("search")
    if queue_model() is not None:
        names.append("queue")
    return names


def run_checks(timeout=None):
    """{name: None when usable, else the reason}, every check given the same deadline."""
    timeout = timeout if timeout is not None else getattr(settings, "READINESS_TIMEOUT", DEFAULT_TIMEOUT)
    results = {}
    threads = {}

    def run(name):
        try:
            results[name] = CHECKS[name]()
        except Exception as error:  # a check must never take the probe down with it
            results[name] = f"check failed ({type(error).__name__})"

    for name in applicable_checks():
        threads[name] = threading.Thread(target=run, args=(name,), name=f"readiness-{name}", daemon=True)
        threads[name].start()
    deadline = time.monotonic() + timeout
    for thread in threads.values():
        thread.join(max(0.0, deadline - time.monotonic()))
    return {
        name: results[name] if name in results else f"no answer within {timeout:g} s" for name in threads
    }
