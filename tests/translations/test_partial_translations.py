"""A translation published with untranslated segments (issue 18): the page says so, marks the
untranslated fields and blocks with the source's language, and the dashboard counts it as
published in part. Checked in the three languages: the Bulgarian source, a Romanian translation
missing its introduction and quote, an English one missing its title."""

import re

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from tests.factories import StandardPageFactory
from tests.translations.test_workflow import coverage

pytestmark = pytest.mark.django_db

NOTICE = {
    "ro": "Unele părți ale acestei pagini nu sunt încă traduse în limba română; ele sunt afișate în limba bulgară.",
    "en": "Parts of this page are not yet translated into English; they are shown in Bulgarian.",
}


def publish_in_part(page, locale, translated, on_commit):
    """Translate the segments of ``page`` whose path ``translated(path)`` accepts, leave the
    others, and publish, as "Publish" in wagtail-localize's segment editor does (it publishes
    when the transaction commits: ``on_commit`` is django_capture_on_commit_callbacks)."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale, enabled=True)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if translated(segment.context.path):
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=f"{locale.language_code.upper()} {segment.string.data}",
            )
    with on_commit(execute=True):
        translation.save_target(publish=True)
    return page.get_translation(locale)


@pytest.fixture
def pages(home_pages, locales, django_capture_on_commit_callbacks):
    on_commit = django_capture_on_commit_callbacks
    page = StandardPageFactory(parent=home_pages["bg"], title="Частично преведена", introduction="Въведение.")
    heading, paragraph, quote = (block.id for block in page.body)
    romanian = publish_in_part(
        page, locales["ro"], lambda path: path in ("title", "slug") or path.split(".")[1:2] in ([heading], [paragraph]),
        on_commit,
    )
    english = publish_in_part(page, locales["en"], lambda path: path != "title", on_commit)
    return {"bg": page, "ro": romanian, "en": english, "blocks": (heading, paragraph, quote)}


def main_content(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<main id="main-content"') : html.index("</main>")]


def test_the_source_has_no_notice_and_no_marking(client, pages):
    main = main_content(client, pages["bg"])
    assert 'class="notice"' not in main
    assert " lang=" not in main


def test_a_romanian_translation_in_part_marks_its_bulgarian_introduction_and_quote(client, pages):
    main = main_content(client, pages["ro"])
    assert NOTICE["ro"] in " ".join(main.split())
    assert '<h1 class="heading-xl">RO Частично преведена</h1>' in main
    assert '<p class="lead" lang="bg">Въведение.</p>' in main
    # The quote block keeps its Bulgarian text and is marked; the translated blocks are not.
    marked = re.findall(r'<div lang="bg">(.*?)</div>\s*(?=<|$)', main, re.S)
    assert len(marked) == 1 and "Услугите стават по-достъпни." in marked[0]
    assert "RO Цели на проекта" in main and main.count('lang="bg"') == 2


def test_an_english_translation_in_part_marks_its_bulgarian_title(client, pages):
    main = main_content(client, pages["en"])
    assert NOTICE["en"] in " ".join(main.split())
    assert '<h1 class="heading-xl" lang="bg">Частично преведена</h1>' in main
    assert '<p class="lead">EN Въведение.</p>' in main
    assert main.count('lang="bg"') == 1


def test_a_fully_translated_page_has_no_notice(client, home_pages, locales, django_capture_on_commit_callbacks):
    page = StandardPageFactory(parent=home_pages["bg"], title="Изцяло преведена")
    romanian = publish_in_part(page, locales["ro"], lambda path: True, django_capture_on_commit_callbacks)
    main = main_content(client, romanian)
    assert 'class="notice"' not in main and " lang=" not in main


def test_the_dashboard_counts_them_as_published_in_part(client, pages, administrator):
    client.force_login(administrator)
    rows = coverage(client)
    page = pages["bg"]
    assert rows[(page.pk, "ro")]["state"] == rows[(page.pk, "en")]["state"] == "partial"
    assert rows[(page.pk, "en")]["done"] == rows[(page.pk, "en")]["total"] - 1



# --- Snippets: a life event's translation is live as soon as it exists (no drafts) ---


@pytest.fixture
def life_event_in_part(home_pages, locales, django_capture_on_commit_callbacks):
    """A life event published in Romanian with its name translated and its description not,
    chosen by a service translated into Romanian."""
    from tests.factories import LifeEventFactory, ServiceIndexPageFactory, ServicePageFactory, translate

    event = LifeEventFactory(name="Пенсиониране", slug="retiring", description="Когато спрете да работите.")
    romanian = publish_in_part(event, locales["ro"], lambda path: path == "name", django_capture_on_commit_callbacks)
    index = ServiceIndexPageFactory(parent=home_pages["bg"], slug="uslugi")
    service = ServicePageFactory(parent=index, title="Пенсия", slug="pensia", life_events=[event])
    for page in (index, service):
        translate(page, locales["ro"])
    return {"event": event, "romanian": romanian, "service": service.get_translation(locales["ro"])}


def test_a_life_event_published_in_part_is_counted_so(client, life_event_in_part, administrator):
    client.force_login(administrator)
    row = coverage(client)[(("catalogue.lifeevent", life_event_in_part["event"].pk), "ro")]
    assert row["state"] == "partial"
    assert row["done"] == row["total"] - 1


def test_a_life_events_untranslated_description_is_marked_and_its_translated_name_is_not(
    client, home_pages, life_event_in_part
):
    assert life_event_in_part["romanian"].description == "Когато спрете да работите."  # the source's text
    home = client.get(home_pages["ro"].url).content.decode()
    assert '<span class="life-event__name">RO Пенсиониране</span>' in home
    assert '<span class="life-event__description" lang="bg">Когато спрете да работите.</span>' in home

    service = main_content(client, life_event_in_part["service"])
    assert re.search(r'<a class="tag-link" href="[^"]*\?life_event=retiring">RO Пенсиониране</a>', service)
