"""The shipped vocabulary (search/vocabulary/pairs.tsv.gz): it loads fast and small, links
words across the three languages that no glossary or translation memory gave, and keeps its caps.

No database: the vocabulary is a file.
"""

import gzip
import time
import tracemalloc
from collections import Counter

import pytest

from search import vocabulary
from search.analysis import document_key, document_keys, fold, query_keys, words
from search.vocabulary import (
    FORMS,
    MAX_EXPANSIONS,
    MAX_PER_LANGUAGE,
    ShippedVocabulary,
    Vocabulary,
    entries,
    translations,
)
from search.vocabulary_build import MAX_SYNONYMS, MAX_TRANSLATIONS


def keys_of(text):
    """What the engine would pass for a query: every key of every word."""
    found = set()
    for word in words(text):
        found |= query_keys(word)
    return found


def reached(text):
    """Every key that a query's expansion reaches (targets of all its sources, flattened)."""
    return {key for targets in translations(keys_of(text)).values() for target, _ in targets for key in target}


def linked(first_keys, second_keys):
    """Keys of ``second_keys`` that a row of the file links from or to keys of ``first_keys``."""
    first, second = set(first_keys), set(second_keys)
    found = set()
    for row in entries(first):
        if row[5] != FORMS:
            found |= set(row[3]) & second
    for row in entries(second):
        if row[5] != FORMS and set(row[3]) & first:
            found |= set(row[0])
    return found & second


def _load_all():
    return ShippedVocabulary([Vocabulary.from_file(path) for path in vocabulary.DATA_FILES.values()])


def test_the_files_load_within_time_and_memory_bounds():
    started = time.perf_counter()
    loaded = _load_all()
    elapsed = time.perf_counter() - started
    rows = len(loaded)
    del loaded
    tracemalloc.start()
    try:
        reloaded = _load_all()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == len(reloaded) > 300_000
    # Budgets: about 1 s and 60 MB; loosely here (the suite runs two workers on two cores, and
    # other work may share the machine: a time bound is a smoke alarm, not a benchmark).
    assert elapsed < 8.0
    assert peak < 60_000_000
    assert sum(path.stat().st_size for path in vocabulary.DATA_FILES.values()) < 15_000_000


def test_no_file_mixes_cc_by_sa_and_gpl_sources():
    for licence, path in vocabulary.DATA_FILES.items():
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            sources = {line.rstrip("\n").split("\t")[5] for line in stream if not line.startswith("#")}
        letters = set("".join(sources))
        if licence == "gpl":
            assert letters <= vocabulary.GPL_SOURCES, letters
        else:
            assert letters and not letters & vocabulary.GPL_SOURCES, letters


@pytest.mark.parametrize("licence", list(vocabulary.DATA_FILES))
def test_every_row_is_well_formed_sorted_and_capped(licence):
    with gzip.open(vocabulary.DATA_FILES[licence], "rb") as stream:
        lines = [line for line in stream.read().split(b"\n") if line and not line.startswith(b"#")]
    assert lines == sorted(lines)  # lookups bisect the file
    targets = Counter()
    pairs = Counter()
    word_translations = set()
    for line in lines:
        source, source_language, target_language, target, weight, sources = line.decode().split("\t")
        assert source_language in ("bg", "ro", "en") and target_language in ("bg", "ro", "en")
        assert source.split(" ") == sorted(source.split(" "))
        assert all(len(key) >= 3 for key in source.split(" ") + target.split(" "))
        assert 0 < float(weight) <= 1 and sources
        assert set(source.split(" ")) != set(target.split(" "))
        pairs[(source_language, target_language)] += 1
        if sources == FORMS:
            continue
        if source_language != target_language and " " not in source + target:
            word_translations.add((source, source_language, target_language, target))
        else:
            targets[(source, source_language, target_language)] += 1
    # Phrases and same-language links keep the cap; a one-word translation is kept both ways
    # (each way with its own weight when both were made), so a word may have more than the cap.
    for (_source, source_language, target_language), count in targets.items():
        assert count <= (MAX_SYNONYMS if source_language == target_language else MAX_TRANSLATIONS)
    for source, source_language, target_language, target in word_translations:
        assert (target, target_language, source_language, source) in word_translations
    if licence == "gpl":
        # The thesauri and the word forms: Bulgarian and Romanian words among themselves.
        assert set(pairs) == {("bg", "bg"), ("ro", "ro")}
        return
    # Every language pair is there, and the direct ones in numbers.
    assert set(pairs) == {(a, b) for a in ("bg", "ro", "en") for b in ("bg", "ro", "en")}
    assert min(pairs[("bg", "en")], pairs[("en", "bg")], pairs[("ro", "en")], pairs[("en", "ro")]) > 50_000
    assert min(pairs[("bg", "ro")], pairs[("ro", "bg")]) > 20_000


