"""The engine on a small catalogue: languages, scripts, typos, translations, ranking, facets.

Each test builds the few pages it needs; the index follows publication through the signals,
as on the site.
"""

import json

import pytest

from search.analysis import bulgarian_key, document_keys, fold, query_keys, to_cyrillic, transliterate
from search.documents import place_name_keys
from search.engine import DatabaseSearchEngine, SearchRequest, parse_query, search_engine, snapshot, suggest
from search.lexicon import build_lexicon, rebuild_lexicon
from search.models import GlossaryTerm, LexiconEntry, SearchEntry
from tests.search.conftest import make_institution, make_service

# Every test runs on the database engine and again on the real search node.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine_under_test")]


# --- analysis ---


@pytest.mark.smoke
def test_official_transliteration_both_ways():
    assert transliterate("щастие") == "shtastie"
    assert transliterate("българия") == "balgaria"  # ъ → a, final ия → ia
    assert transliterate("юрий") == "yuriy"
    assert to_cyrillic("udostoverenie") == "удостоверение"
    assert to_cyrillic("shtastie") == "щастие"
    assert to_cyrillic("zhivot") == "живот"


@pytest.mark.smoke
def test_folding_treats_cedilla_comma_and_no_diacritics_alike():
    assert fold("Naşterii") == fold("Nașterii") == fold("nasterii") == "nasterii"
    assert fold("ŢARĂ") == fold("Țară") == "tara"
    assert fold("Йордан") == "йордан"  # Cyrillic letters keep their identity


@pytest.mark.smoke
def test_a_bulgarian_word_meets_its_latin_spelling_and_its_inflections():
    assert bulgarian_key("удостоверение") in query_keys("udostoverenie")
    assert bulgarian_key("удостоверението") == bulgarian_key("удостоверение")
    assert document_keys("Община Русе", "bg") == [bulgarian_key("община"), bulgarian_key("русе")]


@pytest.mark.smoke
def test_romanian_inflections_share_a_key_with_and_without_diacritics():
    indexed = set(document_keys("Eliberarea certificatului de naștere", "ro"))
    for typed in ("certificat", "certificatul"):
        assert query_keys(fold(typed)) & indexed
    assert "de" not in indexed  # stopwords stay out of the index


@pytest.mark.smoke
def test_a_verb_and_its_nouns_share_a_derivation_root():
    from search.analysis import derivation_root

    assert derivation_root(bulgarian_key("регистриране")) == derivation_root(bulgarian_key("регистрация"))
    assert derivation_root(bulgarian_key("регистрирам")) == derivation_root(bulgarian_key("регистрация"))
    assert derivation_root(bulgarian_key("уведомяване")) == derivation_root(bulgarian_key("уведомление"))
    romanian = {derivation_root(key) for key in ("inregistrar", "inregistrez", "inregistrat")}
    assert romanian == {"inregistr"}
    assert derivation_root("plan") is None and derivation_root("taxan") is None  # roots too short


@pytest.mark.smoke
def test_names_in_the_other_countrys_spelling_both_ways():
    from search.analysis import bulgarian_spelling, romanian_spelling

    for cyrillic, romanian in [
        ("добрич", "dobrici"), ("кълъраш", "calaras"), ("олтеница", "oltenita"), ("корабия", "corabia"),
        ("кюстендил", "chiustendil"), ("джурджу", "giurgiu"), ("букурещ", "bucurest"), ("мангалия", "mangalia"),
    ]:  # fmt: skip
        assert romanian_spelling(cyrillic) == romanian
    for romanian, cyrillic in [
        ("dobrici", "добрич"), ("balcic", "балчик"), ("tutracan", "тутракан"), ("rusciuc", "русчук"),
        ("ghencea", "генча"), ("chiustendil", "киустендил"), ("giurgiu", "джурджу"), ("corabia", "корабия"),
    ]:  # fmt: skip
        assert bulgarian_spelling(romanian) == cyrillic


@pytest.mark.smoke
def test_a_romanian_ea_is_the_bulgarian_ya_both_ways():
    from search.analysis import neighbour_spelling_keys

    assert "seaca" in neighbour_spelling_keys("сяка")  # Seaca, Teleorman
    assert "corabia" in neighbour_spelling_keys("корабия")  # a final -ия stays -ia
    assert bulgarian_key("сяка") in neighbour_spelling_keys("seaca")


# --- the engine on pages ---


def search(query, language="bg", **filters):
    return DatabaseSearchEngine().search(SearchRequest(query=query, language=language, **filters))


def ids(results):
    return [hit.id for hit in results.hits]


@pytest.mark.smoke
def test_one_result_per_translation_group_in_the_visitors_language(catalogue):
    service = make_service(
        catalogue,
        "Издаване на удостоверение за раждане",
        translations={"ro": {"title": "Eliberarea certificatului de naștere", "summary": ""}},
    )

    romanian = search("certificat de naștere", "ro")
    assert [(hit.id, hit.locale, hit.available_locales) for hit in romanian.hits] == [
        (service.catalogue_id, "ro", ["bg", "ro"])
    ]
    english = search("удостоверение за раждане", "en")
    assert [(hit.id, hit.locale) for hit in english.hits] == [(service.catalogue_id, "bg")]


