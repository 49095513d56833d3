"""The accessibility statement: published from the browser tests' results file, shown in three
languages on the model of Implementing Decision (EU) 2018/1523; its feedback form."""

import html
import json
import re

import pytest
from django.core.management import CommandError, call_command

from accessibility.models import AccessibilityEvaluation, AccessibilityFeedback

RESULTS = {
    "format": 1,
    "evaluated_at": "2026-12-03T10:00:00+00:00",
    "tools": {"axe-core": "4.10.3", "chromium": "140.0"},
    "axe_tags": ["wcag22aa"],
    "pages": [
        {
            "page_type": "home",
            "language": "bg",
            "url": "/bg/",
            "problems": {"axe": [], "focus_visible": [], "reflow": [], "text_spacing": []},
        },
        {
            "page_type": "service-page",
            "language": "ro",
            "url": "/ro/servicii/x/",
            "problems": {"axe": ["1280px: target-size (serious): tiny-button-marker"], "reflow": []},
        },
    ],
    "journeys": {"screen_reader": [{"journey": "search", "language": "en", "problems": []}]},
}


def write(tmp_path, results, name="results-main.json"):
    path = tmp_path / name
    path.write_text(json.dumps(results), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_publishing_stores_the_newest_results_and_the_statement_shows_them_in_each_language(client, site, tmp_path):
    older = {**RESULTS, "evaluated_at": "2026-11-01T10:00:00+00:00", "pages": RESULTS["pages"][:1]}
    write(tmp_path, older, "results-gw0.json")
    write(tmp_path, RESULTS, "results-gw1.json")

    call_command("publish_accessibility_statement", str(tmp_path), stdout=open("/dev/null", "w"))
    call_command("publish_accessibility_statement", str(tmp_path), stdout=open("/dev/null", "w"))

    assert AccessibilityEvaluation.objects.count() == 1, "the same results are published once"
    pages = {}
    for code in ("bg", "ro", "en"):
        response = client.get(f"/{code}/accessibility-statement/")
        assert response.status_code == 200
        pages[code] = response.content.decode()
        assert f'<html lang="{code}"' in pages[code]
        assert "tiny-button-marker" in pages[code], "a failing check is listed as a known gap"
        assert "axe-core 4.10.3" in pages[code]
    assert "Compliance status" in pages["en"] and "Enforcement procedure" in pages["en"]
    assert "Състояние на съответствието" in pages["bg"]
    assert "Stadiul conformității" in pages["ro"]
    assert re.search(r"1\s*/\s*2", pages["en"]), "one of the two pages failed the automated rules"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "Expecting value"),
        (json.dumps({"format": 2}), "format"),
        (json.dumps({**RESULTS, "evaluated_at": "yesterday"}), "evaluated_at"),
        (json.dumps({**RESULTS, "pages": []}), "'pages' is missing or empty"),
        (json.dumps({**RESULTS, "pages": [{"page_type": "home"}]}), "pages[0]"),
    ],
)
def test_a_file_in_another_shape_is_refused_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "results-main.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("publish_accessibility_statement", str(path))

    assert not AccessibilityEvaluation.objects.exists()


@pytest.mark.django_db
def test_without_results_the_command_says_what_to_run(tmp_path):
    with pytest.raises(CommandError, match="run the browser tests first"):
        call_command("publish_accessibility_statement", str(tmp_path))


@pytest.mark.django_db
def test_the_statement_says_so_before_any_evaluation_is_published(client, site):
    response = client.get("/en/accessibility-statement/")

    assert response.status_code == 200
    assert "No evaluation has been published yet" in response.content.decode()


@pytest.mark.django_db
def test_the_feedback_form_ties_each_error_to_its_field(client, site):
    response = client.post("/ro/accessibility-statement/feedback/", {"message": "", "email": "not-an-address"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_message-error"' in html and 'id="id_email-error"' in html
    for name in ("message", "email"):
        field = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field
        assert f'aria-describedby="id_{name}-error"' in field
    assert not AccessibilityFeedback.objects.exists()


@pytest.mark.django_db
def test_feedback_reaches_the_editors(client, site):
    response = client.post(
        "/bg/accessibility-statement/feedback/",
        {"message": "Бутонът за търсене не се чете.", "page_address": "/bg/search/", "email": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == "/bg/accessibility-statement/?sent=1"
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.language, feedback.page_address) == ("bg", "/bg/search/")


@pytest.mark.django_db
def test_the_admin_views_and_wagtails_own_gaps_are_in_the_statement_in_each_language(client, site, tmp_path):
    results = {
        **RESULTS,
        "pages": [{**RESULTS["pages"][0], "page_type": "alerts-subscribe-errors", "url": "/bg/alerts/"}],
        "admin": [
            {"view": "consultation comment moderation queue", "url": "/admin/consultation_comments/",
             "problems": {"axe": [], "focus_visible": []}},
            {"view": "page editor: news page", "url": "/admin/pages/7/edit/",
             "problems": {"axe": [], "focus_visible": [],
                          "wagtail_core": ["scrollable-region-focusable (serious): … — .w-minimap__list (the minimap)"]}},
        ],
    }
    write(tmp_path, results)
    call_command("publish_accessibility_statement", str(tmp_path), stdout=open("/dev/null", "w"))

    en = html.unescape(client.get("/en/accessibility-statement/").content.decode())
    assert "E-mail alerts: form sent with a wrong e-mail address" in en, "each page type by its label"
    assert "Moderation queue of consultation comments" in en and "/admin/consultation_comments/" in en
    assert "Wagtail's own editing interface" in en and "w-minimap__list" in en, "Wagtail's gap is a known gap"
    bg = client.get("/bg/accessibility-statement/").content.decode()
    assert "Опашка за модериране на коментарите в консултациите" in bg
    assert "собствения интерфейс за редактиране на Wagtail" in bg
    ro = client.get("/ro/accessibility-statement/").content.decode()
    assert "Coada de moderare a comentariilor la consultări" in ro
