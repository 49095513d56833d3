"""``load_glossary [FILE]``: add the terms of a glossary file that the glossary lacks.

The file is a JSON list of {"bg", "ro", "en"} objects (default: the seed glossary shipped with
the search app). Existing terms are matched on all three languages and left alone, so
translators' corrections survive and running it again adds nothing. The whole file is
checked before anything is written.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search.engine import index_changed
from search.models import GlossaryTerm

SEED = Path(__file__).resolve().parents[2] / "glossary_seed.json"
LANGUAGES = ("bg", "ro", "en")


def read_glossary(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path}: not a JSON file ({error})") from error
    if not isinstance(data, list):
        raise CommandError(f"{path}: expected a list of terms")
    problems = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            problems.append(f"[{index}]: expected an object with bg, ro and en")
            continue
        for language in LANGUAGES:
            value = item.get(language)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"[{index}].{language}: required, a non-empty string")
            elif len(value) > 200:
                problems.append(f"[{index}].{language}: longer than 200 characters")
    if problems:
        raise CommandError(f"{path}: nothing was loaded:\n" + "\n".join(problems))
    return [{language: item[language].strip() for language in LANGUAGES} for item in data]


@transaction.atomic
def load_glossary(path=SEED):
    terms = read_glossary(path)
    existing = set(GlossaryTerm.objects.values_list("term_bg", "term_ro", "term_en"))
    new = [
        GlossaryTerm(term_bg=term["bg"], term_ro=term["ro"], term_en=term["en"])
        for term in terms
        if (term["bg"], term["ro"], term["en"]) not in existing
    ]
    GlossaryTerm.objects.bulk_create(new)
    if new:
        index_changed()
    return len(new), len(terms) - len(new)


class Command(BaseCommand):
    help = "Add the terms of a glossary file (default: the seed glossary) that the search glossary lacks."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SEED))

    def handle(self, file, **options):
        added, present = load_glossary(file)
        self.stdout.write(f"Glossary: {added} terms added, {present} already present")
