"""Benchmark: import a generated catalogue of N services × 3 languages, then re-import it.

    .venv/bin/python benchmarks/import_catalogue.py --services 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bgro_bench_import .venv/bin/python benchmarks/import_catalogue.py

Uses a throwaway database: a temporary SQLite file unless DATABASE_URL is set. A PostgreSQL
database is dropped and created afresh before the run and dropped after it, so its name must
start with ``bgro_bench`` (a guard against pointing the script at real data). Prints the import
time, the re-import time of the unchanged file, the SQL queries per service and the peak memory
(max RSS) of the process. ``--profile FILE`` writes cProfile statistics of the first import.
Targets (issue 3): import of 10,000 services under 10 minutes and 1 GB; re-import of the
unchanged file under 2 minutes.
"""

import argparse
import cProfile
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

THROWAWAY_PREFIX = "bgro_bench"


def generate(services, per_institution=20):
    institutions = max(1, services // per_institution)
    regions = [("BG", "Ruse"), ("BG", "Vidin"), ("RO", "Giurgiu"), ("RO", "Dolj")]
    catalogue = {"format": "bgro-catalogue/1", "institutions": [], "services": []}
    for number in range(institutions):
        country, region = regions[number % len(regions)]
        source = "bg" if country == "BG" else "ro"
        catalogue["institutions"].append(
            {
                "id": f"institution-{number}",
                "type": "municipality",
                "country": country,
                "region": region,
                "source_language": source,
                "name": {"bg": f"Община {number}", "ro": f"Primăria {number}", "en": f"Municipality {number}"},
                "description": {
                    "bg": f"Описание {number}.",
                    "ro": f"Descriere {number}.",
                    "en": f"Description {number}.",
                },
                "website": f"https://institution-{number}.example.org/",
            }
        )
    for number in range(services):
        institution = catalogue["institutions"][number % institutions]
        catalogue["services"].append(
            {
                "id": f"service-{number}",
                "institution": institution["id"],
                "source_language": institution["source_language"],
                "audience": ["citizens"],
                "channels": ["in-person", "online"],
                "online_url": "https://egov.bg/",
                "fee": {"amount": "5.00", "currency": "EUR"},
                "processing_days": 7,
                "digitalisation_level": 3,
                "title": {"bg": f"Удостоверение {number}", "ro": f"Certificat {number}", "en": f"Certificate {number}"},
                "summary": {
                    "bg": f"Издаване на удостоверение {number}.",
                    "ro": f"Eliberarea certificatului {number}.",
                    "en": f"Issue of certificate {number}.",
                },
                "documents": {
                    "bg": ["Лична карта", "Заявление"],
                    "ro": ["Carte de identitate", "Cerere"],
                    "en": ["Identity card", "Application"],
                },
            }
        )
    return catalogue


@contextmanager
def throwaway_postgres(url):
    """Drop and create the database named in ``url``; drop it again at the end."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    if not name.startswith(THROWAWAY_PREFIX):
        sys.exit(f"The benchmark drops its database: the name must start with {THROWAWAY_PREFIX!r}, not {name!r}.")
    maintenance = urlsplit(url)._replace(path="/postgres").geturl()

    def run(statement):
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(statement)

    run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--profile", metavar="FILE", help="write cProfile statistics of the first import to FILE")
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bgro-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bgro.settings.dev")
    # As in production: with DEBUG on, Django keeps the text of the last 9,000 queries, and
    # bulk inserts make that hundreds of megabytes.
    os.environ.setdefault("DEBUG", "false")
    url = os.environ["DATABASE_URL"]
    database = throwaway_postgres(url) if url.startswith(("postgres:", "postgresql:")) else nullcontext()
    try:
        with database:
            run(options, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(options, workdir):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catalogue.importer import CatalogueImporter, create_catalogue_sections
    from home.models import HomePage

    call_command("migrate", verbosity=0)
    create_catalogue_sections(HomePage.objects.get(locale__language_code="bg"))

    catalogue = generate(options.services)
    path = Path(workdir) / "catalogue.json"
    path.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    print(
        f"Catalogue: {len(catalogue['institutions'])} institutions, {len(catalogue['services'])} services × 3 languages "
        f"({path.stat().st_size / 1e6:.1f} MB), database {connection.vendor}",
        flush=True,
    )

    def progress(done, total):
        if done % 1000 == 0 or done == total:
            print(f"  {done}/{total} records", flush=True)

    profiler = cProfile.Profile() if options.profile else None
    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        if profiler:
            profiler.enable()
        report = CatalogueImporter(json.loads(path.read_text(encoding="utf-8")), progress=progress).run()
        if profiler:
            profiler.disable()
            profiler.dump_stats(options.profile)
    first = time.perf_counter() - started
    print(f"Import:    {first:8.1f} s  ({report.summary()})", flush=True)
    first_queries = queries.count

    queries = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        report = CatalogueImporter(json.loads(path.read_text(encoding="utf-8"))).run()
    second = time.perf_counter() - started
    print(f"Re-import: {second:8.1f} s  ({report.summary()})")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory: {peak_mb:.0f} MB")
    services = options.services
    print(
        f"Per service: {first / services * 1000:.0f} ms import ({first_queries / services:.0f} queries), "
        f"{second / services * 1000:.1f} ms re-import ({queries.count / services:.1f} queries)"
    )
    if services != 10_000:
        print(f"Extrapolated to 10,000 services: {first / services * 10_000 / 60:.1f} min import")


if __name__ == "__main__":
    main()
