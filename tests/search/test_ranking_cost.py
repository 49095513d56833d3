"""What makes a search cheaper changes none of its results.

The database engine reads fewer postings (an alternative another one makes redundant is not
asked), hands Python only the entries it can keep, and finds each record's unmet filters once;
each test compares with the plain way and fails if the shortcut changed what a visitor gets.
"""

import itertools

import pytest

from search.engine import (
    FACETS,
    SearchRequest,
    matchable,
    parse_query,
    scoring_plan,
    search_engine,
    snapshot,
)
from search.models import GlossaryTerm
from tests.search.conftest import make_institution, make_service

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine_under_test")]


class Holding:
    """A snapshot that holds the given keys."""

    def __init__(self, *keys):
        self.keys = set(keys)

    def holds(self, keys):
        return set(keys) <= self.keys


@pytest.mark.smoke
def test_an_alternative_holding_anothers_keys_for_no_more_worth_is_left_out():
    alternatives = [
        (("naster",), 1.8),
        (("certificat", "naster"), 0.8),  # holds "naster", worth less: redundant
        (("birth", "certif"), 1.7),
        (("birth",), 1.7),  # as much worth as the term it is a part of: the term is redundant
        (("card", "ident"), 0.7),  # "ident" alone is worth less: kept
        (("ident",), 0.6),
        (("nowhere",), 9.0),  # no record holds it
    ]
    snap = Holding("naster", "certificat", "birth", "certif", "card", "ident")
    assert matchable(alternatives, snap) == [
        (("naster",), 1.8),
        (("birth",), 1.7),
        (("card", "ident"), 0.7),
        (("ident",), 0.6),
    ]


def plain_matchable(alternatives, snap):
    """Every alternative some record can match (what the engines asked before)."""
    return [(keys, worth) for keys, worth in alternatives if snap.holds(keys)]


QUERIES = [
    ("лична карта", "bg"),
    ("carte de identitate", "ro"),
    ("identity card renewal", "en"),
    ("lichna karta Vidin", "bg"),
    ("certificat de naștere", "ro"),
    ("удостоверение за раждане", "bg"),
]


@pytest.fixture
def identity_and_birth(catalogue):
    GlossaryTerm.objects.create(term_bg="лична карта", term_ro="carte de identitate", term_en="identity card")
    GlossaryTerm.objects.create(
        term_bg="удостоверение за раждане", term_ro="certificat de naștere", term_en="birth certificate"
    )
    giurgiu = make_institution(catalogue, "Primăria Giurgiu", "giurgiu-municipality", country="RO", region="Giurgiu")
    make_service(catalogue, "Издаване на лична карта", summary="Лична карта за български граждани")
    make_service(catalogue, "Подмяна на карта за паркиране", summary="Необходима е лична карта")
    make_service(catalogue, "Eliberarea cărții de identitate", institution=giurgiu)
    make_service(catalogue, "Certificat de naștere", institution=giurgiu, summary="Act de identitate al părinților")
    make_service(
        catalogue,
        "Издаване на удостоверение за раждане",
        summary="Носете лична карта",
        translations={"en": {"title": "Issue of a birth certificate", "summary": "Bring an identity card"}},
    )
    make_service(catalogue, "Удостоверение за наследници", summary="Акт за раждане и лична карта")


def test_leaving_out_redundant_alternatives_changes_no_ranking(identity_and_birth, monkeypatch):
    engine = search_engine()
    snap = snapshot()
    left_out = 0
    for query, language in QUERIES:
        for needed in (None, 1, 2):
            parsed = parse_query(query, language, snap)
            fewer = engine.rank(parsed, snap, needed)
            with monkeypatch.context() as plain:
                plain.setattr("search.engine.matchable", plain_matchable)
                plain.setattr("search.node.matchable", plain_matchable)
                every = engine.rank(parsed, snap, needed)
            assert fewer == every, (query, needed)
        left_out += sum(
            len(plain_matchable(alternatives, snap)) - len(matchable(alternatives, snap))
            for alternatives in scoring_plan(parsed, snap)
        )
    assert left_out  # the queries did meet redundant alternatives


