"""The model that reorders the first results: its fit, its use, its file and the command that learns it."""

import io
import json
import random

import pytest
from django.core.management import CommandError, call_command

from search import reranking
from search.reranking import DEVELOPMENT_SETS, FEATURES, RERANK_DEPTH, fit, model, rerank

HELD_OUT_SETS = ("heldout-s", "heldout-t", "heldout-u")


def vector(**values):
    return [values.get(name, 0.0) for name in FEATURES]


def test_the_fit_weighs_up_what_tells_relevant_records_apart_and_not_the_noise():
    chance = random.Random(7)
    queries = []
    for _query in range(60):
        candidates = []
        for place in range(8):
            relevant = place < 2
            candidates.append(
                (
                    vector(
                        title_explained=(0.7 if relevant else 0.3) + chance.uniform(-0.25, 0.25),
                        log_title_length=chance.uniform(0, 3),
                    ),
                    relevant,
                )
            )
        queries.append(candidates)

    weights = dict(zip(FEATURES, fit(queries), strict=True))

    assert weights["title_explained"] > 3
    assert abs(weights["log_title_length"]) < 0.5
    assert weights["covered"] == 0  # a feature that never differs gets no weight
    assert fit(queries) == fit(list(queries))  # the data alone decide


def test_a_query_whose_records_are_all_relevant_or_none_teaches_nothing():
    with pytest.raises(ValueError, match="no query"):
        fit([[(vector(matched=1), True), (vector(matched=0.5), True)], [(vector(), False)]])


class Parsed:
    """What rerank reads of a parsed query."""

    concepts = ["one"]
    keys = set()
    language = "bg"


def test_only_the_first_results_are_reordered_and_ties_keep_the_engines_order(monkeypatch):
    ranked = [(number, 1, 1.0) for number in range(RERANK_DEPTH + 5)]
    favoured = {3, RERANK_DEPTH - 1, RERANK_DEPTH + 2}  # the last beyond the reordered ones
    monkeypatch.setattr(
        reranking,
        "record_features",
        lambda parsed, rows, snap, plan: [{"title_explained": float(row[0] in favoured)} for row in rows],
    )

    reordered = rerank(Parsed(), ranked, snap=None, plan=None, weights={"title_explained": 1.0})

    assert [row[0] for row in reordered[:3]] == [3, RERANK_DEPTH - 1, 0]
    assert sorted(reordered[:RERANK_DEPTH]) == ranked[:RERANK_DEPTH]
    assert reordered[RERANK_DEPTH:] == ranked[RERANK_DEPTH:]
    assert rerank(Parsed(), ranked, snap=None, plan=None, weights={}) == ranked


def test_the_shipped_model_weighs_every_feature_and_was_learnt_on_development_sets_only():
    document = json.loads(reranking.MODEL_FILE.read_text(encoding="utf-8"))

    assert document["features"] == list(FEATURES), "the features changed: run `manage.py train_ranking`"
    assert set(document["trained_on"]) == set(DEVELOPMENT_SETS)
    assert not set(document["trained_on"]) & set(HELD_OUT_SETS)
    assert document["depth"] == RERANK_DEPTH
    assert set(model()) == set(FEATURES)


def test_the_command_refuses_an_output_it_cannot_write_before_any_work(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("train_ranking", "--output", str(tmp_path / "missing" / "model.json"), stdout=io.StringIO())


def test_the_command_refuses_a_held_out_set():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("train_ranking", "--set", "heldout-s", stdout=io.StringIO())


@pytest.mark.django_db(transaction=False)
def test_the_command_learns_from_a_development_set_and_leaves_the_database_as_it_was(home_pages, tmp_path):
    from search.models import SearchEntry

    output = tmp_path / "reranking.json"
    call_command("train_ranking", "--set", "heldout-b", "--output", str(output), stdout=io.StringIO(), stderr=io.StringIO())

    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["trained_on"] == {"heldout-b": 165}
    assert len(document["weights"]) == len(FEATURES)
    assert dict(zip(FEATURES, document["weights"], strict=True))["title_explained"] > 0
    assert not SearchEntry.objects.exists()


@pytest.mark.django_db
def test_the_first_pages_title_and_summary_keys_are_read_once_per_index_version(catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.engine import SearchRequest, search_engine
    from tests.search.conftest import make_service

    for number in range(3):
        make_service(catalogue, f"Удостоверение за наследници {number}", summary="Издава се от общината")
    request = SearchRequest(query="удостоверение наследници", language="bg")
    search_engine().search(request)  # the snapshot, the lexicon and the rest loaded once

    with CaptureQueriesContext(connection) as again:
        search_engine().search(request)
    reads = [query["sql"] for query in again.captured_queries if '"weight" >=' in query["sql"]]

    assert reads == []  # the title and summary keys came from the snapshot
    assert any('"weight" = ' in query["sql"] for query in again.captured_queries)  # the body's, per query
