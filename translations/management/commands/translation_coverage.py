"""Print the translation coverage totals, or write every row as CSV (for reports and cron)."""

import csv

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from translations import coverage
from translations.forms import type_label

CSV_HEADER = [
    "id",  # of the source page, or of the source snippet (see "model")
    "title",
    "content_type",
    "institution",
    "source_language",
    "language",
    "state",
    "translated",
    "segments",
    "model",
]


class Command(BaseCommand):
    help = "Translation coverage: totals per language and content type, or every row as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--language", help="only this language (bg, ro, en)")
        parser.add_argument(
            "--csv", dest="csv_path", metavar="FILE", help="write every row to FILE ('-': standard output)"
        )

    def handle(self, *args, language=None, csv_path=None, **options):
        codes = [code for code, _name in settings.LANGUAGES]
        if language and language not in codes:
            raise CommandError(f"Unknown language {language!r}: choose one of {', '.join(codes)}.")
        result = coverage.compute()
        rows = [row for row in result.rows if not language or row.language == language]
        labels = {pk: type_label(content_type) for pk, content_type in result.content_types.items()}
        if csv_path:
            coverage.attach_titles(rows, result.institutions)
        if csv_path == "-":
            self._write_csv(self.stdout, rows, labels)
        elif csv_path:
            with open(csv_path, "w", newline="", encoding="utf-8") as stream:
                self._write_csv(stream, rows, labels)
            self.stdout.write(f"Wrote {len(rows)} rows to {csv_path}.")
        else:
            self._write_totals(result, rows, labels, language)

    def _write_csv(self, stream, rows, labels):
        writer = csv.writer(stream)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(
                [
                    row.source_id,
                    row.title,
                    labels.get(row.content_type_id, ""),
                    row.institution_title,
                    row.source_language,
                    row.language,
                    row.state,
                    row.translated,
                    row.segments,
                    row.snippet_model or "wagtailcore.page",
                ]
            )

    def _write_totals(self, result, rows, labels, language):
        states = list(coverage.STATES)
        by_language, by_type, overall = coverage.totals(rows, [language] if language else result.languages)
        lines = [(code, counts) for code, counts in by_language.items()]
        lines += sorted(((labels.get(pk, str(pk)), counts) for pk, counts in by_type.items()), key=lambda line: line[0])
        lines.append(("all", overall))
        self.stdout.write(f"{'':32}" + "".join(f"{state:>13}" for state in states) + f"{'total':>8}")
        for name, counts in lines:
            self.stdout.write(
                f"{name[:32]:32}" + "".join(f"{counts[state]:>13}" for state in states) + f"{counts.total():>8}"
            )