@pytest.mark.smoke
def test_bulgarian_typed_in_latin_letters_finds_the_cyrillic_page(catalogue):
    ruse = make_institution(catalogue, "Община Русе", "ruse-municipality")
    service = make_service(catalogue, "Удостоверение за наследници", institution=ruse)
    make_service(catalogue, "Разрешение за строеж")

    # The complete match first; then, as the page is not full, what matches part of the query.
    assert ids(search("udostoverenie Ruse")) == [service.catalogue_id, ruse.catalogue_id]
    assert ids(search("udostoverenieto za naslednitsi", "en")) == [service.catalogue_id]


@pytest.mark.smoke
@pytest.mark.parametrize("typed", ["pasaport", "pashaport", "paşaportului"])
def test_one_or_two_typos_and_other_forms_still_find(catalogue, typed):
    service = make_service(catalogue, "Pașaport electronic")

    assert service.catalogue_id in ids(search(typed, "ro"))


def test_a_real_word_no_record_holds_is_read_as_the_word_it_mistypes(catalogue):
    make_service(catalogue, "Лична помощ за възрастни хора")
    card = make_service(catalogue, "Издаване на лична карта")

    # "карат" (carat) is a word, but no record holds it in any form or translation: "карта".
    assert ids(search("лична карат"))[0] == card.catalogue_id
    concept = parse_query("лична карат", "bg", snapshot()).concepts[1]
    assert (bulgarian_key("карта"),) in {alternative.keys for alternative in concept.alternatives}


def test_a_mistyped_real_word_brings_the_translations_of_the_word_it_stands_for(catalogue):
    GlossaryTerm.objects.create(term_bg="строеж", term_ro="construcție", term_en="construction")
    make_service(catalogue, "Разрешение за строеж")

    # "стоеж" is a word of its own, which no record holds: read as "строеж", in every language.
    concept = parse_query("разрешение за стоеж", "bg", snapshot()).concepts[1]
    found = {alternative.keys: alternative.kind for alternative in concept.alternatives}
    assert found[(bulgarian_key("строеж"),)] == "typo"
    assert found[tuple(document_keys("construcție", "ro"))] == "glossary"


def test_a_real_word_some_record_holds_is_taken_as_typed(catalogue):
    make_service(catalogue, "Издаване на лична карта")
    make_service(catalogue, "Проба на златни изделия над 14 карат")

    concept = parse_query("лична карат", "bg", snapshot()).concepts[1]
    assert "typo" not in {alternative.kind for alternative in concept.alternatives}


def test_a_place_the_query_names_meets_records_there_that_never_write_it(catalogue):
    vidin = make_institution(catalogue, "Община Видин", "vidin-municipality", country="BG", region="Vidin")
    seaca = make_institution(catalogue, "Кметство Сяка", "seaca-hall", country="RO", region="Teleorman")
    at_vidin = make_service(catalogue, "Данък върху превозните средства", institution=vidin, slug="tax-vidin")
    at_seaca = make_service(catalogue, "Данък върху превозните средства", institution=seaca, slug="tax-seaca")

    # The region and the country, in each of the site's languages, though no page writes them.
    assert ids(search("данък превозни средства Телеорман"))[0] == at_seaca.catalogue_id
    assert ids(search("данък превозни средства Румъния"))[0] == at_seaca.catalogue_id
    assert ids(search("данък превозни средства România", "ro"))[0] == at_seaca.catalogue_id
    assert ids(search("данък превозни средства Bulgaria", "en"))[0] == at_vidin.catalogue_id


def test_the_words_that_name_a_place_are_those_of_one_word_regions_and_countries():
    keys = place_name_keys()

    for text, language in [("Румъния", "bg"), ("România", "ro"), ("Bulgaria", "en"), ("Телеорман", "bg"), ("Argeș", "ro")]:
        assert set(document_keys(text, language)) <= keys
    # The words of a longer name are words of every day too: "sat" (village), "city", "област".
    for text, language in [("sat", "ro"), ("city", "en"), ("област", "bg"), ("стара", "bg")]:
        assert not set(document_keys(text, language)) & keys


def test_a_named_place_puts_its_records_before_better_worded_ones_elsewhere(catalogue):
    vidin = make_institution(catalogue, "Община Видин", "vidin-municipality", country="BG", region="Vidin")
    seaca = make_institution(catalogue, "Кметство Сяка", "seaca-hall", country="RO", region="Teleorman")
    in_title = make_service(catalogue, "Помощ за отопление с дърва", institution=vidin, slug="heating-vidin")
    in_summary = make_service(
        catalogue, "Социално подпомагане", summary="Помощ за отопление с дърва през зимата", institution=seaca,
        slug="heating-seaca",
    )

    # The place is met only at body weight (no page writes it), yet it decides: a visitor who
    # names the country wants its records first, however well another record words the rest.
    assert ids(search("помощ за отопление с дърва в Румъния"))[:2] == [in_summary.catalogue_id, in_title.catalogue_id]
    assert ids(search("помощ за отопление с дърва Teleorman"))[0] == in_summary.catalogue_id
    assert ids(search("помощ за отопление с дърва"))[0] == in_title.catalogue_id


