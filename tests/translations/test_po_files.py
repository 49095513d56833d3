"""PO round trip: a translator downloads the PO file of a translation, translates it in a
desktop tool (here polib) and uploads it back through wagtail-localize's views."""

import polib
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from tests.factories import StandardPageFactory
from tests.translations.test_workflow import coverage, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def translation(client, home_pages, locales, administrator):
    page = StandardPageFactory(parent=home_pages["bg"], title="Документи за изтегляне")
    client.force_login(administrator)
    submit(client, page, locales["ro"])
    client.logout()
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locales["ro"])


def download(client, translation):
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    assert response["Content-Disposition"].endswith("-ro.po")
    return polib.pofile(response.content.decode("utf-8"))


def upload(client, translation, content, next_url):
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {
            "file": SimpleUploadedFile("translation.po", content, content_type="text/x-gettext-translation"),
            "next": next_url,
        },
    )


def messages(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def test_po_round_trip(client, translation, translator_ro, locales):
    client.force_login(translator_ro)
    po = download(client, translation)
    segments = StringSegment.objects.filter(source=translation.source)
    assert {entry.msgid for entry in po} == set(segments.values_list("string__data", flat=True))
    assert all(entry.msgstr == "" for entry in po)

    for entry in po:
        entry.msgstr = f"[ro] {entry.msgid}"
    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])
    response = upload(client, translation, str(po).encode("utf-8"), edit_url)
    assert response.status_code == 302 and response["Location"] == edit_url

    translated = dict(
        StringTranslation.objects.filter(
            locale=locales["ro"], translation_of__in=segments.values("string")
        ).values_list("translation_of__data", "data")
    )
    assert translated == {entry.msgid: f"[ro] {entry.msgid}" for entry in po}
    assert translated["Документи за изтегляне"] == "[ro] Документи за изтегляне"
    page_id = translation.source.get_source_instance().pk
    row = coverage(client)[(page_id, "ro")]
    assert (row["state"], row["done"]) == ("up_to_date", row["total"])
    # A second download carries the translations.
    assert {entry.msgstr for entry in download(client, translation)} == set(translated.values())


def test_a_po_file_of_another_translation_is_refused(
    client, translation, translator_ro, home_pages, locales, administrator
):
    other_page = StandardPageFactory(parent=home_pages["bg"])
    client.force_login(administrator)
    submit(client, other_page, locales["ro"])
    other = Translation.objects.get(source__object_id=other_page.translation_key, target_locale=locales["ro"])
    client.force_login(translator_ro)
    po = download(client, other)
    for entry in po:
        entry.msgstr = "x"
    response = upload(client, translation, str(po).encode("utf-8"), "/admin/")
    assert response.status_code == 302
    assert "Cannot import PO file that was created for a different translation." in messages(response)
    assert not StringTranslation.objects.filter(locale=locales["ro"]).exists()


def test_a_file_that_is_not_po_is_refused(client, translation, translator_ro, locales):
    client.force_login(translator_ro)
    response = upload(client, translation, b"\xff\xfe not a po file", "/admin/")
    assert response.status_code == 302
    assert "Please upload a valid PO file." in messages(response)
    assert not StringTranslation.objects.filter(locale=locales["ro"]).exists()


def test_translators_of_other_languages_get_no_po_file(client, translation, translator_en):
    client.force_login(translator_en)
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    # The admin answers a refused permission with a redirect to its dashboard and a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert "Content-Disposition" not in response
