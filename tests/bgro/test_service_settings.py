"""The environment selects the services: PostgreSQL, Redis, Elasticsearch; none needed by default.

Each case reads the settings in a fresh interpreter, because settings are read once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

REPOSITORY = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "ELASTICSEARCH_INDEX")

REPORT = """
import json
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from wagtail.search.backends import get_search_backend
cache_ok = None
if "redis" in settings.CACHES["default"]["BACKEND"].lower():
    cache.set("bgro-settings-test", "ok", 5)
    cache_ok = cache.get("bgro-settings-test") == "ok"
print(json.dumps({
    "database": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_ok": cache_ok,
    "search": type(get_search_backend()).__module__,
    "platform_search": settings.PLATFORM_SEARCH_ENGINE,
}))
"""


def read_settings(**environment):
    env = {name: value for name, value in os.environ.items() if name not in SERVICE_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="bgro.settings.dev", PYTHONPATH=f"{REPOSITORY}/site:{REPOSITORY}", **environment)
    result = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_configuration_the_site_needs_nothing_but_python():
    configured = read_settings()
    assert configured["database"] == "django.db.backends.sqlite3"
    assert configured["cache"].endswith("LocMemCache")
    # The database backend picks its SQLite flavour (FTS5 or fallback) from the database itself.
    assert ".backends.database." in configured["search"]


def test_database_url_selects_postgresql():
    assert read_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/bgro")["database"] == (
        "django.db.backends.postgresql"
    )


def test_redis_url_selects_a_shared_cache_that_works():
    configured = read_settings(REDIS_URL="redis://127.0.0.1:6379/15")
    assert configured["cache"] == "django_redis.cache.RedisCache"
    assert configured["cache_ok"] is True


def test_elasticsearch_url_puts_both_searches_on_the_node():
    configured = read_settings(ELASTICSEARCH_URL="http://127.0.0.1:9200")
    # search.wagtail_backend picks the modelsearch backend of the product that answers (OpenSearch
    # 2 when none does, until one does).
    assert configured["search"] in {
        f"modelsearch.backends.{name}" for name in ("opensearch2", "opensearch3", "elasticsearch8", "elasticsearch9")
    }
    assert configured["platform_search"] == "node"
    assert read_settings()["platform_search"] == "database"


@pytest.mark.parametrize(
    "name, backend",
    [
        ("opensearch2", "modelsearch.backends.opensearch2"),
        ("opensearch3", "modelsearch.backends.opensearch3"),
        ("elasticsearch8", "modelsearch.backends.elasticsearch8"),
        ("elasticsearch9", "modelsearch.backends.elasticsearch9"),
    ],
)
def test_a_named_product_selects_its_backend(name, backend):
    from search.node import parse_product

    assert parse_product(name).backend == backend


def test_an_unknown_product_is_refused_with_the_names_that_work():
    from search.node import parse_product

    with pytest.raises(ValueError, match="opensearch2, opensearch3"):
        parse_product("solr9")
