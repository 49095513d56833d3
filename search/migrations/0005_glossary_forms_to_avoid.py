"""The forms a glossary term replaces, per language; the shipped terms get theirs.

glossary_names.json (names of institutions and partners, the language review's terms) is
shipped in a file of its own (see load_glossary); its terms are added here as 0002 added the
seed's.
"""

import json
from pathlib import Path

from django.db import migrations, models

SEED = Path(__file__).resolve().parent.parent / "glossary_seed.json"
NAMES = Path(__file__).resolve().parent.parent / "glossary_names.json"
AVOID_HELP = (
    "One per line: older, wrong or calqued forms that this term replaces. "
    "check_terminology reports them wherever the site's texts still use them."
)


def fill_forms_to_avoid(apps, schema_editor):
    """The shipped notes and forms to avoid, and the names' terms.

    Terms still as shipped (all three languages equal) get the note and forms into empty
    fields only, so what translators changed stays as they left it.
    """
    GlossaryTerm = apps.get_model("search", "GlossaryTerm")
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    names = json.loads(NAMES.read_text(encoding="utf-8"))
    for item in seed + names:
        fields = {f"avoid_{language}": "\n".join(forms) for language, forms in item.get("avoid", {}).items()}
        if item.get("note"):
            fields["note"] = item["note"]
        terms = GlossaryTerm.objects.filter(term_bg=item["bg"], term_ro=item["ro"], term_en=item["en"])
        if item in names and not terms.exists():
            GlossaryTerm.objects.create(term_bg=item["bg"], term_ro=item["ro"], term_en=item["en"], **fields)
            continue
        for term in terms:
            changed = [field for field, value in fields.items() if value and not getattr(term, field)]
            for field in changed:
                setattr(term, field, fields[field])
            if changed:
                term.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_node_backlog")]

    operations = [
        migrations.AddField(
            model_name="glossaryterm",
            name="avoid_bg",
            field=models.TextField(blank=True, help_text=AVOID_HELP, verbose_name="Bulgarian forms to avoid"),
        ),
        migrations.AddField(
            model_name="glossaryterm",
            name="avoid_ro",
            field=models.TextField(blank=True, help_text=AVOID_HELP, verbose_name="Romanian forms to avoid"),
        ),
        migrations.AddField(
            model_name="glossaryterm",
            name="avoid_en",
            field=models.TextField(blank=True, help_text=AVOID_HELP, verbose_name="English forms to avoid"),
        ),
        migrations.RunPython(fill_forms_to_avoid, migrations.RunPython.noop),
    ]
