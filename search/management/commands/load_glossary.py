"""``load_glossary [FILE ...]``: add the terms of glossary files that the glossary lacks.

A file is a JSON list of {"bg", "ro", "en"} objects, each optionally with "note" (for
translators) and "avoid" ({"bg": [...], "ro": [...], "en": [...]}: the forms the term replaces,
which check_terminology looks for; a form ending in "*" stands for any ending). Without a file,
the glossary shipped with the search app: glossary_seed.json (the e-government terms) and
glossary_names.json (names of institutions and partners and the terms of the language review).
The names are a file of their own because the search benchmark draws its synthetic texts from
glossary_seed.json, whose figures must stay comparable from run to run.

Existing terms are matched on all three languages and left alone, so translators' corrections
survive and running it again adds nothing; only their empty note and forms-to-avoid fields are
filled from the file. The whole file is checked before anything is written.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search.engine import index_changed
from search.models import GlossaryTerm

SEED = Path(__file__).resolve().parents[2] / "glossary_seed.json"
NAMES = Path(__file__).resolve().parents[2] / "glossary_names.json"
SHIPPED = (SEED, NAMES)
LANGUAGES = ("bg", "ro", "en")


def _avoid_problems(where, avoid):
    if not isinstance(avoid, dict) or set(avoid) - set(LANGUAGES):
        return [f"{where}.avoid: expected an object with bg, ro and/or en lists"]
    problems = []
    for language, forms in avoid.items():
        if not isinstance(forms, list) or not all(isinstance(form, str) and form.strip(" *") for form in forms):
            problems.append(f"{where}.avoid.{language}: expected a list of non-empty strings")
    return problems


def read_json(path):
    """The JSON in the file at ``path``, or a CommandError saying why not."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path}: not a JSON file ({error})") from error


def read_glossary(path):
    data = read_json(path)
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
        if "avoid" in item:
            problems += _avoid_problems(f"[{index}]", item["avoid"])
        if not isinstance(item.get("note", ""), str):
            problems.append(f"[{index}].note: expected a string")
    if problems:
        raise CommandError(f"{path}: nothing was loaded:\n" + "\n".join(problems))
    return [
        {
            **{language: item[language].strip() for language in LANGUAGES},
            "note": item.get("note", "").strip(),
            "avoid": {
                language: [form.strip() for form in item.get("avoid", {}).get(language, [])] for language in LANGUAGES
            },
        }
        for item in data
    ]


def shipped_glossary():
    """The terms of the glossary files shipped with the search app."""
    return [term for path in SHIPPED for term in read_glossary(path)]


def _fill_empty(glossary_term, term):
    """Put the file's note and forms to avoid into the fields a translator left empty."""
    changed = []
    if term["note"] and not glossary_term.note:
        glossary_term.note = term["note"]
        changed.append("note")
    for language in LANGUAGES:
        field = f"avoid_{language}"
        if term["avoid"][language] and not getattr(glossary_term, field):
            setattr(glossary_term, field, "\n".join(term["avoid"][language]))
            changed.append(field)
    return changed


@transaction.atomic
def load_glossary(*paths):
    terms = [term for path in (paths or SHIPPED) for term in read_glossary(path)]
    existing = {(term.term_bg, term.term_ro, term.term_en): term for term in GlossaryTerm.objects.all()}
    new, seen = [], set()
    for term in terms:
        key = (term["bg"], term["ro"], term["en"])
        if key in existing:
            changed = _fill_empty(existing[key], term)
            if changed:
                existing[key].save(update_fields=changed)
        elif key not in seen:
            seen.add(key)
            glossary_term = GlossaryTerm(term_bg=term["bg"], term_ro=term["ro"], term_en=term["en"])
            _fill_empty(glossary_term, term)
            new.append(glossary_term)
    GlossaryTerm.objects.bulk_create(new)
    if new:
        index_changed()
    return len(new), len(terms) - len(new)


class Command(BaseCommand):
    help = (
        "Add the terms of glossary files (default: the glossary shipped with the search app) "
        "that the search glossary lacks."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="file")

    def handle(self, files, **options):
        added, present = load_glossary(*files)
        self.stdout.write(f"Glossary: {added} terms added, {present} already present")
