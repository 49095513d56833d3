import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.exporter import CatalogueExporter


class Command(BaseCommand):
    help = "Write the site's institutions and services in the catalogue exchange format (to FILE or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write the JSON file; standard output when omitted.")

    def handle(self, *args, file=None, **options):
        catalogue = CatalogueExporter().export()
        text = json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n"
        if file is None or file == "-":
            sys.stdout.write(text)
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
        self.stderr.write(
            f"Exported {len(catalogue['institutions'])} institutions and {len(catalogue['services'])} services to {file}."
        )
