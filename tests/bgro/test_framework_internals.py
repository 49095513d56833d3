"""Contract tests of bgro.framework_internals: the private behaviour of Django, Wagtail,
django-treebeard and wagtail-localize that the project relies on, checked against the public
path that produces the same thing. A failure here after an upgrade names the function to fix
before the new release may be pinned (see the module's docstring)."""

import re
from pathlib import Path

import pytest
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, ReferenceIndex
from wagtail_localize.models import LocaleSynchronization, String, Template, TranslationSource

from bgro import framework_internals as internals
from bgro.models import StandardPage
from tests.factories import ImageFactory, StandardPageFactory, body_stream

ROOT = Path(__file__).resolve().parents[2]


# --- the fence itself ---


def test_installed_releases_are_the_checked_ones():
    assert internals.release_mismatches() == []
    assert [message for message in checks.run_checks() if message.id == "bgro.E001"] == []


def test_another_release_stops_the_system_check(monkeypatch):
    monkeypatch.setitem(internals.CHECKED_AGAINST, "django-treebeard", "4.7")
    errors = internals.check_checked_releases()
    assert [error.id for error in errors] == ["bgro.E001"]
    assert errors[0].msg.startswith("django-treebeard 5.3.")
    assert "checked against 4.7.x" in errors[0].msg


def test_the_pins_in_pyproject_match_checked_against():
    pyproject = (ROOT / "pyproject.toml").read_text()
    for distribution, checked in internals.CHECKED_AGAINST.items():
        major, minor = checked.split(".")
        assert f'"{distribution}>={checked},<{major}.{int(minor) + 1}"' in pyproject, distribution


PRIVATE_USE = re.compile(
    r"from wagtail_localize\.(segments|strings|synctree|views)\b"
    r"|\b(Page|MP_Node|String|TranslationContext|Template|ReferenceIndex)\._(?!meta\b|base_manager\b|default_manager\b)[a-z]"
    r"|\._base_manager\._insert|\b_state\.(adding|db)\b|\.set_cached_value\(|get_parent_list\("
)


def test_no_private_call_outside_the_fence():
    offenders = []
    for directory in ("site", "catalogue", "translations", "home", "news", "search", "backup", "jobs", "tests", "benchmarks", "bin"):
        for path in (ROOT / directory).rglob("*.py"):
            if path.name == "framework_internals.py" or path.name == Path(__file__).name or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if PRIVATE_USE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


# --- django-treebeard ---


def test_child_path_is_treebeards_numbering():
    parent = Page(path="00010002", depth=2)
    assert internals.child_path(parent, 1) == "000100020001"
    assert internals.child_path(parent, 36) == "000100020010"  # base 36, four characters a level
    assert internals.child_path(parent, 36**4 - 1) == "00010002ZZZZ"
    assert internals.last_step("000100020010") == 36
    assert internals.last_step("00010002ZZZZ") == 36**4 - 1


@pytest.mark.django_db
def test_child_path_is_where_add_child_puts_the_next_child(home_pages):
    home = home_pages["bg"]
    first = StandardPageFactory(parent=home, aliases=False)
    expected = internals.child_path(home, internals.last_step(first.path) + 1)
    second = StandardPageFactory(parent=home, aliases=False)
    assert second.path == expected
    assert second.depth == home.depth + 1


# --- Django ---


@pytest.mark.django_db
def test_own_table_rows_make_whole_saved_instances(home_pages, locales):
    home = Page.objects.get(pk=home_pages["bg"].pk)
    pages = []
    for number in (1, 2, 3):
        page = StandardPage(title=f"Bulk {number}", slug=f"bulk-{number}", locale=locales["bg"], introduction="x")
        page.path = internals.child_path(home, home.numchild + number)
        page.depth, page.numchild, page.url_path = home.depth + 1, 0, f"{home.url_path}bulk-{number}/"
        pages.append(page)
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    internals.insert_own_table_rows(StandardPage, pages, batch_size=2)
    assert all(not page._state.adding and page._state.db == "default" for page in pages)
    assert list(StandardPage.objects.filter(pk__in=[page.pk for page in pages]).values_list("title", flat=True)) == [
        "Bulk 1",
        "Bulk 2",
        "Bulk 3",
    ]
    # Saved as existing rows: an UPDATE, not a second INSERT.
    pages[0].introduction = "changed"
    pages[0].save(update_fields=["introduction"])
    assert StandardPage.objects.get(pk=pages[0].pk).introduction == "changed"


@pytest.mark.django_db
def test_a_cached_relation_is_copied_without_a_query(home_pages):
    page = StandardPage.objects.select_related("locale").get(pk=StandardPageFactory(parent=home_pages["bg"]).pk)
    copy = StandardPage(locale_id=page.locale_id)  # as _fresh_copy: the id first, then the object
    field = StandardPage._meta.get_field("locale")
    internals.copy_cached_relation(field, page, copy)
    with CaptureQueriesContext(connection) as queries:
        assert copy.locale.language_code == "bg"
    assert len(queries) == 0
    # Not held: nothing is set, the copy reads it when asked.
    uncached, other = StandardPage.objects.get(pk=page.pk), StandardPage()
    internals.copy_cached_relation(field, uncached, other)
    assert not field.is_cached(other)


def test_parent_models_are_the_multi_table_ancestors():
    assert internals.parent_models(StandardPage) == [Page]
    assert internals.parent_models(Page) == []


