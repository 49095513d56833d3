import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accessibility.models import AccessibilityEvaluation
from accessibility.statement import InvalidResults, validate


def merge_worker_results(parts):
    """One results document from the workers' files: sections joined, the latest date kept."""
    merged = {}
    for part in sorted(parts, key=lambda part: str(part.get("evaluated_at", "")) if isinstance(part, dict) else ""):
        if not isinstance(part, dict):
            raise CommandError("a results file must hold a JSON object")
        for key, value in part.items():
            if key in merged and isinstance(value, dict) and isinstance(merged[key], dict):
                merged[key] = {**merged[key], **value}
            elif key in merged and isinstance(value, list) and isinstance(merged[key], list):
                merged[key] = merged[key] + [item for item in value if item not in merged[key]]
            else:
                merged[key] = value
    return merged


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
        # The suite runs on several workers (pytest-xdist): each writes the sections it ran to
        # results-<worker>.json. The files of one run are merged into one evaluation.
        parts = []
        for path in files:
            try:
                parts.append(json.loads(path.read_text(encoding="utf-8")))
            except ValueError as error:
                raise CommandError(f"{path}: {error}") from None
        results = merge_worker_results(parts)
        path = ", ".join(str(file) for file in files)
        try:
            evaluated_at = validate(results)
        except InvalidResults as error:
            raise CommandError(f"{path}: {error}") from None
        if AccessibilityEvaluation.objects.filter(evaluated_at=evaluated_at, results=results).exists():
            self.stdout.write(f"The evaluation of {evaluated_at:%Y-%m-%d %H:%M} UTC is already published.")
            return
        AccessibilityEvaluation.objects.create(evaluated_at=evaluated_at, results=results)
        self.stdout.write(
            f"Published the accessibility statement from {path} (evaluated {evaluated_at:%Y-%m-%d %H:%M} UTC)."
        )
