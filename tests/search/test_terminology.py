"""One fixed form per name and term: the forms the glossary replaces stay out of the site's texts.

The forms to avoid come from the glossary itself (the shipped files, and the site's GlossaryTerm
records made from them), never from a list in this module: a translator who adds a form to the
glossary extends these checks.
"""

import io
import json
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.management.commands.check_terminology import demo_files
from search.management.commands.load_glossary import load_glossary, shipped_glossary
from search.models import GlossaryTerm
from search.terminology import find_avoided, json_texts, rules

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
GLOSSARY = shipped_glossary()


def _report(findings):
    return "\n".join(str(finding) for finding in findings)


@pytest.mark.smoke
def test_the_glossary_holds_forms_to_avoid_in_every_language():
    languages = {language for language, *_ in rules(GLOSSARY)}
    assert languages == {"bg", "ro", "en"}


@pytest.mark.smoke
@pytest.mark.parametrize("path", demo_files(), ids=lambda path: path.name)
def test_demo_content_uses_no_form_the_glossary_replaces(path):
    texts = list(json_texts(json.loads(path.read_text(encoding="utf-8")), where=path.name))
    assert {language for language, *_ in texts} == {"bg", "ro", "en"}
    findings = find_avoided(GLOSSARY, texts)
    assert not findings, _report(findings)


@pytest.mark.smoke
@pytest.mark.parametrize("language", ["bg", "ro"])
def test_interface_catalogue_uses_no_form_the_glossary_replaces(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    texts = [
        (language, f"{entry.msgid!r} (line {entry.linenum})", text)
        for entry in catalogue
        if not entry.obsolete
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
    ]
    findings = find_avoided(GLOSSARY, texts)
    assert not findings, _report(findings)


@pytest.mark.smoke
def test_every_form_to_avoid_is_found_in_running_text_of_its_language_only():
    """Each form of the glossary really matches (so the checks above can fail), as whole words."""
    for language, _pattern, form, _fixed_form in rules(GLOSSARY):
        stem = form.rstrip("*")
        written = f"Преди това: {stem.upper()}{'ул' if form.endswith('*') else ''}, после."
        assert find_avoided(GLOSSARY, [(language, "text", written)]), form
        others = [(other, "text", written) for other in ("bg", "ro", "en") if other != language]
        assert all(finding.form != form for finding in find_avoided(GLOSSARY, others)), form
        # Inside a longer word it is another word („цена“ in „оценка“).
        assert not [f for f in find_avoided(GLOSSARY, [(language, "text", f"x{stem}")]) if f.form == form], form


@pytest.mark.smoke
def test_rich_text_is_read_as_the_visitor_reads_it():
    lead_partner = next(term for term in GLOSSARY if term["en"].startswith("Business Support Centre"))
    avoided = lead_partner["avoid"]["en"][0]
    text = f"<p>The <b>{avoided.replace(' ', ' </b>', 1)} &amp; others</p>"
    assert [finding.form for finding in find_avoided([lead_partner], [("en", "p", text)])] == [avoided]
    # Slugs and identifiers are no text: a Romanian slug may keep an older name.
    data = {"slug": {"ro": "podul-calafat-vidin"}, "title": {"ro": "Podul Calafat – Vidin"}}
    assert [where for _language, where, _text in json_texts(data)] == ["title/ro"]


@pytest.mark.django_db
def test_the_sites_glossary_carries_the_forms_and_check_terminology_uses_them(tmp_path):
    """The migrations give the site's glossary the shipped terms and their forms to avoid."""
    for term in GLOSSARY:
        record = GlossaryTerm.objects.get(term_bg=term["bg"], term_ro=term["ro"], term_en=term["en"])
        assert record.forms_to_avoid() == term["avoid"], term["en"]
    output = io.StringIO()
    call_command("check_terminology", stdout=output)
    assert "no form to avoid in 3 files" in output.getvalue()

    # A translator adds a form in the admin: the check reports it where the content uses it.
    term = GlossaryTerm.objects.get(term_en="fee")
    term.avoid_bg += "\nдържавна такса"
    term.save()
    content = tmp_path / "content.json"
    content.write_text(
        json.dumps({"fee": {"bg": "Държавна такса: 5 евро", "ro": "Taxă de stat: 5 euro"}}), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="1 forms to avoid found in 1 files"):
        call_command("check_terminology", str(content), stdout=output)
    assert "fee/bg (bg): „държавна такса“ – use „такса“" in output.getvalue()


@pytest.mark.django_db
def test_load_glossary_fills_only_empty_forms_and_notes(tmp_path):
    term = GlossaryTerm.objects.create(term_bg="скица", term_ro="schiță", term_en="sketch", avoid_ro="schița veche")
    path = tmp_path / "glossary.json"
    path.write_text(
        json.dumps(
            [
                {
                    "bg": "скица",
                    "ro": "schiță",
                    "en": "sketch",
                    "note": "Кадастър.",
                    "avoid": {"bg": ["скица-виза*"], "ro": ["plan"]},
                }
            ]
        ),
        encoding="utf-8",
    )
    assert load_glossary(path) == (0, 1)
    term.refresh_from_db()
    assert term.forms_to_avoid() == {"bg": ["скица-виза*"], "ro": ["schița veche"], "en": []}
    assert term.note == "Кадастър."


@pytest.mark.django_db
def test_load_glossary_refuses_bad_forms_and_writes_nothing(tmp_path):
    path = tmp_path / "glossary.json"
    path.write_text(
        json.dumps([{"bg": "скица", "ro": "schiță", "en": "sketch", "avoid": {"bg": "скица-виза", "de": ["Skizze"]}}]),
        encoding="utf-8",
    )
    before = GlossaryTerm.objects.count()
    with pytest.raises(CommandError, match=r"\[0\]\.avoid"):
        call_command("load_glossary", str(path))
    assert GlossaryTerm.objects.count() == before


@pytest.mark.django_db
def test_translators_see_and_edit_the_forms_to_avoid_in_the_admin(admin_client):
    from django.urls import reverse

    term = GlossaryTerm.objects.get(term_bg="Община Гюргево")
    url = reverse("wagtailsnippets_search_glossaryterm:edit", args=[term.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="avoid_bg"' in page and "Кметство на град Гюргево" in page

    data = {
        **term.terms(),
        "note": term.note,
        "avoid_bg": term.avoid_bg,
        "avoid_ro": "Primăria Giurgiu",
        "avoid_en": "",
    }
    response = admin_client.post(
        url, {f"term_{key}" if key in ("bg", "ro", "en") else key: value for key, value in data.items()}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.forms_to_avoid()["ro"] == ["Primăria Giurgiu"]
