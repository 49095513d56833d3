"""A translator's day through wagtail-localize's own views, as the admin drives them.

Submit a page for translation, translate its segments in the segment editor (its API), publish,
see the source change (dashboard: outdated; translators: an e-mail), synchronise, and find a
sentence translated on one page already filled in on the next (translation memory).
"""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from bgro import roles
from tests.factories import StandardPageFactory, translate
from translations import memory

pytestmark = pytest.mark.django_db


def coverage(client, **filters):
    """The dashboard's CSV export as {(page id, language): row}; a snippet's row is under
    {(("app_label.model_name", id), language)} (its id may equal a page's)."""
    response = client.get(reverse("translations_coverage"), {**filters, "export": "csv"})
    assert response.status_code == 200, response.status_code
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    next(reader)
    return {
        (int(line[0]) if line[11] == "wagtailcore.page" else (line[11], int(line[0])), line[5]): {
            "state": line[7],
            "done": int(line[8]),
            "total": int(line[9]),
            "link": line[10],
            "title": line[1],
            "type": line[2],
        }
        for line in reader
    }


def put_segment(client, translation, segment, value):
    return client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        data=urlencode({"value": value}),
        content_type="application/x-www-form-urlencoded",
    )


def submit(client, page, *locales):
    return client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk for locale in locales]},
    )


def publish_source(page, django_capture_on_commit_callbacks, **changes):
    """An editor publishes the source page (the e-mails leave when the transaction commits)."""
    page = Page.objects.get(pk=page.pk).specific
    for name, value in changes.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return page


def test_submit_translate_publish_change_and_sync(
    client, home_pages, locales, translator_ro, translator_en, mailoutbox, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home_pages["bg"], title="Трансгранично сътрудничество")
    client.force_login(translator_ro)
    assert coverage(client)[(page.pk, "ro")]["state"] == "missing"
    assert coverage(client)[(page.pk, "ro")]["link"].endswith(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]) + "?select_locale=ro"
    )

    # Translate this page → Romanian.
    response = submit(client, page, locales["ro"])
    romanian = page.get_translation(locales["ro"])
    assert romanian.alias_of_id is None
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[romanian.pk])
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=locales["ro"])

    # The edit view of the translation is the segment editor.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[romanian.pk]))
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in {template.name for template in response.templates}

    segments = list(StringSegment.objects.filter(source=translation.source).select_related("string", "context"))
    row = coverage(client)[(page.pk, "ro")]
    assert row == {**row, "state": "in_progress", "done": 0, "total": len(segments)}
    assert row["link"].endswith(reverse("wagtailadmin_pages:edit", args=[romanian.pk]))

    first, *others = segments
    assert put_segment(client, translation, first, f"RO {first.string.data}").status_code == 201
    assert coverage(client)[(page.pk, "ro")]["done"] == 1
    for segment in others:
        assert put_segment(client, translation, segment, f"RO {segment.string.data}").status_code == 201

    response = client.post(reverse("wagtailadmin_pages:edit", args=[romanian.pk]), {"action": "publish"})
    assert response.status_code == 302
    romanian.refresh_from_db()
    assert romanian.live and romanian.title == "RO Трансгранично сътрудничество"
    assert coverage(client)[(page.pk, "ro")]["state"] == "up_to_date"
    assert coverage(client)[(page.pk, "en")]["state"] == "missing"

    # The source changes: the Romanian translation is outdated, its translator is told once.
    publish_source(page, django_capture_on_commit_callbacks, title="Трансгранично сътрудничество 2026")
    assert coverage(client)[(page.pk, "ro")]["state"] == "outdated"
    assert [message.to for message in mailoutbox] == [[translator_ro.email]]
    message = mailoutbox[0]
    assert "Трансгранично сътрудничество 2026" in message.subject
    assert reverse("wagtail_localize:update_translations", args=[translation.source_id]) in message.body
    assert reverse("wagtailadmin_pages:edit", args=[romanian.pk]) in message.body

    # Republishing without a change sends nothing and changes no state.
    publish_source(page, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert coverage(client)[(page.pk, "ro")]["state"] == "outdated"

    # Sync translated pages: no longer outdated; the new title waits for its translation.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[translation.source_id]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    row = coverage(client)[(page.pk, "ro")]
    # The sync published the page with its new title in Bulgarian: visitors see it, so it is
    # published in part (issue 18), not a draft in progress.
    assert row["state"] == "partial"
    assert row["done"] == row["total"] - 1  # the new title; the other segments kept their translations


def test_the_sync_of_an_unchanged_source_leaves_it_up_to_date(
    client, home_pages, locales, administrator, django_capture_on_commit_callbacks, mailoutbox
):
    page = StandardPageFactory(parent=home_pages["bg"])
    client.force_login(administrator)
    submit(client, page, locales["ro"])
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=locales["ro"])
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        put_segment(client, translation, segment, segment.string.data)
    publish_source(page, django_capture_on_commit_callbacks, title="Нов заглавие")
    assert coverage(client)[(page.pk, "ro")]["state"] == "outdated"
    # Reverting the edit before anyone synchronised: nothing is outdated any more.
    publish_source(page, django_capture_on_commit_callbacks, title=page.title)
    assert coverage(client)[(page.pk, "ro")]["state"] == "up_to_date"
    assert mailoutbox == []  # nobody translates into Romanian in this test


