"""Benchmark: server time of each page type at demo size and with 10,000 services × 3 languages.

    .venv/bin/python benchmarks/page_size_scaling.py
    .venv/bin/python benchmarks/page_size_scaling.py --services 2000 --repeat 10
    .venv/bin/python benchmarks/page_size_scaling.py --keep       # leaves the database (--reuse NAME)
    .venv/bin/python benchmarks/page_size_scaling.py --fresh-lists   # the listings rendered afresh
    .venv/bin/python benchmarks/page_size_scaling.py --node http://127.0.0.1:9200   # search on a node

Issue 17, item 5 ("flat with size"): every page's server time at 10,000 services should stay
within 1.5× of its time at demo size. The script builds a throwaway PostgreSQL database
(``bgro_bench_scaling_<pid>`` on the server of DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/): migrations and the demo site (``load_demo``); measures
every page type; then imports the search benchmark's generated catalogue of ``--services``
services × 3 languages (benchmarks/search_speed.py: varied audiences, a quarter of the services
only in their source language) on top, analyses the tables as autovacuum would, and measures the
same URLs again. The database is dropped at the end unless ``--keep``. With ``--node URL`` the
site search runs on that search node (the production shape), under a throwaway index prefix
filled from the database's index at each size (as ``update_index`` does) and dropped at the end. (The sitemap is not a
page: it lists every URL and grows with the catalogue by design; benchmarks/translation_coverage.py
times it.)

The figures are the application's time, in-process with Django's test client (no web server,
no network), with the page cache off — what a visitor waits for on a cache miss — and with the
site's other caches warm (the first request of each URL is not counted). Prints per page type:
the median and p90 in milliseconds at each size, the SQL queries of one request, and the ratio
of the medians. These are figures, not a timed test: the machine's load moves them.
"""

import argparse
import itertools
import os
import signal
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(ROOT / "benchmarks")]

import pages  # noqa: E402
from import_catalogue import generate  # noqa: E402
from search_speed import realistic  # noqa: E402

GOAL_RATIO = 1.5


def database_url(server_url, name):
    return urlsplit(server_url)._replace(path=f"/{name}").geturl()


