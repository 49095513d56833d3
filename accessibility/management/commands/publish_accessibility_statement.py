import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accessibility.models import AccessibilityEvaluation
from accessibility.statement import InvalidResults, validate


class Command(BaseCommand):
    help = (
        "Publishes the accessibility statement from the browser tests' results "
        "(var/accessibility/results-*.json after `pytest -m browser`): the newest file given is "
        "stored, and /<language>/accessibility-statement/ shows it. A file in another shape changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="results files, or directories holding results-*.json")

    def handle(self, *args, paths, **options):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(path.glob("results-*.json"))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or directory")
        if not files:
            raise CommandError(
                f"no results-*.json in {', '.join(paths)}: run the browser tests first (pytest -m browser)"
            )
        candidates = []
        for path in files:
            try:
                results = json.loads(path.read_text(encoding="utf-8"))
                candidates.append((validate(results), path, results))
            except (ValueError, InvalidResults) as error:
                raise CommandError(f"{path}: {error}") from None
        evaluated_at, path, results = max(candidates, key=lambda candidate: candidate[0])
        if AccessibilityEvaluation.objects.filter(evaluated_at=evaluated_at, results=results).exists():
            self.stdout.write(f"The evaluation of {evaluated_at:%Y-%m-%d %H:%M} UTC is already published.")
            return
        AccessibilityEvaluation.objects.create(evaluated_at=evaluated_at, results=results)
        self.stdout.write(
            f"Published the accessibility statement from {path} (evaluated {evaluated_at:%Y-%m-%d %H:%M} UTC)."
        )