def test_a_visitor_asking_for_an_offices_hours_finds_the_office_first(catalogue):
    office = make_institution(
        catalogue, "Бюро по труда Добрич", "dbt-dobrich", country="BG", region="Dobrich",
        listing_summary="Регистрация на търсещи работа, посредничество и обучения.",
        address="ул. Независимост 5, 9300 Добрич",
        opening_hours="Понеделник – петък, 8:30 – 17:00", phone="+359 58 600 000",
    )
    service = make_service(
        catalogue, "Регистрация в бюрото по труда Добрич", summary="Как да се регистрирате като безработен.",
        institution=office, slug="jobseeker",
    )

    # The page's contact headings, in each of the site's languages, count as its words.
    assert ids(search("бюро по труда Добрич работно време"))[0] == office.catalogue_id
    assert ids(search("бюро по труда Добрич"))[0] == service.catalogue_id


def test_an_office_without_hours_is_not_found_by_them(catalogue):
    make_institution(catalogue, "Бюро по труда Добрич", "dbt-dobrich", country="BG", region="Dobrich", phone="+359 58")

    assert search("работно време").hits == []
    assert search("телефон").hits


def test_title_matches_rank_above_body_matches(catalogue):
    in_body = make_service(catalogue, "Местни данъци", summary="Плащане на данък за превозно средство")
    in_title = make_service(catalogue, "Данък върху превозните средства", summary="Плащане онлайн")

    assert ids(search("данък превозно средство"))[:2] == [in_title.catalogue_id, in_body.catalogue_id]


@pytest.mark.smoke
def test_glossary_carries_a_query_into_a_language_the_page_lacks(catalogue):
    GlossaryTerm.objects.create(
        term_bg="разрешение за строеж", term_ro="autorizație de construire", term_en="building permit"
    )
    service = make_service(catalogue, "Издаване на разрешение за строеж")
    make_service(catalogue, "Издаване на удостоверение за раждане")

    assert ids(search("autorizatie de construire", "ro")) == [service.catalogue_id]
    assert ids(search("building permit", "en")) == [service.catalogue_id]


def test_translation_memory_teaches_word_translations(catalogue):
    GlossaryTerm.objects.all().delete()
    # Two translated services teach that "брак" is "căsătorie" ...
    make_service(
        catalogue,
        "Сключване на граждански брак",
        translations={"ro": {"title": "Încheierea căsătoriei civile", "summary": ""}},
    )
    make_service(
        catalogue,
        "Удостоверение за сключен брак",
        translations={"ro": {"title": "Certificat de căsătorie", "summary": ""}},
    )
    # ... so a Romanian visitor finds the one that exists only in Bulgarian.
    untranslated = make_service(catalogue, "Дубликат на акт за брак")
    rebuild_lexicon()

    marriage = bulgarian_key("брак")
    assert LexiconEntry.objects.filter(source_key__in=query_keys("casatorie"), target_key=marriage).exists()
    assert untranslated.catalogue_id in ids(search("căsătorie", "ro"))


def test_lexicon_keeps_pairs_seen_together_and_drops_chance_ones():
    groups = [
        {"bg": "Удостоверение за раждане", "ro": "Certificat de naștere"},
        {"bg": "Дубликат на удостоверение за раждане", "ro": "Duplicat al certificatului de naștere"},
        {"bg": "Акт за раждане", "ro": "Act de naștere"},
        {"bg": "Удостоверение за брак", "ro": "Certificat de căsătorie"},
    ]
    lexicon = build_lexicon(groups)

    birth, certificate = bulgarian_key("раждане"), bulgarian_key("удостоверение")
    assert (birth, document_keys("naștere", "ro")[0]) in lexicon
    assert (certificate, document_keys("certificat", "ro")[0]) in lexicon
    assert (bulgarian_key("брак"), document_keys("căsătorie", "ro")[0]) not in lexicon  # seen once only


@pytest.mark.smoke
def test_facets_count_matches_and_each_ignores_its_own_filter(catalogue):
    giurgiu = make_institution(catalogue, "Primăria Giurgiu", "giurgiu-municipality", country="RO", region="Giurgiu")
    make_service(catalogue, "Данък сгради", audience=["citizens"])
    make_service(catalogue, "Данък за фирми", audience=["businesses"])
    make_service(catalogue, "Данък в Гюргево", institution=giurgiu, audience=["citizens"])

    results = search("данък", country="RO")
    assert results.total == 1
    countries = {item["value"]: item["count"] for item in results.facets["country"]}
    assert countries == {"BG": 2, "RO": 1}
    audiences = {item["value"]: item["count"] for item in results.facets["audience"]}
    assert audiences == {"citizens": 1}
    assert {item["value"] for item in results.facets["institution"]} == {"giurgiu-municipality"}


