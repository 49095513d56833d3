"""The consultation list by state, institution and region, its constant query count, the
outcome report as a page section and as CSV, and every page in the three languages."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from consultations.models import ConsultationComment
from tests.consultations.factories import ConsultationPageFactory
from tests.factories import translated_versions
from tests.rendering import assert_queries_do_not_grow, assert_renders, query_budget

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def closed(days_ago=10, **values):
    opening = TODAY() - timedelta(days=days_ago + 30)
    return {"opening_date": opening, "closing_date": opening + timedelta(days=30), **values}


@pytest.fixture
def three_states(consultation_index, institutions, open_consultation):
    awaiting = ConsultationPageFactory(parent=consultation_index, institution=institutions["BG"], **closed())
    concluded = ConsultationPageFactory(
        parent=consultation_index, institution=institutions["RO"], law_country="RO",
        adoption_date=TODAY() + timedelta(days=20), **closed(days_ago=5),
    )
    # Romanian law: 30 working days from the announcement to adoption (the opening is 35 days ago).
    comment = ConsultationComment.objects.create(
        consultation=concluded, author_name="Ion Popescu", email="ion@example.org", language="ro",
        text="Propun un program de lucru și sâmbăta.", status=ConsultationComment.Status.PUBLISHED,
        outcome=ConsultationComment.Outcome.PARTLY_ACCEPTED, outcome_reason="Sâmbăta, o dată pe lună.",
    )
    concluded.outcome_published_on = TODAY()
    concluded.outcome_summary = "<p>Proiectul a fost modificat.</p>"
    concluded.full_clean()
    concluded.save_revision().publish()
    return {"open": open_consultation, "awaiting-report": awaiting, "concluded": concluded, "comment": comment}


def titles(response):
    return {item.title for item in response.context["listing"].page}


def test_the_list_filters_by_state_institution_and_region(client, consultation_index, three_states, institutions):
    url = consultation_index.url
    assert len(titles(client.get(url))) == 3
    for state in ("open", "awaiting-report", "concluded"):
        assert titles(client.get(url, {"state": state})) == {three_states[state].title}
    assert titles(client.get(url, {"region": "Giurgiu"})) == {three_states["concluded"].title}
    by_institution = client.get(url, {"institution": institutions["BG"].catalogue_id})
    assert titles(by_institution) == {three_states["open"].title, three_states["awaiting-report"].title}


def test_a_filter_value_not_understood_is_left_out_and_said(client, consultation_index, three_states):
    response = client.get(consultation_index.url, {"state": "<script>", "region": "Atlantis"})
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert set(response.context["listing"].form.errors) == {"state", "region"}
    assert 'class="form-field__error"' in response.content.decode()


def test_the_outcome_report_is_on_the_page_and_in_csv(client, three_states):
    concluded = three_states["concluded"]
    html = client.get(concluded.url).content.decode()
    assert "Propun un program" in html and "Sâmbăta, o dată pe lună." in html
    response = client.get(concluded.url + "outcome-csv/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    with translation.override("bg"):
        outcome = str(ConsultationComment.Outcome.PARTLY_ACCEPTED.label)
    assert rows[1][3:] == ["Ion Popescu", "ro", "Propun un program de lucru și sâmbăta.", outcome, "Sâmbăta, o dată pe lună."]
    assert client.get(three_states["awaiting-report"].url + "outcome-csv/").status_code == 404


def test_the_home_page_shows_the_open_consultations(client, home_page, three_states):
    html = client.get(home_page.url).content.decode()
    assert three_states["open"].title in html
    assert three_states["awaiting-report"].title not in html


def test_the_list_costs_the_same_queries_with_three_or_twelve_consultations(
    client, consultation_index, three_states, institutions
):
    def add_items():
        for index in range(9):
            ConsultationPageFactory(
                parent=consultation_index, institution=institutions["BG" if index % 2 else "RO"],
                law_country="BG" if index % 2 else "RO", adoption_date=TODAY() + timedelta(days=90),
            )

    # The list: the filter choices (1), the institutions in the visitor's language (1), the count
    # and the page of consultations with their institution (2); the privacy filter of visible()
    # in each of the first and the last two (3).
    assert_queries_do_not_grow(
        client, consultation_index.url, add_items, budget=query_budget(1 + 1 + 2 + 3),
    )


@pytest.mark.parametrize("language", ["bg", "ro", "en"])
def test_every_consultation_page_renders_in_three_languages(client, locales, consultation_index, three_states, language):
    index_versions = translated_versions(consultation_index, locales)
    for page in (three_states["open"], three_states["concluded"]):
        versions = translated_versions(page, locales)
        assert_renders(client, versions, language)
    assert_renders(client, index_versions, language)
    response = client.get(index_versions[language].url + "comment-policy/")
    assert response.status_code == 200


def test_a_consultation_is_found_by_the_words_of_its_draft(client, open_consultation):
    open_consultation.save_revision().publish()
    response = client.get("/api/search/", {"q": "ежегодно", "lang": "bg"})  # a word only in a section
    assert response.status_code == 200
    assert [result["title"] for result in response.json()["results"]] == [open_consultation.title]
