"""The catalogue importer: validation before writing, one transaction, idempotence, and
translations made through wagtail-localize."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, Revision
from wagtail_localize.models import StringTranslation, Translation

from catalogue.exchange_format import CatalogueFileError, CatalogueValidator, parse
from catalogue.importer import CatalogueImporter
from catalogue.models import InstitutionPage, ServicePage
from tests.factories import ServicePageFactory

CATALOGUE = {
    "format": "bgro-catalogue/1",
    "institutions": [
        {
            "id": "ruse-municipality",
            "type": "municipality",
            "country": "BG",
            "region": "Ruse",
            "source_language": "bg",
            "name": {"bg": "Община Русе", "ro": "Primăria Ruse", "en": "Ruse Municipality"},
            "description": {"bg": "Първи абзац.\n\nВтори абзац.", "ro": "Primul.\n\nAl doilea.", "en": "First.\n\nSecond."},
            "website": "https://www.ruse-bg.eu",
            "location": {"lat": 43.8487, "lon": 25.9534},
        },
        {
            "id": "giurgiu-city-hall",
            "type": "municipality",
            "country": "RO",
            "region": "Giurgiu",
            "source_language": "ro",
            "name": {"ro": "Primăria Municipiului Giurgiu", "bg": "Община Гюргево"},
        },
    ],
    "services": [
        {
            "id": "ruse-birth-certificate",
            "institution": "ruse-municipality",
            "source_language": "bg",
            "audience": ["citizens"],
            "channels": ["in-person", "online"],
            "online_url": "https://egov.bg/",
            "fee": {"amount": "5.00", "currency": "BGN"},
            "digitalisation_level": 3,
            "title": {"bg": "Удостоверение за раждане", "ro": "Certificat de naștere"},
            "summary": {"bg": "Издаване на дубликат.", "ro": "Eliberarea unui duplicat."},
            "documents": {"bg": ["Лична карта", "Заявление"], "ro": ["Carte de identitate", "Cerere"]},
            "steps": {"bg": [{"title": "Подайте заявление", "description": "На гишето."}],
                      "ro": [{"title": "Depuneți cererea", "description": "La ghișeu."}]},
        },
        {
            "id": "giurgiu-building-permit",
            "institution": "giurgiu-city-hall",
            "source_language": "ro",
            "audience": ["citizens", "businesses"],
            "channels": ["in-person"],
            "title": {"ro": "Autorizație de construire"},
        },
    ],
}



def run_import(data, **kwargs):
    return CatalogueImporter(copy.deepcopy(data), **kwargs).run()


def test_source_page_and_translations_go_through_wagtail_localize(sections):
    report = run_import(CATALOGUE)

    assert report.counts[("institution", "new")] == 2
    assert report.counts[("service", "new")] == 2
    source = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="bg")
    romanian = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="ro")
    assert romanian.alias_of_id is None and romanian.live
    assert romanian.title == "Certificat de naștere"
    assert [block.value for block in romanian.required_documents] == ["Carte de identitate", "Cerere"]
    assert romanian.fee_amount == source.fee_amount and romanian.fee_currency == "BGN"
    translation = Translation.objects.get(source__object_id=source.translation_key, target_locale__language_code="ro")
    assert translation.enabled
    assert StringTranslation.objects.filter(locale__language_code="ro", data="Certificat de naștere").exists()
    # The record has no English text: English visitors get the synchronised source, not an empty page.
    english = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="en")
    assert english.alias_of_id == source.pk


def test_romanian_source_record_is_created_in_the_romanian_tree(sections):
    run_import(CATALOGUE)

    source = ServicePage.objects.get(catalogue_id="giurgiu-building-permit", alias_of__isnull=True)
    assert source.locale.language_code == "ro"
    assert source.institution.catalogue_id == "giurgiu-city-hall"
    assert source.institution.locale.language_code == "ro"
    bulgarian = InstitutionPage.objects.get(catalogue_id="giurgiu-city-hall", locale__language_code="bg")
    assert bulgarian.alias_of_id is None and bulgarian.title == "Община Гюргево"


def test_zero_processing_days_of_older_files_import_as_on_the_spot(sections):
    data = copy.deepcopy(CATALOGUE)
    data["services"][1]["processing_days"] = 0

    run_import(data)

    assert ServicePage.objects.get(catalogue_id="giurgiu-building-permit", alias_of__isnull=True).processing_days is None


def test_reimporting_the_same_file_changes_nothing(sections):
    run_import(CATALOGUE)
    pages, revisions = Page.objects.count(), Revision.objects.count()

    report = run_import(CATALOGUE)

    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert {outcome for (_kind, outcome) in report.counts} == {"unchanged"}


def test_a_changed_record_updates_the_page_with_a_new_revision(sections):
    run_import(CATALOGUE)
    changed = copy.deepcopy(CATALOGUE)
    changed["services"][0]["fee"]["amount"] = "7.50"
    changed["services"][0]["title"]["ro"] = "Certificat de naștere (duplicat)"
    page = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="bg")
    revisions = page.revisions.count()

    report = run_import(changed)

    page.refresh_from_db()
    assert report.counts[("service", "updated")] == 1
    assert page.revisions.count() == revisions + 1
    romanian = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="ro")
    assert str(romanian.fee_amount) == "7.50"
    assert romanian.title == "Certificat de naștere (duplicat)"


def test_invalid_file_reports_every_problem_with_its_path_and_writes_nothing(sections):
    bad = copy.deepcopy(CATALOGUE)
    bad["services"][0]["summary"].pop("ro")
    bad["services"][0]["channels"].append("fax")
    bad["services"][1]["institution"] = "nowhere"
    bad["institutions"][0]["website"] = "www.ruse-bg.eu"
    bad["institutions"][1]["id"] = "ruse-municipality"
    pages = Page.objects.count()

    with pytest.raises(CatalogueFileError) as raised:
        run_import(bad)

    problems = raised.value.problems
    assert "services[0].summary.ro: required because the record has a Romanian translation" in problems
    assert any(problem.startswith("services[0].channels[2]: unknown value \"fax\"") for problem in problems)
    assert any(problem.startswith("services[1].institution: unknown institution id \"nowhere\"") for problem in problems)
    assert any(problem.startswith("institutions[0].website:") for problem in problems)
    assert any(problem.startswith("institutions[1].id: duplicate id") for problem in problems)
    assert Page.objects.count() == pages


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["services"][0].update(fee={"amount": 5, "currency": "BGN"}), "services[0].fee.amount:"),
        (lambda d: d["services"][0].update(processing_days="3"), "services[0].processing_days:"),
        (lambda d: d["services"][0].update(processing_days=-1), "services[0].processing_days: must be a whole number of days, 0 or more"),
        (lambda d: d["services"][0].update(digitalisation_level=9), "services[0].digitalisation_level:"),
        (lambda d: d["services"][0]["documents"]["ro"].pop(), "services[0].documents.ro: has 1 items"),
        (lambda d: d["institutions"][0].update(location={"lat": "43", "lon": 25}), "institutions[0].location.lat:"),
        (lambda d: d["institutions"][0].update(region="Giurgiu"), "institutions[0].region:"),
        (lambda d: d["institutions"][0]["name"].pop("bg"), "institutions[0].name.bg: required"),
        (lambda d: d.update(format="other/2"), "format:"),
        (lambda d: d["services"][0].update(colour="blue"), "services[0].colour: unknown field"),
    ],
)
def test_validator_names_the_path_of_each_problem(mutate, expected):
    data = copy.deepcopy(CATALOGUE)
    mutate(data)
    problems = CatalogueValidator(data).validate()
    assert any(problem.startswith(expected) for problem in problems), problems


def test_malformed_json_is_a_message_not_a_traceback():
    with pytest.raises(CatalogueFileError) as raised:
        parse('{"format": ')
    assert raised.value.problems[0].startswith("$: not valid JSON")


def test_a_failure_half_way_leaves_the_site_as_it_was(sections, monkeypatch):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    original = CatalogueImporter._service_values

    def fail_on_second_service(self, record, language, translatable_only=False):
        if record["id"] == "giurgiu-building-permit":
            raise RuntimeError("disk full")
        return original(self, record, language, translatable_only)

    monkeypatch.setattr(CatalogueImporter, "_service_values", fail_on_second_service)
    with pytest.raises(RuntimeError):
        run_import(CATALOGUE)

    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions


def test_dry_run_reports_counts_and_writes_nothing(sections):
    pages = Page.objects.count()
    report = CatalogueImporter(copy.deepcopy(CATALOGUE)).run(dry_run=True)
    assert report.counts[("service", "new")] == 2
    assert Page.objects.count() == pages


def test_draft_import_keeps_new_pages_unpublished(sections):
    run_import(CATALOGUE, publish=False)
    page = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="bg")
    assert not page.live
    assert page.get_latest_revision() is not None


def test_command_exits_non_zero_and_lists_problems(sections, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "bgro-catalogue/1", "services": [{"id": "Bad Id"}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_catalogue", str(path))
    assert "services[0].id: must match" in capsys.readouterr().err


def test_command_imports_a_file(sections, tmp_path, capsys):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(CATALOGUE, ensure_ascii=False), encoding="utf-8")
    call_command("import_catalogue", str(path))
    assert "services: 2 new" in capsys.readouterr().out
    assert ServicePage.objects.filter(catalogue_id="giurgiu-building-permit").count() == 3


def test_aliases_of_untranslated_records_are_live_like_their_source(sections):
    run_import(CATALOGUE)
    aliases = ServicePage.objects.filter(catalogue_id="giurgiu-building-permit", alias_of__isnull=False)
    assert {page.locale.language_code for page in aliases} == {"bg", "en"}
    assert all(page.live for page in aliases)


def test_new_records_written_in_bulk_are_what_wagtail_localize_would_build(sections):
    """New records skip Wagtail's per-page path: the rows must still be wagtail-localize's own.

    Its segments of each source are what its extraction finds (refreshing them changes nothing),
    each translation is complete ("Up to date"), and the page it would build from the
    translation memory reads like the stored translated page.
    """
    run_import(CATALOGUE)

    translations = Translation.objects.select_related("source", "target_locale").filter(
        source__specific_content_type__model__in=["servicepage", "institutionpage"]
    )
    assert translations.count() == 4  # two institutions and one service with one translation each, one with two
    for translation in translations:
        source = translation.source
        segments = sorted(source.stringsegment_set.values_list("pk", "string_id", "context_id", "order"))
        templates = sorted(source.templatesegment_set.values_list("pk", "template_id", "order"))
        source.refresh_segments()
        assert sorted(source.stringsegment_set.values_list("pk", "string_id", "context_id", "order")) == segments
        assert sorted(source.templatesegment_set.values_list("pk", "template_id", "order")) == templates
        total, translated = translation.get_progress()  # the editor's "Up to date"
        assert total == translated > 0

        stored = source.get_translated_instance(translation.target_locale)
        built = source.get_ephemeral_translated_instance(translation.target_locale)
        for name in ("title", "slug", "summary", "description", "name", "address", "required_documents", "steps"):
            if hasattr(stored, name):
                stored_value, built_value = getattr(stored, name), getattr(built, name)
                if hasattr(stored_value, "get_prep_value"):
                    stored_value, built_value = stored_value.get_prep_value(), built_value.get_prep_value()
                assert stored_value == built_value, name


def test_bulk_written_pages_are_whole_wagtail_pages(sections):
    run_import(CATALOGUE)

    assert Page.find_problems() == ([], [], [], [], [])  # treebeard: paths, depths, child counts
    for page in ServicePage.objects.filter(alias_of__isnull=True):
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id
        assert page.get_latest_revision().as_object().title == page.title
        assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"
        assert page.get_url() is not None
    source = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="bg")
    actions = set(PageLogEntry.objects.filter(page=source).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    romanian = source.get_translations().get(locale__language_code="ro")
    assert "wagtail.copy_for_translation" in set(PageLogEntry.objects.filter(page=romanian).values_list("action", flat=True))


def test_a_record_whose_slug_is_taken_is_left_to_wagtails_own_validation(sections):
    index = Page.objects.get(slug="services", locale__language_code="bg").specific
    ServicePageFactory(parent=index, slug="ruse-birth-certificate", catalogue_id="other-service", aliases=False)
    pages = Page.objects.count()

    # The bulk path leaves it to add_child, whose validation refuses the slug; nothing is written.
    with pytest.raises(ValidationError, match="slug"):
        run_import(CATALOGUE)
    assert Page.objects.count() == pages