def test_snippet_highlights_the_matched_words_and_escapes_the_rest(catalogue):
    make_service(catalogue, "Такса смет", summary="Плащане на <такса> за битови отпадъци на гише")

    hit = search("такси").hits[0]
    assert "<mark>такса</mark>" in hit.snippet.lower()
    assert "&lt;" in hit.snippet and "<такса>" not in hit.snippet


@pytest.mark.smoke
def test_did_you_mean_for_a_query_that_finds_nothing(catalogue):
    make_service(catalogue, "Регистрация на превозно средство")

    results = search("регистрасиятааа")
    assert results.total == 0
    assert results.suggestion == "регистрация"


@pytest.mark.smoke
def test_suggest_completes_titles_in_the_visitors_language(catalogue):
    service = make_service(
        catalogue,
        "Издаване на паспорт",
        translations={"en": {"title": "Issuing a passport", "summary": ""}},
    )

    assert [(item["id"], item["title"]) for item in suggest("issuing pass", "en")] == [
        (service.catalogue_id, "Issuing a passport")
    ]
    assert [item["title"] for item in suggest("izdavane na pas", "bg")] == ["Издаване на паспорт"]
    assert suggest("pas", "ro")[0]["locale"] == "bg"  # no Romanian version: its source


def test_parsed_query_has_one_concept_per_content_word(catalogue):
    make_service(catalogue, "Удостоверение за раждане")
    parsed = parse_query("удостоверение за раждане", "bg", snapshot())

    assert [concept.word for concept in parsed.concepts] == ["удостоверение", "раждане"]


def test_entries_follow_the_catalogue_ids(catalogue):
    service = make_service(catalogue, "Удостоверение за раждане")

    entry = SearchEntry.objects.get(identifier=service.catalogue_id)
    assert (entry.kind, entry.country, entry.institution) == ("service", "BG", "vidin-municipality")


def test_without_a_shared_cache_a_snapshot_is_trusted_for_a_minute_only(catalogue, monkeypatch):
    from search import engine

    first = snapshot()
    assert snapshot() is first
    monkeypatch.setattr(engine.time, "monotonic", lambda: first.loaded_at + engine.UNSHARED_CACHE_SNAPSHOT_SECONDS + 1)

    assert snapshot() is not first


def test_a_word_no_translator_has_met_reaches_a_page_in_another_language(catalogue):
    # The example: beekeepers only in Bulgarian, searched in Romanian and English. No
    # glossary term or translation memory links them: the shipped vocabulary does.
    service = make_service(catalogue, "Регистрация на пчелари", summary="Подпомагане на пчеларите в общината.")
    engine = search_engine()

    for query, language in (("apicultori", "ro"), ("beekeepers", "en"), ("pcelari", "bg")):
        hits = engine.search(SearchRequest(query=query, language=language)).hits
        assert [hit.id for hit in hits] == [service.catalogue_id], query


def test_romanian_and_bulgarian_words_meet_through_their_sure_english_translation(catalogue, monkeypatch):
    # "număr" and "номер" are not linked directly (the dictionaries pair Romanian with Bulgarian
    # only through WordNet synsets, here to "число" and "цифра"), but each is English "number"
    # at 0.97–0.98. No English page holds "number": the link goes through the dictionaries alone.
    service = make_service(catalogue, "Удостоверение за административен номер на имот")
    make_service(catalogue, "Удостоверение за наследници")
    # A record holding a direct (weak) link of "număr": without it the word would have no link in
    # the index and go through English anyway (the rule for words the index lacks).
    other = make_service(catalogue, "Справка за количеството битови отпадъци")
    engine = search_engine()

    def found(query):
        return [hit.id for hit in engine.search(SearchRequest(query=query, language="ro")).hits]

    assert found("numărul")[:1] == [service.catalogue_id]
    assert found("certificat cu numărul casei")[:1] == [service.catalogue_id]
    monkeypatch.setattr("search.engine.NEIGHBOUR", {})
    assert found("numărul") == [other.catalogue_id]


def test_the_step_on_from_english_takes_a_synsets_likely_translation(catalogue, monkeypatch):
    # "обезщетение" is English "indemnity" at 1.0, and "indemnity" Romanian "indemnizație" at
    # 0.81 (a WordNet synset): the onward step asks 0.8, the first one 0.9.
    service = make_service(
        catalogue,
        "Месечни плащания за майки",
        translations={"ro": {"title": "Indemnizație pentru creșterea copilului", "summary": ""}},
    )

    assert found_ids("обезщетение") == [service.catalogue_id]
    monkeypatch.setattr("search.engine.NEIGHBOUR_ONWARD", 0.9)
    assert found_ids("обезщетение") == []


def _dog_registration_and_waste_fee(catalogue, waste_body):
    """Two services: the dog's registration, and a waste fee whose body says ``waste_body``."""
    dogs = make_service(catalogue, "Регистрация на куче")
    waste = make_service(catalogue, "Такса за битови отпадъци")
    waste.description = waste_body
    waste.save_revision().publish()
    return dogs, waste


def found_ids(query, language="bg"):
    return [hit.id for hit in search_engine().search(SearchRequest(query=query, language=language)).hits]


