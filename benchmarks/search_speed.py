"""Benchmark: latency of the search API over a generated catalogue of N services × 3 languages.

    .venv/bin/python benchmarks/search_speed.py --services 10000
    .venv/bin/python benchmarks/search_speed.py --services 300 --repeat 10 --engine database
    .venv/bin/python benchmarks/search_speed.py --services 100000 --engine both --node http://127.0.0.1:9200

Creates a throwaway PostgreSQL database (``bgro_bench_search_<pid>`` on the server of
DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/), imports the catalogue with the
catalogue importer, rebuilds the index (``update_index``) and drops the database at the end
(``--keep`` leaves it). The catalogue is the import benchmark's (benchmarks/import_catalogue.py)
with the texts rewritten from the trilingual glossary (search/glossary_seed.json), so that a
query matches some services and not all, and a quarter of the services exist only in their
source language (what cross-language queries are for). The API is called in-process with
Django's test client, as search_relevance does, in a process set up as the WSGI entry point sets
up a gunicorn worker (site/bgro/wsgi.py): the figures are the application's time (engine,
database, JSON), without a web server or network.

With ``--engine node`` or ``both`` (the default when a node answers at ``--node``, by default
SEARCH_NODE_URL or http://127.0.0.1:9200) the same entries are also indexed on the search node,
under a throwaway index prefix dropped at the end, and every query is measured on each engine in
turn. Prints, per engine: index time and size, p50 and p95 latency per kind of query for search
(mono-lingual, cross-language, transliterated, typo, with a facet filter) and for suggest, and the
goals: search p95 ≤ 100 ms, suggest p95 ≤ 30 ms on the database (issue 5); on the node at 100,000
services search p95 ≤ 50 ms, suggest p95 ≤ 20 ms (issue 11). Suggest reads the database's
snapshot on both engines.
"""

import argparse
import json
import os
import random
import signal
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(ROOT / "benchmarks")]

from import_catalogue import generate  # noqa: E402

SEARCH_GOAL_MS = 100
SUGGEST_GOAL_MS = 30
NODE_SEARCH_GOAL_MS = 50  # at 100,000 services (issue 11)
NODE_SUGGEST_GOAL_MS = 20
LANGUAGES = ("bg", "ro", "en")
PLACES = {"Ruse", "Vidin", "Silistra", "Giurgiu", "Calafat", "Călărași", "Dolj", "Bulgaria", "Romania", "Danube"}

ACTIONS = [
    {"bg": "Издаване на", "ro": "Eliberarea", "en": "Issue of"},
    {"bg": "Промяна на", "ro": "Modificarea", "en": "Change of"},
    {"bg": "Регистрация на", "ro": "Înregistrarea", "en": "Registration of"},
    {"bg": "Подновяване на", "ro": "Reînnoirea", "en": "Renewal of"},
    {"bg": "Заверка на", "ro": "Vizarea", "en": "Certification of"},
    {"bg": "Плащане на", "ro": "Plata", "en": "Payment of"},
    {"bg": "Дубликат на", "ro": "Duplicatul", "en": "Duplicate of"},
    {"bg": "Информация за", "ro": "Informații despre", "en": "Information on"},
]
DESCRIPTION = {
    "bg": "Услугата се заявява в центъра за административно обслужване със заявление. Необходими са {a} и {b}. "
    "Срокът е {days} работни дни.",
    "ro": "Serviciul se solicită la ghișeul unic pe baza unei cereri. Sunt necesare {a} și {b}. "
    "Termenul este de {days} zile lucrătoare.",
    "en": "Apply at the administrative service centre with an application form. You need {a} and {b}. "
    "It takes {days} working days.",
}
CONNECTOR = {"bg": "за", "ro": "pentru", "en": "for"}

