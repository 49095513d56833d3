"""“Was this page useful?”: the form under service, institution and news pages, its answers
without personal data, the refusals, and the admin's report with CSV."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from feedback.models import PageFeedback
from tests.factories import (
    InstitutionIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    StandardPageFactory,
    translated_versions,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]  # rate limits count in the cache


@pytest.fixture
def pages(home_page, locales):
    translated_versions(home_page, locales)
    InstitutionIndexPageFactory(parent=home_page)
    service = ServicePageFactory(parent=ServiceIndexPageFactory(parent=home_page), title="Tax certificate")
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page), title="Open day")
    return {"service": service, "institution": service.institution, "news": news}


def feedback_url(page):
    with translation.override(page.locale.language_code):
        return reverse("feedback:submit", args=[page.pk])


def answer(client, page, address="203.0.113.7", **data):
    return client.post(feedback_url(page), data, REMOTE_ADDR=address)


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("kind", ["service", "institution", "news"])
def test_each_page_type_asks_and_an_answer_comes_back_with_thanks(client, pages, kind):
    page = pages[kind]
    html = client.get(page.url).content.decode()
    assert "Полезна ли беше тази страница?" in html  # the Bulgarian page, in Bulgarian
    assert f'action="{feedback_url(page)}"' in html
    assert 'class="honeypot-field"' in html

    response = answer(client, page, useful="no", comment="The fee is not clear.")

    assert response.status_code == 303
    assert response["Location"] == f"{page.url}?feedback=thanks#page-feedback"
    [saved] = PageFeedback.objects.all()
    assert (saved.page_id, saved.language, saved.useful, saved.comment) == (page.pk, "bg", False, "The fee is not clear.")
    assert saved.date == date.today()
    thanked = client.get(response["Location"]).content.decode()
    assert "Благодарим за отговора" in thanked and "Полезна ли беше тази страница?" not in thanked
    assert "csrftoken" not in client.cookies  # visitors get no cookie


def test_the_language_is_the_page_version_answered(client, pages, locales):
    romanian = pages["service"].get_translation(locales["ro"])
    assert answer(client, romanian, useful="yes").status_code == 303
    assert PageFeedback.objects.get().language == "ro"


@pytest.mark.parametrize(
    "comment",
    ["write to ana.petrova@example.org please", "call me on +359 88 123 4567", "тел. 0888123456"],
)
def test_a_comment_with_an_address_or_phone_number_is_refused_and_nothing_is_kept(client, pages, comment):
    response = answer(client, pages["news"], useful="yes", comment=comment)
    assert response.status_code == 400
    message = "Please remove the e-mail address or phone number from your comment: we keep no personal data."
    assert in_language("bg", message) in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_bad_answers_are_400_in_the_visitors_language_and_change_nothing(client, pages, locales):
    romanian = pages["service"].get_translation(locales["ro"])
    assert client.post(feedback_url(romanian), {"useful": "maybe"}).status_code == 400
    response = client.post(feedback_url(romanian), {"comment": "Nothing chosen"})
    assert response.status_code == 400
    assert 'lang="ro"' in response.content.decode()
    assert in_language("ro", "Choose yes or no.") in response.content.decode()
    too_long = answer(client, pages["service"], useful="yes", comment="x" * 1001)
    assert too_long.status_code == 400
    assert not PageFeedback.objects.exists()


def test_only_live_service_institution_and_news_pages_take_answers(client, pages, home_page):
    other = StandardPageFactory(parent=home_page)
    assert answer(client, other, useful="yes").status_code == 404
    assert answer(client, home_page, useful="yes").status_code == 404
    pages["news"].unpublish()
    assert answer(client, pages["news"], useful="yes").status_code == 404
    assert client.get(feedback_url(pages["service"])).status_code == 405
    assert not PageFeedback.objects.exists()


def test_robots_and_floods_are_refused_with_a_reason(client, pages, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    robot = answer(client, pages["service"], useful="yes", website="http://spam.example")
    hidden_field = in_language("bg", "The form could not be accepted. Please leave the hidden field empty.")
    assert robot.status_code == 400 and hidden_field in robot.content.decode()
    for _ in range(10):  # feedback.views.RATE: 10 an hour
        assert answer(client, pages["service"], address="198.51.100.9", useful="yes").status_code == 303
    flood = answer(client, pages["service"], address="198.51.100.9", useful="yes")
    assert flood.status_code == 429
    assert PageFeedback.objects.count() == 10


def test_the_report_counts_per_page_language_and_month_and_exports_csv(admin_client, pages):
    service, news = pages["service"], pages["news"]
    PageFeedback.objects.bulk_create(
        [
            PageFeedback(page=service, language="bg", useful=True, date=date(2026, 10, 3)),
            PageFeedback(page=service, language="bg", useful=True, date=date(2026, 10, 9), comment="Clear."),
            PageFeedback(page=service, language="bg", useful=False, date=date(2026, 10, 20), comment="Fee?"),
            PageFeedback(page=service, language="bg", useful=False, date=date(2026, 11, 2)),
            PageFeedback(page=news, language="bg", useful=True, date=date(2026, 11, 5)),
        ]
    )
    response = admin_client.get(reverse("feedback_report"))
    assert response.status_code == 200
    rows = {(row["title"], row["month"].strftime("%Y-%m")): row for row in response.context["rows"]}
    october = rows[("Tax certificate", "2026-10")]
    assert (october["answers"], october["yes"], october["share_yes"], october["comments"]) == (3, 2, 67, 2)
    assert rows[("Tax certificate", "2026-11")]["share_yes"] == 0
    assert "Fee?" in response.content.decode()

    only_november = admin_client.get(reverse("feedback_report"), {"month": "2026-11"})
    assert len(only_november.context["rows"]) == 2

    exported = admin_client.get(reverse("feedback_report"), {"month": "2026-10", "export": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.content.decode())))
    assert table[0][:4] == ["page id", "page", "language", "month"]
    assert table[1] == [str(service.pk), "Tax certificate", "bg", "2026-10", "3", "2", "67", "2"]

    comments = admin_client.get(reverse("feedback_report"), {"export": "comments"})
    comment_rows = list(csv.reader(io.StringIO(comments.content.decode())))
    assert sorted(row[-1] for row in comment_rows[1:]) == ["Clear.", "Fee?"]

    bad_filter = admin_client.get(reverse("feedback_report"), {"month": "October", "page": "x"})
    assert bad_filter.status_code == 200 and len(bad_filter.context["rows"]) == 2 + 1  # the filter is ignored


def test_the_purge_deletes_answers_past_their_retention(pages, settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    PageFeedback.objects.create(page=pages["news"], language="bg", useful=True, date=date(2020, 1, 1))
    kept = PageFeedback.objects.create(page=pages["news"], language="bg", useful=True)
    call_command("purge_page_feedback", stdout=io.StringIO())
    assert list(PageFeedback.objects.all()) == [kept]


def test_the_blank_form_is_in_each_pages_language_and_keeps_no_visitors_answer(client, pages, locales):
    service = pages["service"]
    romanian = service.get_translation(locales["ro"])
    # An answer with an error is shown again with its words (the form of that visitor only).
    refused = client.post(feedback_url(service), {"comment": "Nothing chosen"}).content.decode()
    assert ">Nothing chosen</textarea>" in refused

    bulgarian_html = client.get(service.url).content.decode()
    romanian_html = client.get(romanian.url).content.decode()

    assert "Nothing chosen" not in bulgarian_html
    assert in_language("bg", "What could be better? (optional)") in bulgarian_html
    assert in_language("ro", "What could be better? (optional)") in romanian_html
    assert f'action="{feedback_url(romanian)}"' in romanian_html
    assert 'id="feedback-comment"' in romanian_html and 'class="honeypot-field"' in romanian_html