def test_entries_holding_the_words_in_their_title_come_before_those_holding_more_of_them_in_the_body(
    catalogue, monkeypatch
):
    # The dog's registration holds two of the three words in its title; the waste fee holds all
    # three, but two of them only in its body. Words met only in a body still find an entry (it
    # stays in the results) but do not count towards how much of the query it covers.
    dogs, waste = _dog_registration_and_waste_fee(catalogue, "<p>Не зависи от регистрация на куче в имота.</p>")
    # The rule alone: the pets' ring ("такса за куче", "регистрация на куче") would let the dog's
    # title meet "такса" as well.
    monkeypatch.setattr("search.engine.service_kind_terms_by_key", lambda: {})
    # The engine's own order, without the second look (search.reranking), which would keep the
    # dog's registration first either way.
    monkeypatch.setattr("search.reranking.model", lambda: {})

    assert found_ids("такса куче регистрация") == [dogs.catalogue_id, waste.catalogue_id]
    monkeypatch.setattr("search.engine.COVERAGE_SHARE", 0.0)  # every match covers its word
    assert found_ids("такса куче регистрация") == [waste.catalogue_id, dogs.catalogue_id]


def test_a_partial_match_holding_more_of_the_query_in_its_title_comes_before_a_loose_full_one(catalogue, monkeypatch):
    # Four words, three needed: the waste fee reaches three (one in its title, two in its body),
    # the dog's registration two, both in its title. It is a partial match, yet it covers more.
    dogs, waste = _dog_registration_and_waste_fee(catalogue, "<p>Не зависи от регистрация на куче.</p>")
    monkeypatch.setattr("search.engine.service_kind_terms_by_key", lambda: {})  # the rule alone, as above
    monkeypatch.setattr("search.reranking.model", lambda: {})  # the engine's own order (no second look)

    assert found_ids("такса куче регистрация село") == [dogs.catalogue_id, waste.catalogue_id]
    monkeypatch.setattr("search.engine.PARTIAL_COVERED", 99)  # partial matches all after the others
    assert found_ids("такса куче регистрация село") == [waste.catalogue_id, dogs.catalogue_id]


def test_one_word_in_a_title_comes_before_every_word_only_in_a_body(catalogue, monkeypatch):
    # Two words, both needed: the waste fee holds both, only in its body; the dog's registration
    # one, in its title. The full match covers nothing prominently, the partial one a word.
    dogs, waste = _dog_registration_and_waste_fee(catalogue, "<p>Не зависи от куче и село.</p>")
    monkeypatch.setattr("search.engine.service_kind_terms_by_key", lambda: {})  # the rule alone, as above
    monkeypatch.setattr("search.reranking.model", lambda: {})  # the engine's own order (no second look)

    assert found_ids("куче село") == [dogs.catalogue_id, waste.catalogue_id]
    monkeypatch.setattr("search.engine.PARTIAL_COVERED", 2)  # before stop 38
    assert found_ids("куче село") == [waste.catalogue_id, dogs.catalogue_id]


def test_a_verbal_noun_finds_the_service_named_with_the_other_noun_of_its_verb(catalogue, monkeypatch):
    # "регистриране" (registering) and "регистрация" (registration) stem apart, and no
    # dictionary links them: they meet through their root.
    service = make_service(catalogue, "Регистрация на куче")

    assert found_ids("регистриране") == [service.catalogue_id]
    monkeypatch.setattr("search.engine.derivation_root", lambda key: None)
    assert found_ids("регистриране") == []


def test_a_place_spelled_the_other_countrys_way_finds_its_records(catalogue, monkeypatch):
    # Romanian writes Балчик "Balcic", Bulgarian writes Giurgiu "Джурджу": neither is a typo of
    # the spelling the index keeps ("balchik", "giurgiu").
    balchik = make_institution(catalogue, "Община Балчик", "balchik-municipality")
    giurgiu = make_institution(catalogue, "Primăria Giurgiu", "giurgiu-town-hall")

    assert found_ids("Balcic", "ro") == [balchik.catalogue_id]
    assert found_ids("Джурджу", "bg") == [giurgiu.catalogue_id]
    monkeypatch.setattr("search.engine.neighbour_spelling_keys", lambda word: frozenset())
    assert found_ids("Balcic", "ro") == []
    assert found_ids("Джурджу", "bg") == []


def test_a_word_of_the_visitors_language_is_not_read_as_a_name_of_the_other_country(catalogue):
    from search.analysis import neighbour_spelling_keys

    make_service(catalogue, "Акт за раждане")  # "acte" read as Bulgarian is акт
    snap = snapshot()
    assert bulgarian_key("акт") in neighbour_spelling_keys("acte")
    assert bulgarian_key("акт") not in parse_query("acte", "ro", snap).concepts[0].keys


