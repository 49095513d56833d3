"""Three seed terms as the language review has them (D1, RO4, D20): a Romanian primărie is
„общинска администрация“, an institution's opening hours „program cu publicul“, the Bulgarian
property tax „impozit pe proprietățile imobiliare“.

The old pairs stay, with a note saying they are kept for search: the engine links the three
languages of every term, and a visitor who writes „кметство“, „program de funcționare“ or
„impozit pe clădiri“ must still find what they found. On a database made before this change the
preferred terms are added and the old ones get their note (in an empty note field only); a
fresh database has them all from 0002, which reads the seed file as it is now.
"""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "glossary_seed.json"
# (bg, ro, en) of the preferred terms and of the pairs kept for search.
PREFERRED = [
    ("общинска администрация", "primărie", "city hall"),
    ("работно време", "program cu publicul", "opening hours"),
    ("данък върху недвижимите имоти", "impozit pe proprietățile imobiliare", "property tax"),
]
KEPT_FOR_SEARCH = [
    ("кметство", "primărie", "city hall"),
    ("работно време", "program de funcționare", "opening hours"),
    ("данък върху недвижимите имоти", "impozit pe clădiri", "property tax"),
]


def add_review_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("search", "GlossaryTerm")
    if not GlossaryTerm.objects.exists():
        return  # a glossary emptied on purpose stays empty, as 0002 leaves it
    notes = {(item["bg"], item["ro"], item["en"]): item.get("note", "") for item in json.loads(SEED.read_text("utf-8"))}
    for bg, ro, en in PREFERRED:
        GlossaryTerm.objects.get_or_create(
            term_bg=bg, term_ro=ro, term_en=en, defaults={"note": notes.get((bg, ro, en), "")}
        )
    for bg, ro, en in KEPT_FOR_SEARCH:
        GlossaryTerm.objects.filter(term_bg=bg, term_ro=ro, term_en=en, note="").update(
            note=notes.get((bg, ro, en), "")
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_glossary_forms_to_avoid")]

    operations = [migrations.RunPython(add_review_terms, migrations.RunPython.noop)]
