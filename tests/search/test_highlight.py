"""Highlighting marks the query's own words, their spellings and direct translations (search.highlight),
not every word the engine matched on: synonyms, other senses and the lexicon's alignments stay unmarked."""

import re

import pytest

from search.analysis import bulgarian_key
from search.engine import SearchRequest, parse_query, search_engine
from search.models import LexiconEntry
from tests.search.conftest import make_service

# The marks are chosen after ranking, by the same code for both engines: the first test runs on
# both, the others on the database engine only (CI time).
pytestmark = pytest.mark.django_db


def marked(query, language):
    results = search_engine().search(SearchRequest(query=query, language=language))
    assert results.hits, f"nothing found for {query!r}"
    found = set()
    for hit in results.hits:
        found |= {word.casefold() for word in re.findall(r"<mark>(.*?)</mark>", hit.title_html + hit.snippet)}
    return found


@pytest.mark.usefixtures("search_engine_under_test")
def test_tax_marks_tax_not_payment_fee_or_proof(catalogue):
    make_service(
        catalogue,
        "Местен данък върху имотите",
        summary="Данъкът се плаща с карта; квитанцията се изпраща по пощата.",
        translations={
            "en": {
                "title": "Local tax on property",
                "summary": "Paying the tax: payment by card; the fee and the proof of payment are sent by post.",
            }
        },
    )
    # The translation memory once aligned "tax" with "payment": the engine may use it, the marks do not.
    LexiconEntry.objects.create(source_key="tax", target_key="payment", score=0.9)
    assert "payment" in parse_query("tax", "en").keys  # the engine does match on it

    found = marked("tax", "en")

    assert "tax" in found
    assert not found & {"paying", "payment", "fee", "proof"}


def test_impozit_marks_the_bulgarian_tax_not_the_preposition_beside_it(catalogue):
    make_service(catalogue, "Данък върху превозните средства", summary="Данъкът се плаща върху всяко превозно средство.")
    LexiconEntry.objects.create(source_key="impozit", target_key=bulgarian_key("върху"), score=0.9)
    assert bulgarian_key("върху") in parse_query("impozit", "ro").keys

    found = marked("impozit", "ro")

    assert found & {"данък", "данъкът"}
    assert "върху" not in found


def test_a_word_marks_its_inflections_and_in_another_language_its_translation(catalogue):
    make_service(catalogue, "Такса за битови отпадъци", summary="Таксата се плаща до 30 април.")

    assert {"такса", "таксата"} <= marked("такса", "bg")
    found = marked("taxă", "ro")  # the page exists only in Bulgarian: shown to the Romanian visitor as it is
    assert "такса" in found
    assert not found & {"плаща", "отпадъци", "битови"}


def test_a_typo_marks_the_word_it_stands_for(catalogue):
    make_service(catalogue, "Удостоверение за раждане", summary="Издаване на удостоверение за раждане.")

    assert "удостоверение" in marked("удостоверене", "bg")


def test_a_romanian_word_typed_by_a_bulgarian_visitor_marks_its_bulgarian_translation(catalogue):
    make_service(catalogue, "Данък върху превозните средства", summary="Данъкът се плаща веднъж годишно.")

    found = marked("impozit", "bg")

    assert found & {"данък", "данъкът"}
    assert "върху" not in found
