"""Translatable snippets (life events) on the coverage dashboard and in the outdated/notice path,
driven through wagtail-localize's snippet views and Wagtail's snippet edit view."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation as django_translation
from wagtail_localize.models import StringSegment, Translation

from catalogue.models import LifeEvent
from tests.factories import (
    LifeEventFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    translate_snippet,
)
from tests.translations.test_workflow import coverage, put_segment
from translations.coverage import translatable_snippet_models
from translations.forms import type_label

pytestmark = pytest.mark.django_db

LABEL = "catalogue.lifeevent"


def edit_url(snippet):
    return reverse("wagtailsnippets_catalogue_lifeevent:edit", args=[snippet.pk])


def submit_snippet(client, snippet, *locales):
    return client.post(
        reverse("wagtail_localize:submit_snippet_translation", args=["catalogue", "lifeevent", snippet.pk]),
        {"locales": [locale.pk for locale in locales]},
    )


def edit_snippet(client, snippet, django_capture_on_commit_callbacks, **changes):
    """An editor saves the snippet in Wagtail's snippet edit view."""
    data = {
        "name": snippet.name,
        "slug": snippet.slug,
        "description": snippet.description,
        "icon": snippet.icon,
        "sort_order": snippet.sort_order,
        **changes,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(snippet), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response


def test_life_events_are_the_translatable_snippets_and_the_glossary_is_not():
    labels = [model._meta.label_lower for model in translatable_snippet_models()]
    assert LABEL in labels
    assert "search.glossaryterm" not in labels


def test_snippet_rows_states_titles_links_and_totals(client, home_pages, locales, administrator):
    translated = LifeEventFactory(name="Раждане на дете", slug="having-a-child")
    romanian = translate_snippet(translated, locales["ro"], name="Nașterea unui copil")
    submitted = LifeEventFactory(name="Започване на бизнес", slug="starting-a-business")
    # A life event written in Romanian: its rows are Bulgarian and English.
    written_in_romanian = LifeEventFactory(name="Mutarea peste Dunăre", slug="moving", locale=locales["ro"])
    client.force_login(administrator)
    assert submit_snippet(client, submitted, locales["en"]).status_code == 302
    english = submitted.get_translation(locales["en"])

    rows = coverage(client)
    assert rows[((LABEL, translated.pk), "ro")] == {
        **rows[((LABEL, translated.pk), "ro")],
        "state": "up_to_date",
        "title": "Раждане на дете",
    }
    assert rows[((LABEL, translated.pk), "ro")]["link"].endswith(edit_url(romanian))
    missing = rows[((LABEL, translated.pk), "en")]
    assert missing["state"] == "missing"
    assert missing["link"].endswith(
        reverse("wagtail_localize:submit_snippet_translation", args=["catalogue", "lifeevent", translated.pk])
        + "?select_locale=en"
    )
    in_progress = rows[((LABEL, submitted.pk), "en")]
    segments = StringSegment.objects.filter(source__object_id=submitted.translation_key).count()
    # A life event has no draft: its translation is live at once, in Bulgarian until translated.
    assert in_progress == {**in_progress, "state": "partial", "done": 0, "total": segments}
    assert segments == 2  # name and description; slug, icon and position are synchronised
    assert in_progress["link"].endswith(edit_url(english))
    assert {language for (key, language) in rows if key == (LABEL, written_in_romanian.pk)} == {"bg", "en"}
    assert len([key for key in rows if isinstance(key[0], tuple)]) == 6  # three life events × two languages

    # The content type filter and the totals per content type.
    life_event_type = ContentType.objects.get_for_model(LifeEvent).pk
    only = coverage(client, content_type=life_event_type)
    assert set(only) == {key for key in rows if isinstance(key[0], tuple)}
    response = client.get(reverse("translations_coverage"))
    with django_translation.override("bg"):
        label = type_label(ContentType.objects.get_for_model(LifeEvent))
    by_type = {name: (counts, total) for name, counts, total in response.context["type_totals"]}
    assert by_type[label] == ([4, 0, 1, 0, 1], 6)  # missing, in progress, published in part, outdated, up to date
    html = response.content.decode()
    assert "Раждане на дете" in html and edit_url(translated) in html

    # Institutions are the services' business: under that filter no snippet is listed.
    index = ServiceIndexPageFactory(parent=home_pages["bg"])
    service = ServicePageFactory(parent=index)
    by_institution = coverage(client, institution=str(service.institution.translation_key))
    assert by_institution and not any(isinstance(key[0], tuple) for key in by_institution)


def test_a_changed_life_event_is_outdated_until_synchronised(
    client, home_pages, locales, administrator, translator_ro, mailoutbox, django_capture_on_commit_callbacks
):
    life_event = LifeEventFactory(name="Пенсиониране", slug="retiring", description="Когато спрете да работите.")
    client.force_login(administrator)
    assert submit_snippet(client, life_event, locales["ro"]).status_code == 302
    translation = Translation.objects.get(source__object_id=life_event.translation_key, target_locale=locales["ro"])
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        assert put_segment(client, translation, segment, f"RO {segment.string.data}").status_code == 201
    assert coverage(client)[((LABEL, life_event.pk), "ro")]["state"] == "up_to_date"

    # Saving it unchanged changes nothing and tells no one.
    edit_snippet(client, life_event, django_capture_on_commit_callbacks)
    assert coverage(client)[((LABEL, life_event.pk), "ro")]["state"] == "up_to_date"
    assert mailoutbox == []

    edit_snippet(client, life_event, django_capture_on_commit_callbacks, name="Пенсиониране и пенсия")
    assert coverage(client)[((LABEL, life_event.pk), "ro")]["state"] == "outdated"
    assert coverage(client)[((LABEL, life_event.pk), "en")]["state"] == "missing"
    assert [message.to for message in mailoutbox] == [[translator_ro.email]]
    message = mailoutbox[0]
    assert "Пенсиониране и пенсия" in message.subject
    assert reverse("wagtail_localize:update_translations", args=[translation.source_id]) in message.body
    assert edit_url(life_event.get_translation(locales["ro"])) in message.body
    assert edit_url(life_event) in message.body

    # Sync: no longer outdated; the new name waits for its translation.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtail_localize:update_translations", args=[translation.source_id]), {})
    assert response.status_code == 302
    row = coverage(client)[((LABEL, life_event.pk), "ro")]
    assert row == {**row, "state": "partial", "done": row["total"] - 1}
    assert len(mailoutbox) == 1


def test_a_changed_slug_is_a_change_too(client, home_pages, locales, administrator, django_capture_on_commit_callbacks):
    """Synchronised fields travel to the translations on a sync, so a change there is one."""
    life_event = LifeEventFactory(slug="old-slug")
    client.force_login(administrator)
    submit_snippet(client, life_event, locales["en"])
    edit_snippet(client, life_event, django_capture_on_commit_callbacks, slug="new-slug")
    assert coverage(client)[((LABEL, life_event.pk), "en")]["state"] == "outdated"
    # Back to what the translation was made from: nothing is outdated any more.
    edit_snippet(client, life_event, django_capture_on_commit_callbacks, slug="old-slug")
    assert coverage(client)[((LABEL, life_event.pk), "en")]["state"] == "partial"


def test_query_count_does_not_depend_on_the_number_of_life_events(client, home_pages, locales, administrator):
    client.force_login(administrator)
    life_event_type = ContentType.objects.get_for_model(LifeEvent).pk

    def count(**query):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("translations_coverage"), query)
        assert response.status_code == 200
        return len(captured.captured_queries)

    def add(number, start):
        for n in range(start, start + number):
            life_event = LifeEventFactory(slug=f"event-{n}")
            if n % 2:
                translate_snippet(life_event, locales["ro"], name=f"RO {n}")

    add(5, 0)
    submit_snippet(client, LifeEvent.objects.filter(locale=locales["bg"]).first(), locales["en"])
    count()  # warms the caches of content types and of the admin's menu
    queries = {
        "html": {},
        "snippets": {"content_type": life_event_type},
        "filtered": {"language": "ro", "state": "missing"},
        "csv": {"export": "csv"},
    }
    few = {name: count(**query) for name, query in queries.items()}
    add(45, 5)
    many = {name: count(**query) for name, query in queries.items()}
    assert few == many
    assert len(coverage(client, content_type=life_event_type)) == 100  # 50 life events × 2 languages