def test_submit_to_several_languages_at_once(client, home_pages, locales, administrator):
    page = StandardPageFactory(parent=home_pages["bg"])
    client.force_login(administrator)
    response = submit(client, page, locales["ro"], locales["en"])
    assert response.status_code == 302
    assert set(
        Translation.objects.filter(source__object_id=page.translation_key).values_list(
            "target_locale__language_code", flat=True
        )
    ) == {"ro", "en"}
    states = coverage(client)
    assert states[(page.pk, "ro")]["state"] == states[(page.pk, "en")]["state"] == "in_progress"
    assert all(page.get_translation(locales[code]).alias_of_id is None for code in ("ro", "en"))


def test_a_sentence_translated_once_is_filled_in_on_the_next_page(client, home_pages, locales, translator_ro):
    # Both pages carry the factory's body; its heading "Цели на проекта" is the shared sentence.
    first = StandardPageFactory(parent=home_pages["bg"])
    second = StandardPageFactory(parent=home_pages["bg"])
    client.force_login(translator_ro)
    submit(client, first, locales["ro"])
    translation = Translation.objects.get(source__object_id=first.translation_key, target_locale=locales["ro"])
    heading = StringSegment.objects.get(source=translation.source, string__data="Цели на проекта")
    assert put_segment(client, translation, heading, "Obiectivele proiectului").status_code == 201

    submit(client, second, locales["ro"])
    second_translation = Translation.objects.get(source__object_id=second.translation_key, target_locale=locales["ro"])
    second_heading = StringSegment.objects.get(source=second_translation.source, string__data="Цели на проекта")
    remembered = StringTranslation.objects.get(
        translation_of=second_heading.string, context=second_heading.context, locale=locales["ro"]
    )
    assert remembered.data == "Obiectivele proiectului"
    assert remembered.tool_name == memory.TOOL_NAME
    assert remembered.last_translated_by == translator_ro
    # The new Romanian page already reads it, and the dashboard counts it as done.
    romanian = second.get_translation(locales["ro"]).specific
    assert [block.value for block in romanian.body if block.block_type == "heading"] == ["Obiectivele proiectului"]
    assert coverage(client)[(second.pk, "ro")]["done"] == 1


def test_the_segment_editor_refuses_other_languages(client, home_pages, locales, translator_en, administrator):
    page = StandardPageFactory(parent=home_pages["bg"])
    client.force_login(administrator)
    submit(client, page, locales["ro"])
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=locales["ro"])
    segment = StringSegment.objects.filter(source=translation.source).first()
    client.force_login(translator_en)
    assert put_segment(client, translation, segment, "Hello").status_code == 403
    assert not StringTranslation.objects.filter(locale=locales["ro"]).exists()


