"""Benchmark: the translation coverage dashboard and the sitemap with N translatable pages.

    .venv/bin/python benchmarks/translation_coverage.py --pages 30000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bgro_bench_coverage .venv/bin/python benchmarks/translation_coverage.py

Uses a throwaway database (a temporary SQLite file unless DATABASE_URL is set; it must be
empty, migrate builds it). Inserts N Bulgarian source pages with their Romanian and English
versions through the catalogue import's bulk writer (tests.factories.many_translatable_pages:
missing, up to date, in progress and outdated in turn), then times, as an administrator through the test client: the dashboard's first page,
a filtered page, the CSV export of every row, and /sitemap.xml. Prints the SQL queries of each.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30_000)
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bgro-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bgro.settings.dev")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.conftest import get_home_pages, get_locales
    from tests.factories import many_translatable_pages

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    many_translatable_pages(get_home_pages(get_locales()), options.pages)
    print(f"inserted {options.pages} pages × 3 languages in {time.perf_counter() - started:.1f} s")

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-1")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("translations_coverage")
    for label, path, query in [
        ("dashboard", url, {}),
        ("dashboard, warm", url, {}),
        ("dashboard, Romanian outdated", url, {"language": "ro", "state": "outdated"}),
        ("CSV export, every row", url, {"export": "csv"}),
        ("sitemap.xml (an index beyond 50,000 URLs)", "/sitemap.xml", {}),
        ("sitemap.xml?p=1", "/sitemap.xml", {"p": "1"}),
    ]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path, query)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        print(
            f"{label}: {elapsed * 1000:.0f} ms, {len(queries.captured_queries)} queries, {len(response.content) / 1e6:.1f} MB"
        )
    # For comparison (README, "Why our own sitemap"): Wagtail's sitemap generator on the same
    # pages, through Django's public Sitemap.get_urls, as wagtail.contrib.sitemaps' view calls it.
    from django.contrib.sites.requests import RequestSite
    from django.test import RequestFactory
    from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

    request = RequestFactory().get("/sitemap.xml", HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        urls = WagtailSitemap(request).get_urls(page=1, site=RequestSite(request), protocol="http")
        elapsed = time.perf_counter() - started
    alternates = sum(bool(url.get("alternates")) for url in urls)
    print(
        f"wagtail.contrib.sitemaps, first 50,000: {elapsed * 1000:.0f} ms, {len(queries.captured_queries)} queries, "
        f"{len(urls)} URLs ({alternates} with alternates)"
    )
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