def test_beekeepers_meet_in_the_three_languages():
    apicultori, beekeepers, pchelari = (
        document_key("apicultori", "ro"),
        document_key("beekeepers", "en"),
        document_key("пчелари", "bg"),
    )
    assert {beekeepers, pchelari} <= reached("apicultori")
    assert {apicultori, pchelari} <= reached("beekeepers")
    assert {apicultori, beekeepers} <= reached("пчелари")


@pytest.mark.parametrize(
    ("first", "first_language", "second", "second_language"),
    [
        ("permis de construire", "ro", "building permit", "en"),
        ("building permit", "en", "разрешение за строеж", "bg"),
        ("разрешение за строеж", "bg", "permis de construire", "ro"),
    ],
)
def test_building_permit_is_linked_word_by_word(first, first_language, second, second_language):
    first_keys, second_keys = document_keys(first, first_language), document_keys(second, second_language)
    assert linked(first_keys, second_keys) == set(second_keys)
    assert linked(second_keys, first_keys) == set(first_keys)


def test_a_building_permit_query_reaches_the_romanian_legal_term_as_a_phrase():
    expansions = translations(keys_of("building permit"))
    assert tuple(document_keys("autorizație de construcție", "ro")) in dict(expansions[("build", "permit")])
    # and word by word, the Romanian and Bulgarian words for a permit
    assert {document_key("permis", "ro"), document_key("разрешение", "bg")} <= reached("permit")


@pytest.mark.parametrize(
    ("everyday", "everyday_language", "legal", "legal_language"),
    [
        ("gunoi", "ro", "deșeu", "ro"),
        ("боклук", "bg", "отпадъци", "bg"),
        ("отпадъци", "bg", "gunoi", "ro"),
        ("garbage", "en", "отпадък", "bg"),
        ("car", "en", "autovehicul", "ro"),
        ("vehicle", "en", "car", "en"),
        # kept in the other direction only by the cap of "funeral" (six Romanian targets before it)
        ("funeral", "en", "înmormântare", "ro"),
    ],
)
def test_everyday_words_reach_their_formal_counterparts(everyday, everyday_language, legal, legal_language):
    assert document_key(fold(legal), legal_language) in reached(everyday)


def test_word_forms_that_stem_apart_are_found_under_both_keys():
    # "județean" and "județene" stem apart (judetean, judeten); each finds the other's translations.
    assert document_key("judetean", "ro") != document_key("judetene", "ro")
    assert document_key("county", "en") in reached("județene")
    assert document_key("county", "en") in reached("județean")
    # Plural and genitive endings the stemmer removes need no second key: deșeu, deșeuri, câinelui.
    assert document_key("deseu", "ro") == document_key("deseuri", "ro") == document_key("deseurile", "ro")
    assert document_key("caine", "ro") == document_key("cainelui", "ro") == document_key("cainele", "ro")
    assert document_key("waste", "en") in reached("deșeuri")
    # a Bulgarian target comes with its plural's key: отпадък (otpad) and отпадъци (otpada)
    assert {document_key("отпадък", "bg"), document_key("отпадъци", "bg")} <= reached("garbage")


@pytest.mark.parametrize("word", ["make", "have", "take", "face", "дом", "casa", "да", "set", "run", "line"])
def test_a_common_word_expands_to_no_more_than_the_caps(word):
    for targets in translations(keys_of(word)).values():
        assert len(targets) <= MAX_EXPANSIONS
        assert len(set(targets)) == len(targets)
        weights = [weight for _, weight in targets]
        assert weights == sorted(weights, reverse=True)
        assert all(0 < weight <= 1 for weight in weights)
    rows = [row for row in entries(keys_of(word)) if row[5] != FORMS and (row[1] == row[2] or len(row[0]) > 1)]
    per_source = Counter((row[0], row[1], row[2]) for row in rows)
    assert max(per_source.values(), default=0) <= MAX_TRANSLATIONS


def test_per_language_cap_and_no_source_among_its_targets():
    expansions = translations(keys_of("marriage"))
    assert expansions
    for source, targets in expansions.items():
        assert source not in dict(targets)
        assert len(targets) <= MAX_PER_LANGUAGE * 3


def test_unknown_keys_and_short_keys_expand_to_nothing():
    assert translations({"qzxwvk"}) == {}
    assert translations(set()) == {}
    assert entries({"ab"}) == []


def test_languages_restricts_the_words_links_start_from():
    # "car" is also the key of Romanian "carie" (caries): asking for English sources only drops it.
    everything = {key for target, _ in translations({"car"})[("car",)] for key in target}
    english = {key for target, _ in translations({"car"}, languages={"en"})[("car",)] for key in target}
    assert "cari" in everything and "cari" not in english
    assert document_key("automobile", "en") in english