def test_ranking_keeps_the_entries_matching_enough_of_the_query_and_else_every_partial_match(catalogue):
    vidin = make_institution(catalogue, "Община Видин", "vidin-municipality", region="Vidin")
    both = make_service(catalogue, "Куче и лодка на пристанището", institution=vidin)
    dog = make_service(catalogue, "Куче в парка", institution=vidin)
    boat = make_service(catalogue, "Лодка на язовира", institution=vidin)
    engine = search_engine()
    snap = snapshot()
    by_pk = {info.pk: info.identifier for info in snap.entries.values()}

    def ranked(query):
        return {by_pk[entry_id] for entry_id, _covered, _score in engine.rank(parse_query(query, "bg", snap), snap)}

    assert ranked("куче лодка") == {both.catalogue_id}
    # No record holds both "парка" and "язовира": those holding either are the ranking.
    assert ranked("парка язовира") == {dog.catalogue_id, boat.catalogue_id}


def test_facet_counts_with_filters_are_those_of_each_facet_ignoring_its_own_filter(catalogue):
    giurgiu = make_institution(catalogue, "Primăria Giurgiu", "giurgiu-municipality", country="RO", region="Giurgiu")
    ruse = make_institution(catalogue, "Община Русе", "ruse-municipality", country="BG", region="Ruse")
    make_service(catalogue, "Данък сгради", audience=["citizens"])
    make_service(catalogue, "Данък за фирми", audience=["businesses"], institution=ruse)
    make_service(catalogue, "Данък в Гюргево", institution=giurgiu, audience=["citizens", "businesses"])
    make_service(catalogue, "Данък превозни средства", institution=ruse, audience=["citizens"])
    # The same facet values as the one above: facets are counted per group of such records.
    make_service(catalogue, "Данък недвижими имоти", institution=ruse, audience=["citizens"])
    make_institution(catalogue, "Отдел „Данък сгради“ Русе", "ruse-tax-office", country="BG", region="Ruse")
    engine = search_engine()
    choices = {
        "kinds": [(), ("service",), ("institution",)],
        "country": ["", "BG", "RO"],
        "region": ["", "Ruse", "Giurgiu"],
        "audience": ["", "citizens", "businesses"],
    }
    # Every record "данък" finds, on one page.
    unfiltered = engine.search(SearchRequest(query="данък", language="bg", page_size=100))
    assert unfiltered.total == len(unfiltered.hits) >= 5
    found = {hit.id for hit in unfiltered.hits}
    assert "ruse-tax-office" in found  # an institution among the matches
    entries = {info.identifier: info for info in snapshot().entries.values()}
    matches = [entries[identifier] for identifier in found]
    checked = 0
    for values in itertools.product(*choices.values()):
        request = SearchRequest(query="данък", language="bg", page_size=100, **dict(zip(choices, values, strict=True)))
        results = engine.search(request)
        expected = _facets_one_by_one(request, matches)
        assert {name: {item["value"]: item["count"] for item in results.facets[name]} for name in FACETS} == expected
        # The results are the unfiltered ones that pass every filter, in the same order.
        kept = [hit.id for hit in unfiltered.hits if request.matches(entries[hit.id])]
        assert [hit.id for hit in results.hits] == kept
        assert results.total == len(kept)
        checked += 1
    assert checked == 3 * 3 * 3 * 3


def _facets_one_by_one(request, matches):
    """The facets counted the plain way: per facet, the matches passing every other filter."""
    counts = {name: {} for name in FACETS}
    for info in matches:
        for name, values in (
            ("type", [info.kind]),
            ("country", [info.country]),
            ("region", [info.region]),
            ("institution", [info.institution]),
            ("audience", list(info.audience)),
        ):
            if request.matches(info, skip=name):
                for value in values:
                    if value:
                        counts[name][value] = counts[name].get(value, 0) + 1
    return counts