# What visitors type: (query, lang, extra parameters). Cross-language queries find services of
# the other country that exist only in its language; transliterated ones are Bulgarian in Latin.
SEARCHES = {
    "mono-lingual": [
        ("удостоверение за раждане", "bg", {}), ("разрешение за строеж", "bg", {}), ("паспорт", "bg", {}),
        ("autorizație de construire", "ro", {}), ("certificat de naștere", "ro", {}), ("impozit", "ro", {}),
        ("driving licence", "en", {}), ("building permit", "en", {}), ("child allowance", "en", {}),
    ],
    "cross-language": [
        ("certificat de căsătorie", "ro", {}), ("permis de conducere", "ro", {}), ("pensie", "ro", {}),
        ("birth certificate", "en", {}), ("health insurance", "en", {}),
        ("социално подпомагане", "bg", {}), ("parking card", "en", {}),
    ],
    "transliterated": [
        ("udostoverenie za razhdane", "bg", {}), ("razreshenie za stroezh", "bg", {}), ("grazhdanski brak", "bg", {}),
        ("lichna karta", "bg", {}), ("danak", "bg", {}), ("pensiya", "bg", {}),
    ],
    "typo": [
        ("удостверение", "bg", {}), ("разрешение за строж", "bg", {}), ("certficat de nastere", "ro", {}),
        ("autorizatie de contruire", "ro", {}), ("bulding permit", "en", {}), ("pasport", "en", {}),
    ],
    "with facet filter": [
        ("удостоверение", "bg", {"country": "RO"}), ("certificat", "ro", {"type": "service", "audience": "businesses"}),
        ("permit", "en", {"region": "Giurgiu"}), ("такса", "bg", {"type": "institution"}),
        ("tax", "en", {"country": "BG", "page": "2"}),
    ],
}  # fmt: skip
SUGGESTS = [
    ("удос", "bg"), ("разр", "bg"), ("па", "bg"), ("udost", "bg"), ("cert", "ro"), ("autoriz", "ro"),
    ("înmat", "ro"), ("pas", "en"), ("build", "en"), ("driv", "en"), ("Гюр", "bg"), ("Giur", "ro"),
]  # fmt: skip


def vocabulary():
    glossary = json.loads((ROOT / "search" / "glossary_seed.json").read_text(encoding="utf-8"))
    return [term for term in glossary if term["en"] not in PLACES]