def run_sql(server_url, statement):
    import psycopg

    maintenance = urlsplit(server_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(statement)


def page_urls():
    """Page type → URL: the page benchmark's page types (not its APIs), with the service index
    paged and filtered too (the Bulgarian tree; pages of the demo, present at both sizes)."""
    urls = {}
    for name, url in pages.page_urls().items():
        if "API" in name:
            continue
        urls[name] = url
        if name == "service index":
            urls["service index, page 3"] = f"{url}?page=3"
            urls["service index, filtered"] = f"{url}?country=RO&audience=citizens"
    return urls


def measure(urls, repeat, fresh_lists=False):
    """Page type → (median ms, p90 ms, queries of one request).

    With ``fresh_lists`` every request has a query parameter of its own (``fresh=N``, which no
    page reads): the listings' rendered fragments, keyed by the query string, are rendered
    afresh each time, as on the first request after a change, while the chrome and the
    listings' counts stay kept."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    figures = {}
    requests = itertools.count()

    def address(url):
        if not fresh_lists:
            return url
        return f"{url}{'&' if '?' in url else '?'}fresh={next(requests)}"

    for name, url in urls.items():
        first = client.get(address(url))
        if first.status_code != 200:
            raise SystemExit(f"GET {url} answered {first.status_code}")
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(address(url))
        samples = []
        for _ in range(repeat):
            measured = address(url)
            started = time.perf_counter()
            client.get(measured)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        figures[name] = (
            statistics.median(samples),
            samples[min(len(samples) - 1, int(0.9 * len(samples)))],
            len(queries),
        )
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=10_000, help="generated services (default 10000)")
    parser.add_argument("--repeat", type=int, default=15, help="measured requests per URL and size (default 15)")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", metavar="NAME", help="measure an existing database as it is (one size)")
    parser.add_argument("--node", metavar="URL", help="run the site search on this search node (OpenSearch)")
    parser.add_argument(
        "--fresh-lists",
        action="store_true",
        help="a query parameter of its own on every request: the listings' fragments rendered afresh",
    )
    options = parser.parse_args()
    if options.services < 1 or options.repeat < 1:
        parser.error("--services and --repeat must be at least 1")

    from psycopg import sql

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = options.reuse or f"bgro_bench_scaling_{os.getpid()}"
    os.environ["DATABASE_URL"] = database_url(server, name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bgro.settings.dev")
    os.environ.setdefault("MEDIA_ROOT", f"/tmp/{name}-media")
    # Debug mode keeps every statement in memory and slows the requests down; the page cache off.
    os.environ["DEBUG"] = "false"
    os.environ["PAGE_CACHE"] = "false"
    os.environ.pop("ELASTICSEARCH_URL", None)  # the database search engine
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(f"Stopped by signal {signum}."))
    if not options.reuse:
        run_sql(server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        run_sql(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    try:
        run(options)
    finally:
        if options.keep or options.reuse:
            print(f"Database kept: {name} (measure it again with --reuse {name})")
        else:
            from django.db import connections

            connections.close_all()
            run_sql(server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def analyse():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(options):
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # the test client's host name is allowed
    if not options.node:
        run_sizes(options, node=None)
        return
    from search_speed import drop_node_indexes

    from search.node import detect_product, node_overrides

    if detect_product(options.node) is None:
        sys.exit(f"No search node answers at {options.node} (start one with `bin/engine start`).")
    node = node_overrides(options.node, f"bgro_bench_scaling_{os.getpid()}")
    try:
        run_sizes(options, node)
    finally:
        drop_node_indexes(node)


def measure_on(node, urls, options):
    """``measure`` with the site search on ``node`` (its index filled from the database's), or
    on the database engine when ``node`` is None."""
    if node is None:
        return measure(urls, options.repeat, options.fresh_lists)
    from django.test.utils import override_settings
    from search_speed import index_on_node

    index_on_node(node)
    with override_settings(**node):
        return measure(urls, options.repeat, options.fresh_lists)


def run_sizes(options, node):
    import io

    from django.core.management import call_command

    if options.reuse:
        figures = measure_on(node, page_urls(), options)
        print_table({"this database": figures})
        return
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    analyse()
    print(f"Demo site built in {time.perf_counter() - started:.0f} s", flush=True)
    urls = page_urls()
    demo = measure_on(node, urls, options)

    from catalogue.importer import CatalogueImporter

    started = time.perf_counter()
    catalogue = realistic(generate(options.services))
    CatalogueImporter(catalogue).run()
    analyse()
    print(f"{options.services} services × 3 languages imported in {time.perf_counter() - started:.0f} s", flush=True)
    large = measure_on(node, urls, options)
    print_table({"demo": demo, f"{options.services} services": large}, ratio=True)
    print(f"Load average (1, 5, 15 min) at the end: {', '.join(f'{load:.1f}' for load in os.getloadavg())}")


def print_table(sizes, ratio=False):
    labels = list(sizes)
    header = f"{'page':<26}" + "".join(f"{label[:20]:>22}" for label in labels)
    if ratio:
        header += f"{'ratio':>8}"
    print()
    print(header)
    print(f"{'':<26}" + "".join(f"{'p50 / p90 ms, SQL':>22}" for _ in labels))
    print("-" * len(header))
    names = list(next(iter(sizes.values())))
    worst = 0
    for name in names:
        row = f"{name:<26}"
        for label in labels:
            p50, p90, queries = sizes[label][name]
            row += f"{f'{p50:.1f} / {p90:.1f}, {queries}':>22}"
        if ratio:
            first, last = sizes[labels[0]][name][0], sizes[labels[-1]][name][0]
            worst = max(worst, last / first)
            row += f"{last / first:>7.2f}×"
        print(row)
    if ratio:
        verdict = "met" if worst <= GOAL_RATIO else "NOT met"
        print(f"Goal: every page within {GOAL_RATIO}× of its demo-size time: worst {worst:.2f}× ({verdict})")


if __name__ == "__main__":
    main()
