"""Benchmark: import a generated catalogue of N services × 3 languages, then re-import it.

    .venv/bin/python benchmarks/import_catalogue.py --services 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bgro_bench .venv/bin/python benchmarks/import_catalogue.py

Uses a throwaway database (a temporary SQLite file unless DATABASE_URL is set; the database
is created by migrate and must be empty). Prints the import time, the re-import time of the
unchanged file and the peak memory (max RSS) of the process. Targets (issue 3): import of
10,000 services under 10 minutes and 1 GB; re-import of the unchanged file under 2 minutes.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]


def generate(services, per_institution=20):
    institutions = max(1, services // per_institution)
    regions = [("BG", "Ruse"), ("BG", "Vidin"), ("RO", "Giurgiu"), ("RO", "Dolj")]
    catalogue = {"format": "bgro-catalogue/1", "institutions": [], "services": []}
    for number in range(institutions):
        country, region = regions[number % len(regions)]
        source = "bg" if country == "BG" else "ro"
        catalogue["institutions"].append({
            "id": f"institution-{number}", "type": "municipality", "country": country, "region": region,
            "source_language": source,
            "name": {"bg": f"Община {number}", "ro": f"Primăria {number}", "en": f"Municipality {number}"},
            "description": {"bg": f"Описание {number}.", "ro": f"Descriere {number}.", "en": f"Description {number}."},
            "website": f"https://institution-{number}.example.org/",
        })
    for number in range(services):
        institution = catalogue["institutions"][number % institutions]
        catalogue["services"].append({
            "id": f"service-{number}", "institution": institution["id"], "source_language": institution["source_language"],
            "audience": ["citizens"], "channels": ["in-person", "online"], "online_url": "https://egov.bg/",
            "fee": {"amount": "5.00", "currency": "EUR"}, "processing_days": 7, "digitalisation_level": 3,
            "title": {"bg": f"Удостоверение {number}", "ro": f"Certificat {number}", "en": f"Certificate {number}"},
            "summary": {"bg": f"Издаване на удостоверение {number}.", "ro": f"Eliberarea certificatului {number}.",
                        "en": f"Issue of certificate {number}."},
            "documents": {"bg": ["Лична карта", "Заявление"], "ro": ["Carte de identitate", "Cerere"],
                          "en": ["Identity card", "Application"]},
        })
    return catalogue


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bgro-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bgro.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Locale

    from bgro.translation import translate_page
    from catalogue.importer import CatalogueImporter
    from catalogue.models import InstitutionIndexPage, ServiceIndexPage
    from home.models import HomePage

    call_command("migrate", verbosity=0)
    home = HomePage.objects.get(locale__language_code="bg")
    for model, slug in ((InstitutionIndexPage, "institutions"), (ServiceIndexPage, "services")):
        index = model(title=slug, slug=slug)
        home.add_child(instance=index)
        index.save_revision().publish()
        for language in ("ro", "en"):
            translate_page(index, Locale.objects.get(language_code=language), {"title": slug, "slug": slug, "introduction": ""})

    catalogue = generate(options.services)
    path = Path(workdir) / "catalogue.json"
    path.write_text(json.dumps(catalogue, ensure_ascii=False), encoding="utf-8")
    print(f"Catalogue: {len(catalogue['institutions'])} institutions, {len(catalogue['services'])} services × 3 languages "
          f"({path.stat().st_size / 1e6:.1f} MB), database {django.db.connection.vendor}")

    started = time.perf_counter()
    report = CatalogueImporter(json.loads(path.read_text(encoding="utf-8"))).run()
    first = time.perf_counter() - started
    print(f"Import:    {first:8.1f} s  ({report.summary()})")
    started = time.perf_counter()
    report = CatalogueImporter(json.loads(path.read_text(encoding="utf-8"))).run()
    second = time.perf_counter() - started
    print(f"Re-import: {second:8.1f} s  ({report.summary()})")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory: {peak_mb:.0f} MB")
    per_service = first / options.services
    print(f"Per service: {per_service * 1000:.0f} ms import, {second / options.services * 1000:.0f} ms re-import; "
          f"extrapolated to 10,000 services: {per_service * 10_000 / 60:.0f} min import")


if __name__ == "__main__":
    main()