def test_every_translator_gets_one_email_per_publish(
    client, home_pages, locales, make_user, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home_pages["bg"])
    client.force_login(administrator)
    submit(client, page, locales["ro"], locales["en"])
    romanian = make_user("ana", roles.TRANSLATORS["ro"])
    english = make_user("john", roles.TRANSLATORS["en"])
    both = make_user("maria", roles.TRANSLATORS["ro"])
    both.groups.add(*english.groups.all())
    make_user("no-address", roles.TRANSLATORS["ro"], email="")
    make_user("bulgarian", roles.TRANSLATORS["bg"])  # no Bulgarian translation to update

    # Several fields change in one publish: still one e-mail each.
    publish_source(page, django_capture_on_commit_callbacks, title="Ново заглавие", introduction="Нов увод.")
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        [romanian.email, english.email, both.email]
    )
    to_both = next(message for message in mailoutbox if message.to == [both.email])
    assert reverse("wagtailadmin_pages:edit", args=[page.get_translation(locales["ro"]).pk]) in to_both.body
    assert reverse("wagtailadmin_pages:edit", args=[page.get_translation(locales["en"]).pk]) in to_both.body


def test_the_email_speaks_the_translators_admin_language(
    client, home_pages, locales, make_user, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home_pages["bg"], title="Карта на услугите")
    client.force_login(administrator)
    submit(client, page, locales["ro"])
    make_user("ioana", roles.TRANSLATORS["ro"], language="ro")
    make_user("ivan", roles.TRANSLATORS["ro"], language="bg")
    publish_source(page, django_capture_on_commit_callbacks, title="Карта на услугите 2026")
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects["ioana@example.org"] == "„Карта на услугите 2026” s-a schimbat: traducerea trebuie actualizată"
    assert subjects["ivan@example.org"] == "Промяна в „Карта на услугите 2026“: преводът трябва да се обнови"


def test_translators_of_a_page_translated_outside_the_segment_editor_are_told_too(
    home_pages, locales, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    page = StandardPageFactory(parent=home_pages["bg"])
    translate(page, locales["en"])  # translated in the ordinary editor: no Translation record
    english = make_user("john", roles.TRANSLATORS["en"])
    make_user("ana", roles.TRANSLATORS["ro"])  # Romanian is still an alias: nothing to update
    publish_source(page, django_capture_on_commit_callbacks, introduction="Нов увод.")
    assert [message.to for message in mailoutbox] == [[english.email]]


def test_the_sync_fills_new_segments_from_the_memory(
    client, home_pages, locales, translator_ro, django_capture_on_commit_callbacks
):
    first = StandardPageFactory(parent=home_pages["bg"])
    second = StandardPageFactory(parent=home_pages["bg"])
    client.force_login(translator_ro)
    submit(client, first, locales["ro"])
    submit(client, second, locales["ro"])
    translation = Translation.objects.get(source__object_id=first.translation_key, target_locale=locales["ro"])
    quote = StringSegment.objects.get(source=translation.source, string__data="Услугите стават по-достъпни.")
    put_segment(client, translation, quote, "Serviciile devin mai accesibile.")

    # The second page gains a sentence the first one has translated; its translator syncs.
    publish_source(second, django_capture_on_commit_callbacks, introduction="Услугите стават по-достъпни.")
    second_translation = Translation.objects.get(source__object_id=second.translation_key, target_locale=locales["ro"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtail_localize:update_translations", args=[second_translation.source_id]), {})
    introduction = StringSegment.objects.get(source=second_translation.source, context__path="introduction")
    assert (
        StringTranslation.objects.get(
            translation_of=introduction.string, context=introduction.context, locale=locales["ro"]
        ).data
        == "Serviciile devin mai accesibile."
    )
