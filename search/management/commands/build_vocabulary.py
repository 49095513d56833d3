"""``build_vocabulary [--output-dir DIR]``: rebuild the search vocabulary from installed packages.

Reads FreeDict English–Bulgarian, WordNet 3.0, the Romanian WordNet (PyPI rowordnet, for
building only), the Bulgarian and Romanian thesauri and Hunspell dictionaries where their
packages install them, and writes the sorted key pairs (default: the file the site reads,
search/vocabulary/pairs-cc-by-sa.tsv.gz and pairs-gpl.tsv.gz, one file per licence). The same packages give the same file, byte for byte. See
search/vocabulary/README.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search import vocabulary
from search.vocabulary_build import MissingSource, build, counts, write


class Command(BaseCommand):
    help = "Rebuild the search vocabulary (cross-language and synonym key pairs) from installed dictionary packages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=vocabulary.DATA_DIR,
            help=f"where to write the files, one per licence (default {vocabulary.DATA_DIR})",
        )

    def handle(self, *args, output_dir, **options):
        try:
            rows, versions = build(log=lambda message: self.stderr.write(message))
        except MissingSource as error:
            raise CommandError(str(error)) from error
        for licence, part in vocabulary.split_by_licence(rows).items():
            output = output_dir / vocabulary.DATA_FILES[licence].name
            write(part, versions, output)
            self.stdout.write(f"{licence}: {len(part)} rows, {output.stat().st_size:,} bytes: {output}")
        vocabulary.reset()
        for name, version in sorted(versions.items()):
            self.stdout.write(f"{name} {version}")
        for (source, target), count in sorted(counts(rows).items()):
            self.stdout.write(f"{source}→{target}\t{count}")
        self.stdout.write(f"{len(rows)} rows in all")
