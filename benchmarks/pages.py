"""Benchmark: requests per second and SQL queries of each page type, with and without the page cache.

    .venv/bin/python benchmarks/pages.py
    .venv/bin/python benchmarks/pages.py --services 10000 --seconds 15 --rounds 3
    .venv/bin/python benchmarks/pages.py --keep    # leaves the database for another run (--reuse NAME)

Builds a throwaway PostgreSQL database (``bgro_bench_pages_<pid>`` on the server of DATABASE_URL,
by default postgres://postgres@127.0.0.1:5432/): migrations, the demo site (``load_demo``) and,
with ``--services N``, a generated catalogue of N services × 3 languages imported on top (the
import benchmark's, benchmarks/import_catalogue.py). Static files are collected into a temporary
folder. Then, for ``--rounds`` rounds, it starts the site under gunicorn with the production
settings (``--workers``, 2 by default, sync workers as in the Dockerfile) twice in turn — the
page cache off (``PAGE_CACHE=false``) and on (Redis at ``--redis``, a database number of its own,
keys under a prefix of this run that are deleted at the end) — and sends each page type's URL from
``--concurrency`` client threads for ``--seconds`` seconds, as a browser does (``Accept-Encoding:
gzip``, no cookie). Prints per page type: requests/s, p50 and p99 latency in each mode, the ratio
cached/uncached, and the SQL queries of a first (cold) and a repeated (cached) request, counted
in-process with Django's test client under the same settings.

The client is Python (one thread per connection): at a few thousand requests/s it is itself a
limit, so cached figures are a lower bound of what the site can serve. The comparisons the issue
asks for with Wagtail's bakerydemo and a static nginx are not part of this script yet (README,
"Page cache and front cache").
"""

import argparse
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(ROOT / "benchmarks")]

from import_catalogue import generate, throwaway_postgres  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def site_environment(database_url, redis_url, key_prefix, static_root, page_cache):
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="bgro.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=key_prefix,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        PAGE_CACHE="true" if page_cache else "false",
        LOG_LEVEL="ERROR",
        TASKS_BACKEND="immediate",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    )
    environment.pop("ELASTICSEARCH_URL", None)  # the database search engine: no node needed
    return environment


def manage(environment, *arguments):
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *arguments], env=environment, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, environment, workers):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--pythonpath",
                "site",
                "bgro.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=environment,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer /healthz within 60 s")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(port, url):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", url, headers={"Host": "localhost", "Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache")
    finally:
        connection.close()


def load(port, url, seconds, concurrency):
    """(requests/s, p50 ms, p99 ms, errors) of ``url`` under ``concurrency`` client threads."""
    for _ in range(3):  # warm up: the first request fills the page cache
        fetch(port, url)
    latencies, errors = [], []
    stop_at = time.monotonic() + seconds

    def client():
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _cache = fetch(port, url)
            except OSError as error:
                errors.append(error)
                continue
            if status != 200:
                errors.append(status)
            mine.append(time.perf_counter() - started)
        latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000, len(errors)


def page_urls():
    """One URL per page type, read from the database (Django set up with the site's settings)."""
    from catalogue.models import InstitutionIndexPage, InstitutionPage, ServiceIndexPage, ServicePage
    from news.models import NewsIndexPage, NewsPage

    def first(model):
        page = model.objects.live().filter(locale__language_code="bg").order_by("path").first()
        return page.url if page else None

    urls = {
        "home": "/bg/",
        "service index": first(ServiceIndexPage),
        "service page": first(ServicePage),
        "institution index": first(InstitutionIndexPage),
        "institution page": first(InstitutionPage),
        "news index": first(NewsIndexPage),
        "news page": first(NewsPage),
        "search page": "/bg/search/?q=удостоверение",
        "search API": "/api/search/?q=certificate&lang=en",
        "pages API": "/api/v2/pages/?limit=20",
    }
    from django.utils.encoding import iri_to_uri

    return {name: iri_to_uri(url) for name, url in urls.items() if url}