def test_whether_a_word_names_services_is_read_once_per_index_version(catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.engine import _names_services

    make_service(catalogue, "Удостоверение за наследници")
    snap = snapshot()
    [concept] = parse_query("удостоверение", "bg", snap).concepts

    with CaptureQueriesContext(connection) as first:
        assert _names_services(concept, snap) is True
    with CaptureQueriesContext(connection) as again:
        assert _names_services(concept, snap) is True
    assert (len(first.captured_queries), len(again.captured_queries)) == (1, 0)

    make_institution(catalogue, "Център за удостоверение на подписи", "signature-centre")
    make_institution(catalogue, "Служба за удостоверение на документи", "documents-office")
    fresh = snapshot()
    assert fresh is not snap
    assert _names_services(parse_query("удостоверение", "bg", fresh).concepts[0], fresh) is False


def test_the_lexicon_and_the_feedbacks_title_keys_are_read_once_per_index_version(catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.engine import feedback_query, index_changed

    service = make_service(catalogue, "Удостоверение за наследници")
    entry_id = SearchEntry.objects.get(translation_key=service.translation_key).pk
    LexiconEntry.objects.create(source_key="zorblat", target_key=bulgarian_key("наследници"), score=0.9)
    index_changed()  # as rebuild_lexicon does
    snap = snapshot()

    def lexicon_and_title_reads(run):
        with CaptureQueriesContext(connection) as queries:
            result = run()
        statements = [query["sql"] for query in queries.captured_queries]
        return result, (
            sum("search_lexiconentry" in sql for sql in statements),
            sum("search_searchposting" in sql for sql in statements),
        )

    parsed, reads = lexicon_and_title_reads(lambda: parse_query("zorblat", "en", snap))
    assert bulgarian_key("наследници") in parsed.keys and reads == (1, 0)
    assert lexicon_and_title_reads(lambda: parse_query("zorblat", "en", snap))[1] == (0, 0)

    feedback, reads = lexicon_and_title_reads(lambda: feedback_query(parsed, [entry_id], snap))
    assert bulgarian_key("удостоверение") in feedback.keys and reads == (0, 1)
    assert lexicon_and_title_reads(lambda: feedback_query(parsed, [entry_id], snap))[1] == (0, 0)

    # A changed index (a new lexicon, a renamed service) is read afresh.
    LexiconEntry.objects.all().delete()
    service.title = "Справка за наследници"
    service.save_revision().publish()
    fresh = snapshot()
    assert fresh is not snap
    assert bulgarian_key("наследници") not in parse_query("zorblat", "en", fresh).keys
    assert bulgarian_key("справка") in feedback_query(parsed, [entry_id], fresh).keys


def test_a_snapshot_memo_loads_only_what_it_lacks_and_empties_when_full(monkeypatch):
    from search.engine import Snapshot

    monkeypatch.setattr("search.engine.SNAPSHOT_MEMO_KEPT", 3)
    snap = Snapshot(version="v", entries={}, document_frequency={}, sorted_keys=[], keys_by_length={}, glossary=[])
    loads = []

    def load(missing):
        loads.append(sorted(missing))
        return {item: item.upper() for item in missing}

    assert snap.remembered(snap.lexicon, ["a", "b"], load) == {"a": "A", "b": "B"}
    assert snap.remembered(snap.lexicon, ["b", "c"], load) == {"b": "B", "c": "C"}
    assert loads == [["a", "b"], ["c"]]
    assert snap.remembered(snap.lexicon, ["d"], load) == {"d": "D"}  # four would be too many
    assert snap.lexicon == {"d": "D"} and loads[-1] == ["d"]


def test_a_news_item_is_found_by_a_word_of_its_body_in_every_language(home_pages):
    # The example was a news item: its stream body (Wagtail 8 hands it out as a view
    # of the raw data, not a list) must reach the index, and through it the other languages.
    from tests.factories import NewsIndexPageFactory, NewsPageFactory

    index = NewsIndexPageFactory(parent=home_pages["bg"])
    news = NewsPageFactory(
        parent=index,
        title="Среща в читалището",
        lead="Общината покани жителите.",
        body=[{"type": "paragraph", "value": "<p>Пчеларите от района обсъдиха подпомагането.</p>"}],
    )
    engine = search_engine()

    for query, language in (("пчелари", "bg"), ("pcelari", "bg"), ("apicultori", "ro"), ("beekeepers", "en")):
        hits = engine.search(SearchRequest(query=query, language=language)).hits
        assert [hit.id for hit in hits] == [str(news.translation_key)], query


@pytest.mark.smoke
def test_a_concept_met_only_in_another_language_keeps_its_specificity():
    """A specific word the index holds only in another language ("dog": куче, a dictionary link)
    against a generic one the visitor's language holds in many records ("licence": its own key
    and its translations): counted over all its alternatives the specific concept is the rarer,
    so a record holding it loses less to one holding the generic word than the link's weight
    alone would say."""
    from search.engine import EXACT, Alternative, Concept, ParsedQuery, Snapshot, concept_rarity, scoring_plan

    entries = {pk: None for pk in range(100)}
    frequency = {"licenc": 3, "permis": 12, "razresheni": 15, "kuche": 3}
    snap = Snapshot(
        version="test", entries=entries, document_frequency=frequency, sorted_keys=sorted(frequency),
        keys_by_length={}, glossary=[],
    )  # fmt: skip
    licence = Concept(
        "licence", [Alternative(("licenc",), EXACT), Alternative(("permis",), 0.75), Alternative(("razresheni",), 0.6)]
    )
    dog = Concept("dog", [Alternative(("dog",), EXACT), Alternative(("kuche",), 0.6)])
    assert concept_rarity(dog, snap) > concept_rarity(licence, snap)

    (licence_plan, dog_plan) = scoring_plan(ParsedQuery("dog licence", "en", [licence, dog]), snap)
    worth = {keys: value for keys, value in licence_plan + dog_plan}
    # The same key frequency (3 records each): the word met through the dictionary now counts
    # for more than its link's weight times the generic word's worth.
    assert worth[("kuche",)] / worth[("licenc",)] > 0.6


def test_a_translation_brings_the_longer_keys_it_starts_as_a_word_of_the_query_does():
    """The dictionaries give stems ("municip" for община), pages hold longer words built on them
    ("municipal", "municipiului"): a translation's key of five letters or more brings them, at
    PREFIX times its weight; a shorter one ("pat", път) would bring unrelated words ("patent")."""
    from search.engine import EXACT, PREFIX, Alternative, Concept, Snapshot, _add_longer_translations

    frequency = {"obshtin": 4, "municip": 2, "municipal": 3, "municipiului": 1, "pat": 2, "patent": 5}
    snap = Snapshot(
        version="test", entries={}, document_frequency=frequency, sorted_keys=sorted(frequency),
        keys_by_length={}, glossary=[],
    )  # fmt: skip
    concept = Concept(
        "община",
        [
            Alternative(("obshtin",), EXACT),
            Alternative(("municip",), 0.7, "dictionary"),
            Alternative(("pat",), 0.7, "dictionary"),
        ],
    )

    _add_longer_translations(concept, snap)

    added = {alternative.keys: alternative for alternative in concept.alternatives[3:]}
    assert set(added) == {("municipal",), ("municipiului",)}
    assert {alternative.kind for alternative in added.values()} == {"prefix"}
    assert added[("municipal",)].weight == pytest.approx(PREFIX * 0.7)


def test_entries_covering_enough_of_the_query_come_before_those_the_feedback_adds(catalogue):
    # The feedback adds records that share the best match's other title words ("ваучер",
    # "дарител"); a record holding two of the query's three words in its title holds more of
    # what the visitor asked for, and comes first.
    full = make_service(catalogue, "Регистрация на куче в село с ваучер от дарител")
    enough = make_service(catalogue, "Регистрация на куче")
    resembling = make_service(catalogue, "Ваучер от дарител за детска градина")

    assert found_ids("регистрация куче село") == [full.catalogue_id, enough.catalogue_id, resembling.catalogue_id]


def test_a_word_of_a_kind_of_service_finds_the_service_named_with_another(catalogue, monkeypatch):
    # No dictionary ties "почина" (died) or "a murit" to the death record (the dictionaries give
    # "почина" as "rest"): the ring of the death registration does, in every language.
    service = make_service(catalogue, "Съставяне на акт за смърт")
    make_service(catalogue, "Съставяне на акт за раждане")

    # First; the birth record may follow, as the feedback's record sharing "съставяне на акт".
    assert found_ids("почина")[:1] == [service.catalogue_id]
    assert found_ids("a murit", "ro")[:1] == [service.catalogue_id]
    assert found_ids("passed away", "en")[:1] == [service.catalogue_id]
    monkeypatch.setattr("search.engine.service_kind_terms_by_key", lambda: {})
    assert service.catalogue_id not in found_ids("a murit", "ro")


def test_another_form_of_the_word_finds_what_the_stemmer_keys_apart(catalogue, monkeypatch):
    # The Romanian stemmer keys "copii" (children) "cop" but "copiilor" (of the children)
    # "copi", which is also the key of "copie" (a copy); Hunspell's forms of the lemma tie the
    # children together, before the dictionary's copies.
    children = make_service(
        catalogue, "Помощ за деца", translations={"ro": {"title": "Ajutor lunar pentru copii", "summary": ""}}
    )
    copy = make_service(
        catalogue, "Издаване на дубликат", translations={"ro": {"title": "Eliberarea unui duplicat", "summary": ""}}
    )

    assert found_ids("copiilor", "ro")[:1] == [children.catalogue_id]
    (concept,) = parse_query("copiilor", "ro").concepts
    assert ("cop",) in [alternative.keys for alternative in concept.alternatives if alternative.kind == "form"]
    monkeypatch.setattr("search.engine.siblings", lambda key: [])
    assert found_ids("copiilor", "ro")[:1] == [copy.catalogue_id]


def test_a_record_no_one_translated_is_not_put_behind_a_translated_one_for_that_alone(catalogue, monkeypatch):
    # Two municipalities' vehicle tax, in Bulgarian; one has an English version whose title does
    # not say "vehicle tax". An English visitor meets both through the same Bulgarian words, but
    # the untranslated one could be met no other way: its score is raised (UNTRANSLATED), and it
    # comes first rather than tie with the translated one.
    translated = make_service(
        catalogue, "Данък върху превозните средства", translations={"en": {"title": "Yearly dues of owners", "summary": ""}}
    )
    untranslated = make_service(catalogue, "Данък върху превозните средства", slug="vehicle-tax-elsewhere")
    monkeypatch.setattr("search.reranking.model", lambda: {})  # the engine's own order (no second look)

    assert found_ids("vehicle tax", "en")[:2] == [untranslated.catalogue_id, translated.catalogue_id]
    # A record in the visitor's own words still comes first.
    assert found_ids("yearly dues", "en")[:1] == [translated.catalogue_id]
    monkeypatch.setattr("search.engine.UNTRANSLATED", 1.0)
    monkeypatch.setattr("search.node.UNTRANSLATED", 1.0)
    assert found_ids("vehicle tax", "en")[:2] == [translated.catalogue_id, untranslated.catalogue_id]


def test_the_service_kinds_are_complete_in_three_languages_and_specific():
    """Every ring names its kind in the three languages, and no entry is a generic word alone: a
    ring holding "удостоверение" would tie every certificate to one kind of service."""
    from search.analysis import LANGUAGES, document_keys
    from search.service_kinds import RINGS_FILE, service_kind_terms

    document = json.loads(RINGS_FILE.read_text(encoding="utf-8"))
    generic = {
        "bg": "удостоверение разрешение заявление помощ данък такса регистрация община документ услуга",
        "ro": "adeverință certificat autorizație cerere ajutor impozit taxă înregistrare primărie document serviciu",
        "en": "certificate permit application request form office help aid tax fee registration municipality document service",
    }
    generic_keys = {
        language: {key for word in words.split() for key in document_keys(word, language)}
        for language, words in generic.items()
    }
    assert document["licence"] == "CC0-1.0"
    assert len({ring["id"] for ring in document["rings"]}) == len(document["rings"]) >= 100
    for ring in document["rings"]:
        for language in LANGUAGES:
            assert ring[language], (ring["id"], language)
            for entry in ring[language]:
                keys = set(document_keys(entry, language))
                assert keys and not keys <= generic_keys[language], (ring["id"], entry)
                assert len(entry.split()) <= 3, (ring["id"], entry)
    assert len(service_kind_terms()) > 2500  # distinct entries, by their keys


def test_the_node_query_leaves_out_the_faintest_alternatives_first_and_keeps_each_concepts_best():
    from search.node import MAX_TERM_CLAUSES, term_clauses, within_clause_limit

    strong = [((f"a{number}",), 1.0 - number / 1000) for number in range(200)]
    phrases = [((f"b{number}", f"c{number}"), 0.5 - number / 1000) for number in range(100)]
    faint = [(("d0",), 0.01)]
    asked = [strong, phrases, faint]
    assert sum(term_clauses(keys) for alternatives in asked for keys, _worth in alternatives) > MAX_TERM_CLAUSES

    kept = within_clause_limit(asked)

    assert sum(term_clauses(keys) for alternatives in kept for keys, _worth in alternatives) <= MAX_TERM_CLAUSES
    assert [alternatives[0] for alternatives in kept] == [strong[0], phrases[0], faint[0]]
    weakest_kept = min(worth for alternatives in kept for _keys, worth in alternatives[1:])
    dropped = [
        alternative
        for before, after in zip(asked, kept, strict=True)
        for alternative in before
        if alternative not in after
    ]
    assert dropped and max(worth for _keys, worth in dropped) <= weakest_kept
    assert within_clause_limit([strong[:10], phrases[:10]]) == [strong[:10], phrases[:10]]



# --- the reordered first results (search.reranking), on the configured engine ---


def configured(query, language="bg", **request):
    return [hit.id for hit in search_engine().search(SearchRequest(query=query, language=language, **request)).hits]


def test_a_record_about_the_query_goes_above_one_that_only_holds_its_words(catalogue):
    # Both hold the three words in their titles; one is about them, the other about water.
    other = make_service(catalogue, "Протокол от анализ на вода от кладенци и сондажи с нова лична карта на собственика")
    about = make_service(catalogue, "Нова лична карта")

    assert configured("нова лична карта")[:2] == [about.catalogue_id, other.catalogue_id]


def test_past_the_reordered_results_every_page_follows_without_gaps_or_repeats(catalogue):
    ruse = make_institution(catalogue, "Община Русе", "ruse-municipality")
    made = {
        make_service(catalogue, f"Такса за услуга {number}", institution=ruse if number % 3 else None).catalogue_id
        for number in range(45)
    }

    everything = configured("такса за услуга", page_size=50)
    pages = [configured("такса за услуга", page_size=7, page=number) for number in range(1, 8)]
    in_ruse = [
        hit
        for number in range(1, 6)
        for hit in configured("такса за услуга", page_size=7, page=number, institution="ruse-municipality")
    ]

    assert set(everything) == made and len(everything) == 45
    assert [hit for page in pages for hit in page] == everything
    assert len(in_ruse) == len(set(in_ruse)) == 30
    assert in_ruse == [hit for hit in everything if hit in set(in_ruse)]