# --- Wagtail's reference index ---


@pytest.mark.django_db
def test_references_are_those_wagtail_records(home_pages):
    image = ImageFactory()
    page = StandardPageFactory(parent=home_pages["bg"], body=body_stream(image=image), aliases=False)
    ReferenceIndex.create_or_update_for_object(page)
    recorded = ReferenceIndex.objects.filter(object_id=str(page.pk))
    assert set(recorded.values_list("to_content_type_id", "to_object_id", "model_path", "content_path")) == set(
        internals.references_of(page)
    )
    assert recorded.filter(to_object_id=str(image.pk)).exists()
    for row in recorded:
        assert internals.content_path_hash(row.content_path) == row.content_path_hash


# --- wagtail-localize ---


@pytest.fixture
def source(home_pages):
    """A page with plain text, rich text (a template) and a struct block, made a TranslationSource
    the public way."""
    page = StandardPageFactory(parent=home_pages["bg"], aliases=False).specific
    translation_source, _created = TranslationSource.update_or_create_from_instance(page)
    return page, translation_source


@pytest.mark.django_db
def test_row_keys_are_the_ones_wagtail_localize_computes(source):
    page, translation_source = source
    string_segments = translation_source.stringsegment_set.select_related("string", "context")
    assert string_segments.count() >= 4
    for segment in string_segments:
        assert internals.string_data_hash(segment.string.data) == segment.string.data_hash
        assert internals.context_path_id(segment.context.path) == segment.context.path_id
    templates = Template.objects.filter(segments__source=translation_source).distinct()
    assert templates.exists()
    for template in templates:
        assert internals.template_uuid(template.template_format, template.template) == template.uuid
    assert internals.schema_version("bgro") == translation_source.schema_version
    # A lookup by the computed hash finds the String from_value made.
    data = string_segments[0].string.data
    assert String.objects.get(data_hash=internals.string_data_hash(data), locale=page.locale).data == data


@pytest.mark.django_db
def test_field_path_is_computed_without_writing(source):
    page, translation_source = source
    for segment in translation_source.stringsegment_set.select_related("context"):
        saved = segment.context
        fresh = type(saved)(object_id=saved.object_id, path=saved.path, path_id=saved.path_id)
        with CaptureQueriesContext(connection) as queries:
            assert internals.context_field_path(fresh, page) == saved.get_field_path(page)
        assert fresh.pk is None
        assert not [query for query in queries if not query["sql"].lstrip().upper().startswith("SELECT")]
        assert "save" not in vars(fresh)


@pytest.mark.django_db
def test_extracted_segments_ingest_into_a_translation(source, locales):
    page, _translation_source = source
    segments = internals.extract_segments(page)
    strings = [segment for segment in segments if isinstance(segment, internals.StringSegmentValue)]
    translated = [
        internals.StringSegmentValue(
            segment.path, internals.StringValue(f"RO {segment.string.data}"), attrs=segment.attrs
        ).with_order(segment.order)
        if isinstance(segment, internals.StringSegmentValue)
        else segment
        for segment in segments
        if isinstance(segment, internals.StringSegmentValue | internals.TemplateSegmentValue)
    ]
    target = StandardPage.objects.get(pk=page.pk)
    internals.ingest_segments(page, target, locales["bg"], locales["ro"], translated)
    assert target.title == f"RO {page.title}"
    assert {segment.path for segment in strings} >= {"title", "listing_summary"}
    assert any("RO " in str(block.value) for block in target.body)


@pytest.mark.django_db
def test_tree_synchronisation_makes_the_aliases(home_pages, locales):
    page = StandardPageFactory(parent=home_pages["bg"], aliases=False)
    assert not page.get_translations().exists()
    internals.synchronise_trees(LocaleSynchronization.objects.select_related("locale", "sync_from"))
    assert {alias.locale.language_code for alias in page.get_translations()} == {"ro", "en"}
    assert all(alias.alias_of_id == page.pk for alias in page.get_translations())

    other = StandardPageFactory(parent=home_pages["bg"], aliases=False)
    internals.create_aliases_for_new_page(other)
    assert other.get_translations().count() == 2


@pytest.mark.django_db
def test_the_submit_views_build_a_form_with_a_locales_field(rf, home_pages, admin_user):
    # translations.submission narrows the "locales" queryset of the form get_form() returns.
    page = StandardPageFactory(parent=home_pages["bg"], aliases=False)
    request = rf.get("/")
    request.user = admin_user
    view = internals.SubmitPageTranslationView()
    view.setup(request, page_id=page.pk)
    view.object = page
    form = view.get_form()
    assert {locale.language_code for locale in form.fields["locales"].queryset} == {"ro", "en"}
    assert issubclass(internals.SubmitSnippetTranslationView, type(view).__mro__[1])


# --- Wagtail: the site and the route of a request (pagecache.routes) ---


@pytest.mark.django_db
def test_wagtail_reads_back_the_site_and_route_given_to_a_request(rf, home_pages, django_assert_num_queries):
    from wagtail.models import Site

    page = StandardPageFactory(parent=home_pages["bg"], aliases=False)
    site = Site.objects.get(is_default_site=True)
    request = rf.get(page.get_url())
    internals.give_request_its_site(request, site)
    internals.give_request_its_route(request, (page, [], {}))
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site
        assert Page.route_for_request(request, "anything/") == (page, [], {})
        assert Page.find_for_request(request, "anything/") is page
