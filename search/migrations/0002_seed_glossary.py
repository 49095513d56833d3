"""The glossary starts with the seed terms (search/glossary_seed.json); translators go on from there."""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "glossary_seed.json"


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("search", "GlossaryTerm")
    if GlossaryTerm.objects.exists():
        return
    terms = json.loads(SEED.read_text(encoding="utf-8"))
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term_bg=term["bg"], term_ro=term["ro"], term_en=term["en"]) for term in terms
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
