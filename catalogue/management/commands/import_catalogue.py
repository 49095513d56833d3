import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.exchange_format import CatalogueFileError, parse
from catalogue.importer import CatalogueImporter


class Command(BaseCommand):
    help = (
        "Import institutions and services from a catalogue file in the exchange format "
        "(docs/catalogue-exchange-format.md). The whole file is validated first; nothing is "
        "written unless it is valid, and the import runs in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the JSON catalogue file, or - for standard input.")
        parser.add_argument("--draft", action="store_true", help="Save new revisions as drafts instead of publishing.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report what would change; write nothing.")

    def handle(self, *args, file, draft, dry_run, verbosity, **options):
        try:
            # Bytes: the size, depth and record count are checked before the file is decoded.
            raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None

        def progress(done, total):
            if verbosity >= 1 and total >= 50 and (done % 50 == 0 or done == total):
                self.stderr.write(f"  {done}/{total} records", ending="\r" if done < total else "\n")

        try:
            importer = CatalogueImporter(parse(raw), publish=not draft, progress=progress)
            report = importer.run(dry_run=dry_run)
        except CatalogueFileError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(error.problems)} problem(s) found; nothing was imported.") from None
        prefix = "Dry run, nothing written — would import: " if dry_run else "Imported: "
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