def realistic(catalogue, seed=2026, only_source_share=0.25):
    """The import benchmark's catalogue with varied texts, audiences and languages."""
    rng = random.Random(seed)
    terms = vocabulary()
    audiences = [["citizens"], ["businesses"], ["citizens", "businesses"], ["citizens", "ngos"], ["ngos"]]
    for service in catalogue["services"]:
        action, subject, purpose, first, second = rng.choice(ACTIONS), *rng.sample(terms, 4)
        days = rng.choice([1, 3, 7, 14, 30])
        languages = LANGUAGES
        if rng.random() < only_source_share:
            languages = (service["source_language"],)
        service["title"] = {lang: f"{action[lang]} {subject[lang]}" for lang in languages}
        service["summary"] = {
            lang: f"{action[lang]} {subject[lang]} {CONNECTOR[lang]} {purpose[lang]}." for lang in languages
        }
        service["description"] = {
            lang: DESCRIPTION[lang].format(a=first[lang], b=second[lang], days=days) for lang in languages
        }
        service["audience"] = rng.choice(audiences)
        service["processing_days"] = days
        # Every other text field the generator wrote follows the record's languages.
        for key, value in list(service.items()):
            if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
                service[key] = {lang: text for lang, text in value.items() if lang in languages}
    return catalogue


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client, path, params, repeat):
    """Milliseconds per request, ``repeat`` times; every answer must be a 200."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, params)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} {params} answered {response.status_code}: {response.content[:300]!r}")
    return samples


def throwaway_database(base_url):
    """Create a fresh PostgreSQL database next to ``base_url``'s; returns its URL and a dropper."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(base_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The search benchmark measures PostgreSQL; DATABASE_URL is {parts.scheme}://…")
    name = f"bgro_bench_search_{os.getpid()}"
    maintenance = parts._replace(path="/postgres").geturl()

    def run(statement):
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(statement)

    run(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop():
        from django.db import connections

        connections.close_all()
        run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    return parts._replace(path=f"/{name}").geturl(), drop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000, help="services to generate (default 10000)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per query (default 20)")
    parser.add_argument("--keep", action="store_true", help="keep the database (its URL is printed)")
    parser.add_argument(
        "--direct",
        action="store_true",
        help=(
            "write the search index's tables straight from the generated catalogue, without pages "
            "(measures the engines, not the importer: at 100,000 services the import alone takes ~40 min)"
        ),
    )
    parser.add_argument(
        "--engine", choices=("database", "node", "both"), help="engines to measure (default: both if a node answers)"
    )
    parser.add_argument(
        "--node",
        default=os.environ.get("SEARCH_NODE_URL", "http://127.0.0.1:9200"),
        help="the search node's URL (default %(default)s; start one with `make engine`)",
    )
    options = parser.parse_args()
    if options.services < 1 or options.repeat < 1:
        parser.error("--services and --repeat must be at least 1")

    # A run stopped by a timeout or kill still drops its database (the finally clause below).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(f"Stopped by signal {signum}."))
    url, drop = throwaway_database(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bgro.settings.dev")
    os.environ.setdefault("MEDIA_ROOT", f"/tmp/{urlsplit(url).path.lstrip('/')}-media")
    # Debug mode keeps every SQL statement in memory and would slow the measured requests down.
    os.environ["DEBUG"] = "false"
    # The engines are measured, not the page cache: with it, nine of each query's ten requests
    # were answered from the cache (p50 0.2 ms) and only the p95 was the engine's.
    os.environ["PAGE_CACHE"] = "false"
    # WhiteNoise warns that nothing was collected; the API serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    # Set up as a gunicorn worker is: the WSGI entry point runs django.setup(), then leaves the
    # objects built while starting out of garbage collections (bgro.wsgi).
    import bgro.wsgi  # noqa: F401
    try:
        run(options)
    finally:
        if options.keep:
            print(f"Database kept: {url}")
        else:
            drop()


def run(options):
    import io

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from catalogue.importer import CatalogueImporter, create_catalogue_sections
    from home.models import HomePage

    setup_test_environment(debug=False)  # the test client's host name is allowed
    call_command("migrate", verbosity=0)
    create_catalogue_sections(HomePage.objects.get(locale__language_code="bg"))

    catalogue = realistic(generate(options.services))
    only_source = sum(1 for service in catalogue["services"] if len(service["title"]) == 1)
    print(
        f"Catalogue: {len(catalogue['institutions'])} institutions, {options.services} services "
        f"({only_source} only in their source language), PostgreSQL {urlsplit(os.environ['DATABASE_URL']).path[1:]}"
    )
    started = time.perf_counter()
    if options.direct:
        write_index_directly(catalogue)
        print(f"Index written directly (no pages): {time.perf_counter() - started:8.1f} s")
    else:
        CatalogueImporter(catalogue).run()
        print(f"Import:        {time.perf_counter() - started:8.1f} s")
        started = time.perf_counter()
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        print(f"update_index:  {time.perf_counter() - started:8.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) search_searchposting, search_searchentry")

    from django.test.utils import override_settings

    from search.node import detect_product, node_overrides

    engines = {"database": {}}
    if options.engine in ("node", "both") or (options.engine is None and detect_product(options.node)):
        if detect_product(options.node) is None:
            sys.exit(f"No search node answers at {options.node} (start one with `make engine`).")
        engines["node"] = node_overrides(options.node, f"bgro_bench_{os.getpid()}")
    if options.engine == "node":
        del engines["database"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('search_searchposting') + pg_total_relation_size('search_searchentry')"
            " + pg_total_relation_size('search_searchentryversion')"
        )
        database_size = cursor.fetchone()[0]
    print(f"Index size, database (entries, versions, postings with their indexes): {database_size / 2**20:8.1f} MB")
    try:
        if "node" in engines:
            index_on_node(engines["node"])
        for name, overrides in engines.items():
            with override_settings(**overrides):
                measure_engine(name, options)
    finally:
        if "node" in engines:
            drop_node_indexes(engines["node"])


def write_index_directly(catalogue, batch=2000):
    """The search index's tables (entries, versions, postings) for ``catalogue``, as indexing the
    imported pages would write them, without the pages: every version points at the root page,
    which neither engine reads (results show the version's own title, URL and text)."""
    import uuid

    from wagtail.models import Page

    from search.analysis import document_keys
    from search.engine import index_changed
    from search.models import SearchEntry, SearchEntryVersion, SearchPosting

    root = Page.objects.get(depth=1).pk
    places = {record["id"]: record for record in catalogue["institutions"]}
    records = [("institution", record, "name") for record in catalogue["institutions"]]
    records += [("service", record, "title") for record in catalogue["services"]]
    for start in range(0, len(records), batch):
        chunk = records[start : start + batch]
        entries = []
        for kind, record, _title_field in chunk:
            place = places[record["id"] if kind == "institution" else record["institution"]]
            entries.append(
                SearchEntry(
                    translation_key=uuid.uuid5(uuid.NAMESPACE_URL, record["id"]),
                    kind=kind,
                    identifier=record["id"],
                    source_language=record["source_language"],
                    country=place["country"],
                    region=place["region"],
                    institution="" if kind == "institution" else record["institution"],
                    audience=",".join(record.get("audience", [])),
                    online="online" in record.get("channels", []),
                )
            )
        SearchEntry.objects.bulk_create(entries)
        versions, postings = [], []
        for entry, (kind, record, title_field) in zip(entries, chunk, strict=True):
            weights = {}
            for language in LANGUAGES:
                translated = language in record[title_field]
                shown = language if translated else record["source_language"]
                title = record[title_field][shown]
                summary = (record.get("summary") or record.get("description") or {}).get(shown, "")
                versions.append(
                    SearchEntryVersion(
                        entry=entry,
                        language=language,
                        page_id=root,
                        title=title,
                        url=f"/{language}/{kind}s/{record['id']}/",
                        text=summary,
                        translated=translated,
                    )
                )
                if translated:
                    for weight, text in ((1, summary), (4, title)):
                        for key in document_keys(text, language):
                            weights[key] = max(weights.get(key, 0), weight)
            postings += [SearchPosting(entry=entry, key=key, weight=weight) for key, weight in weights.items()]
        SearchEntryVersion.objects.bulk_create(versions)
        SearchPosting.objects.bulk_create(postings, batch_size=10_000)
    index_changed()


def index_on_node(overrides):
    """Send every entry of the database's index to a new index on the node; print time and size."""
    from django.test.utils import override_settings

    from search.engine import search_engine
    from search.models import SearchEntry

    with override_settings(**overrides):
        engine = search_engine()
        keys = [str(key) for key in SearchEntry.objects.values_list("translation_key", flat=True)]
        started = time.perf_counter()
        with engine.rebuilding():
            for start in range(0, len(keys), 2000):
                engine.index_entries(keys[start : start + 2000])
        elapsed = time.perf_counter() - started
        stats = engine.client.client.indices.stats(index=engine.alias)["_all"]["primaries"]
        print(
            f"Index on the node: {len(keys)} entries in {elapsed:.1f} s, "
            f"{stats['store']['size_in_bytes'] / 2**20:.1f} MB ({stats['docs']['count']} documents)"
        )


def drop_node_indexes(overrides):
    from django.test.utils import override_settings

    from search.engine import search_engine

    with override_settings(**overrides):
        search_engine().client.drop_prefixed(overrides["ELASTICSEARCH_INDEX"])


def measure_engine(name, options):
    from django.test import Client

    client = Client()
    started = time.perf_counter()
    client.get("/api/search/", {"q": "удостоверение", "lang": "bg"})
    print(f"\n== {name} ==")
    print(f"First search (loads the engine's snapshot of the index): {(time.perf_counter() - started) * 1000:.0f} ms")
    for path, params in (
        ("/api/search/", {"q": "паспорт", "lang": "bg"}),
        ("/api/search/suggest/", {"q": "па", "lang": "bg"}),
    ):
        measure(client, path, params, 3)  # warm-up

    print(f"\n{'':<26}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'mean hits':>11}")
    all_search, per_query = [], []
    for kind, queries in SEARCHES.items():
        samples, totals = [], []
        for query, lang, extra in queries:
            params = {"q": query, "lang": lang, **extra}
            query_samples = measure(client, "/api/search/", params, options.repeat)
            per_query.append((percentile(query_samples, 0.95), "search", params))
            samples += query_samples
            totals.append(client.get("/api/search/", params).json()["total"])
        all_search += samples
        print(_row(f"search {kind}", samples, statistics.mean(totals)))
    print(_row("search, all", all_search))
    suggest = []
    for query, lang in SUGGESTS:
        params = {"q": query, "lang": lang}
        query_samples = measure(client, "/api/search/suggest/", params, options.repeat)
        per_query.append((percentile(query_samples, 0.95), "suggest", params))
        suggest += query_samples
    print(_row("suggest", suggest))
    for endpoint in ("search", "suggest"):
        slowest = sorted((row for row in per_query if row[1] == endpoint), key=lambda row: -row[0])[:3]
        print(f"Slowest {endpoint} queries (p95): " + "; ".join(f"{params} {p95:.0f} ms" for p95, _, params in slowest))
    print(f"Load average (1, 5, 15 min) at the end: {', '.join(f'{load:.1f}' for load in os.getloadavg())}")

    search_p95, suggest_p95 = percentile(all_search, 0.95), percentile(suggest, 0.95)
    search_goal, suggest_goal = (NODE_SEARCH_GOAL_MS, NODE_SUGGEST_GOAL_MS) if name == "node" else (
        SEARCH_GOAL_MS,
        SUGGEST_GOAL_MS,
    )
    print(
        f"Goals ({name}): search p95 ≤ {search_goal} ms: {search_p95:.0f} ms "
        f"{'met' if search_p95 <= search_goal else 'NOT met'}; suggest p95 ≤ {suggest_goal} ms: "
        f"{suggest_p95:.0f} ms {'met' if suggest_p95 <= suggest_goal else 'NOT met'}"
    )


def _row(label, samples, hits=None):
    hits_column = f"{hits:>11.0f}" if hits is not None else ""
    return (
        f"{label:<26}{len(samples):>9}{percentile(samples, 0.5):>9.1f}{percentile(samples, 0.95):>9.1f}"
        f"{max(samples):>9.1f}{hits_column}"
    )


if __name__ == "__main__":
    main()