def count_queries(urls):
    """name → (queries of a cold request, queries of the repeated one), page cache on."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = True
    client = Client(HTTP_HOST="localhost")
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as cold:
            client.get(url)
        with CaptureQueriesContext(connection) as repeated:
            client.get(url)
        counts[name] = (len(cold), len(repeated))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=0, help="catalogue services imported on top of the demo")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load per page type and mode")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (uncached, cached)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (at most 2 on a shared machine)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8", help="Redis URL (a database of its own)")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", metavar="NAME", help="use this existing bgro_bench… database as it is")
    options = parser.parse_args()

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = options.reuse or f"bgro_bench_pages_{os.getpid()}"
    database_url = urlsplit(server)._replace(path=f"/{name}").geturl()
    key_prefix = f"bench-pages-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as static_root:
        build = site_environment(database_url, options.redis, key_prefix, static_root, page_cache=False)
        os.environ.update(build)
        if options.reuse:
            run(options, database_url, build, key_prefix, static_root, fresh=False)
        elif options.keep:
            with _created(database_url):
                run(options, database_url, build, key_prefix, static_root, fresh=True)
            print(f"Database kept: {name} (run again with --reuse {name})")
        else:
            with throwaway_postgres(database_url):
                run(options, database_url, build, key_prefix, static_root, fresh=True)


class _created:
    """Create the database (dropping one of that name first), keep it at the end."""

    def __init__(self, url):
        self.url = url

    def __enter__(self):
        import psycopg
        from psycopg import sql

        name = urlsplit(self.url).path.lstrip("/")
        maintenance = urlsplit(self.url)._replace(path="/postgres").geturl()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def __exit__(self, *exc):
        return False


def run(options, database_url, build, key_prefix, static_root, fresh):
    started = time.monotonic()
    manage(build, "collectstatic", "--noinput", "--verbosity", "0")
    if fresh:
        manage(build, "migrate", "--verbosity", "0")
        manage(build, "load_demo")
        if options.services:
            import json

            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as catalogue:
                json.dump(generate(options.services), catalogue)
            try:
                manage(build, "import_catalogue", catalogue.name)
            finally:
                os.unlink(catalogue.name)
    print(f"Site ready in {time.monotonic() - started:.0f} s ({options.services} generated services)")

    import django

    django.setup()
    from django.core.cache import cache

    urls = page_urls()
    queries = count_queries(urls)
    results = {name: {"uncached": [], "cached": []} for name in urls}
    try:
        for round_number in range(options.rounds):
            for mode in ("uncached", "cached"):
                environment = site_environment(
                    database_url, options.redis, key_prefix, static_root, page_cache=mode == "cached"
                )
                site = Gunicorn(environment, options.workers)
                try:
                    for name, url in urls.items():
                        results[name][mode].append(load(site.port, url, options.seconds, options.concurrency))
                finally:
                    site.stop()
            print(f"round {round_number + 1}/{options.rounds} done")
    finally:
        # This run's prefix only, every cache version (Wagtail's site root paths use version 2).
        connection = cache.client.get_client()
        for key in connection.scan_iter(f"{key_prefix}:*"):
            connection.delete(key)

    print(
        f"\n{options.workers} gunicorn workers, {options.concurrency} client threads, "
        f"{options.seconds:g} s per measure, best of {options.rounds} rounds"
    )
    header = (
        f"{'page':<18} {'uncached r/s':>12} {'p50 ms':>7} {'p99 ms':>7} {'cached r/s':>11} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'ratio':>6} {'SQL cold':>8} {'SQL again':>9}"
    )
    print(header)
    print("-" * len(header))
    for name in urls:
        uncached = max(results[name]["uncached"], key=lambda each: each[0])
        cached = max(results[name]["cached"], key=lambda each: each[0])
        errors = sum(each[3] for mode in ("uncached", "cached") for each in results[name][mode])
        cold, again = queries[name]
        print(
            f"{name:<18} {uncached[0]:>12.1f} {uncached[1]:>7.1f} {uncached[2]:>7.1f} {cached[0]:>11.1f} "
            f"{cached[1]:>7.1f} {cached[2]:>7.1f} {cached[0] / uncached[0]:>6.1f} {cold:>8} {again:>9}"
            + (f"  ({errors} errors)" if errors else "")
        )


if __name__ == "__main__":
    main()
