"""The search engine: from what a visitor typed to ranked, faceted results.

A query becomes *concepts*, one per word. Each concept can be satisfied by *alternatives*:
the keys the word could have been indexed under (search.analysis), keys one or two typos
away, longer keys it is the start of, and its translations into the other two languages —
from the translators' glossary (whole terms) and from the lexicon learnt from the translation
memory (single words). An entry's score sums, over the concepts, the best alternative it
contains times the weight of the field it is in (title above summary above body) times the
concept's rarity; entries covering more concepts (holding them in a title or summary through
a close enough alternative, see COVERAGE_SHARE) rank first. The first page is then reordered by
search.reranking's model, which sees how each record meets the query as a whole.

The database engine runs this on the postings table (same code on SQLite and PostgreSQL);
search.node sends the same parsed query to an OpenSearch or Elasticsearch node.
"""

import bisect
import math
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils.html import escape
from django.utils.translation import override
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from .analysis import (
    LANGUAGES,
    cyrillic_readings,
    derivation_root,
    document_key,
    document_keys,
    is_cyrillic,
    is_stopword,
    neighbour_spelling_keys,
    query_keys,
    reading_keys,
    token_keys,
    transliterate,
    words,
)
from .documents import place_name_keys
from .highlight import highlight_keys
from .models import EntryKind, GlossaryTerm, LexiconEntry, SearchEntry, SearchEntryVersion, SearchPosting
from .reranking import rerank
from .service_kinds import service_kind_terms_by_key
from .vocabulary import is_word, siblings, translations, word_translations

MAX_PAGE_SIZE = 50
SUGGEST_CANDIDATES = 60
FACETS = ("type", "country", "region", "institution", "audience")
KIND_ORDER = {
    EntryKind.SERVICE: 0,
    EntryKind.INSTITUTION: 1,
    EntryKind.DELIVERABLE: 2,
    EntryKind.NEWS: 3,
    EntryKind.PAGE: 4,
}

# How much an alternative is worth next to the word itself.
EXACT, PREFIX, ONE_TYPO, TWO_TYPOS, GLOSSARY, LEXICON, DICTIONARY = 1.0, 0.8, 0.7, 0.55, 0.9, 0.75, 0.7
DERIVED = 0.7
DERIVED_KEYS = 8  # the commonest keys of a root that stand for the word
DICTIONARY_PER_WORD = 8
DICTIONARY_COMMON_FACTOR = 2
DICTIONARY_RARE = 10
_VERSION_KEY = "search:index-version"
_WORD_SPLIT = re.compile(r"(\w+)")


def index_changed():
    """Tell every process that the index changed (their snapshots reload on next use)."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, None)


# --- the parsed query ---


@dataclass(frozen=True)
class Alternative:
    keys: tuple  # all must be in the entry
    weight: float
    # Where it comes from: the word's own spellings ("word"), its other forms ("form"), a longer
    # key it starts ("prefix"), a key it is a typo of ("typo"), a translation or synonym
    # ("glossary", "lexicon", "dictionary", "service kind", "feedback"). Said, not inferred from
    # the weight: weights may coincide.
    kind: str = "word"


# The kinds of alternative that stand for the word in other words (another language's or synonyms).
TRANSLATION_KINDS = frozenset({"glossary", "lexicon", "dictionary"})


@dataclass
class Concept:
    word: str
    alternatives: list = field(default_factory=list)

    def add(self, keys, weight, kind="word"):
        keys = tuple(sorted(set(keys)))
        for index, existing in enumerate(self.alternatives):
            if existing.keys == keys:
                if existing.weight < weight:
                    self.alternatives[index] = Alternative(keys, weight, kind)
                return
        self.alternatives.append(Alternative(keys, weight, kind))

    @property
    def keys(self):
        return {key for alternative in self.alternatives for key in alternative.keys}


@dataclass
class ParsedQuery:
    text: str
    language: str
    concepts: list

    @property
    def keys(self):
        return set().union(*(concept.keys for concept in self.concepts)) if self.concepts else set()


# --- what every process keeps in memory, reloaded when the index changes ---


@dataclass
class EntryInfo:
    pk: int
    kind: str
    identifier: str
    source_language: str
    country: str
    region: str
    institution: str
    audience: tuple
    titles: dict  # language → title of translated versions


class FacetGroup(NamedTuple):
    """The facet values records share, in FACETS' order (read by SearchRequest.unmet like an
    EntryInfo)."""

    kind: str
    country: str
    region: str
    institution: str
    audience: tuple


@dataclass
class Snapshot:
    version: str
    entries: dict
    document_frequency: dict
    sorted_keys: list
    keys_by_length: dict
    glossary: list  # [(language, key set, {other language: key tuple})]
    by_translation_key: dict = field(default_factory=dict)  # str(translation key) → entry pk
    loaded_at: float = field(default_factory=time.monotonic)
    facet_labels: dict = field(default_factory=dict)  # language → labels, filled on first use
    # Key set → whether its words name services rather than institutions (_names_services): a
    # query per concept and ranking otherwise, and it changes only with the index.
    names_services: dict = field(default_factory=dict)
    # Read from the database once per snapshot, as searches ask for them (``remembered``, as is
    # ``names_services``): the translation memory's lexicon per key, the title keys per entry.
    # Both change only with the index (a lexicon rebuild marks the index changed).
    lexicon: dict = field(default_factory=dict)
    title_keys: dict = field(default_factory=dict)
    # Per entry, {key: field} of its title and summary keys: what search.reranking reads of the
    # first page's records, which popular queries meet again and again.
    prominent_keys: dict = field(default_factory=dict)
    # Language → the entries with no version in it (see UNTRANSLATED), filled on first use.
    missing_language: dict = field(default_factory=dict)

    @property
    def size(self):
        return max(1, len(self.entries))

    def untranslated(self, language):
        """The pks of the entries with no version in ``language``."""
        found = self.missing_language.get(language)
        if found is None:
            found = self.missing_language[language] = frozenset(
                pk for pk, info in self.entries.items() if language not in info.titles
            )
        return found

    @cached_property
    def institutions(self):
        """The pks of the institutions' entries (a set look-up per row of a large ranking; comparing
        each row's kind with EntryKind's member cost more than the sort)."""
        return frozenset(pk for pk, info in self.entries.items() if info.kind == EntryKind.INSTITUTION)

    @cached_property
    def facet_groups(self):
        """({entry pk: its group's number}, [the groups]): the records that share every facet
        value (kind, country, region, institution, audience) form a group, a few thousand at
        most, as each institution's services share its place. Facets and filters are counted per
        group, so a search matching thousands of records reads each record's values once."""
        numbers, groups, group_of = {}, [], {}
        for pk, info in self.entries.items():
            values = FacetGroup(info.kind, info.country, info.region, info.institution, info.audience)
            number = numbers.get(values)
            if number is None:
                number = numbers[values] = len(groups)
                groups.append(values)
            group_of[pk] = number
        return group_of, groups

    @cached_property
    def kind_rank(self):
        """{entry pk: its kind's place in KIND_ORDER}, which orders equal scores."""
        return {pk: KIND_ORDER.get(info.kind, 9) for pk, info in self.entries.items()}

    def holds(self, keys):
        """Whether some record holds each of ``keys`` (an alternative made of others matches nothing)."""
        return all(key in self.document_frequency for key in keys)

    def remembered(self, memo, wanted, load):
        """{item: value} for each of ``wanted``, from ``memo`` (one of the snapshot's dicts) or,
        for those it lacks, from ``load(missing)`` (a dict giving a value for each), which are
        then kept; ``memo`` is emptied first when it would hold more than SNAPSHOT_MEMO_KEPT."""
        found = {item: memo[item] for item in wanted if item in memo}
        missing = [item for item in wanted if item not in found]
        if missing:
            loaded = load(missing)
            if len(memo) + len(loaded) > SNAPSHOT_MEMO_KEPT:
                memo.clear()
            memo.update(loaded)
            found.update(loaded)
        return found

    @cached_property
    def title_index(self):
        """For suggest and "did you mean", built on first use (searching does not need it).

        (two- and three-letter word starts → [(entry pk, language, title words in Latin
        letters)], short titles first; a title word in Latin letters → the word as written).
        """
        buckets, surface = defaultdict(list), {}
        for info in self.entries.values():
            for language, title in info.titles.items():
                written = words(title)
                latin = tuple(transliterate(word) for word in written)
                for word, latin_word in zip(written, latin, strict=True):
                    if len(latin_word) > 3:
                        surface.setdefault(latin_word, word)
                for start in {word[:3] for word in latin} | {word[:2] for word in latin}:
                    buckets[start].append((info.pk, language, latin))
        for bucket in buckets.values():
            bucket.sort(key=lambda item: (len(item[2]), item[0]))
        return dict(buckets), surface

    @property
    def title_words(self):
        return self.title_index[0]

    @property
    def surface_words(self):
        return self.title_index[1]


_snapshot_lock = threading.Lock()
_snapshot = None


# Without a shared cache (no REDIS_URL) another process's index change cannot reach this one
# through the version key, so a snapshot is then trusted for this many seconds only.
UNSHARED_CACHE_SNAPSHOT_SECONDS = 60


def snapshot():
    global _snapshot
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(_VERSION_KEY, version, None)
        if cache.get(_VERSION_KEY) != version and _snapshot is not None and not _stale(_snapshot):
            # The shared cache is down (its errors are ignored: every read misses): rather than
            # reload the snapshot for every search, trust this one as if there were no shared cache.
            return _snapshot
    current = _snapshot
    if current is not None and current.version == version and not _expired(current):
        return current
    with _snapshot_lock:
        if _snapshot is None or _snapshot.version != version or _expired(_snapshot):
            _snapshot = _load_snapshot(version)
        return _snapshot


def _expired(snap):
    if "locmem" not in settings.CACHES["default"]["BACKEND"].lower():
        return False
    return _stale(snap)


def _stale(snap):
    return time.monotonic() - snap.loaded_at > UNSHARED_CACHE_SNAPSHOT_SECONDS


def _load_snapshot(version):
    entries = {}
    by_translation_key = {}
    for row in SearchEntry.objects.values(
        "pk", "translation_key", "kind", "identifier", "source_language", "country", "region", "institution", "audience"
    ):
        by_translation_key[str(row["translation_key"])] = row["pk"]
        entries[row["pk"]] = EntryInfo(
            pk=row["pk"],
            kind=row["kind"],
            identifier=row["identifier"],
            source_language=row["source_language"],
            country=row["country"],
            region=row["region"],
            institution=row["institution"],
            audience=tuple(code for code in row["audience"].split(",") if code),
            titles={},
        )
    for entry_id, language, title in SearchEntryVersion.objects.filter(translated=True).values_list(
        "entry_id", "language", "title"
    ):
        if entry_id in entries:
            entries[entry_id].titles[language] = title

    frequency = dict(SearchPosting.objects.values_list("key").annotate(count=Count("id")).values_list("key", "count"))
    by_length = defaultdict(list)
    for key in frequency:
        by_length[len(key)].append(key)

    glossary = []
    for term in GlossaryTerm.objects.all():
        terms = term.terms()
        keys = {language: tuple(sorted(set(document_keys(text, language)))) for language, text in terms.items()}
        for language in LANGUAGES:
            if keys[language]:
                others = {other: keys[other] for other in LANGUAGES if other != language and keys[other]}
                glossary.append((language, set(keys[language]), others))
    return Snapshot(
        version=version,
        entries=entries,
        document_frequency=frequency,
        sorted_keys=sorted(frequency),
        keys_by_length=dict(by_length),
        glossary=glossary,
        by_translation_key=by_translation_key,
    )


# --- parsing ---


def parse_query(text, language, snap=None):
    snap = snap or snapshot()
    query_words = words(text)
    content = [word for word in query_words if not is_stopword(word, language)] or query_words
    concepts = []
    dictionary_words = {}  # id(concept): keys of a word the dictionaries know, not tried as a typo
    for word in dict.fromkeys(content):
        concept = Concept(word)
        variants = query_keys(word)
        if language == "bg":
            # Latin letters typed for Bulgarian may stand for more than one letter ("danuk":
            # данък): the readings the index knows count as the word's own spellings.
            variants |= {key for key in reading_keys(word) if key in snap.document_frequency}
        # A name as the other country spells it ("Dobrici", "Олтеница"), where the index knows it;
        # a Latin word of the visitor's language is no such name ("acte" read so is акт). Latin
        # typed for Bulgarian ("dzhurdzhu") is read as its Cyrillic would be ("Джурджу").
        if is_cyrillic(word) or not is_word(document_key(word, language), {language}):
            spelled = [word, *cyrillic_readings(word)] if language == "bg" and not is_cyrillic(word) else [word]
            variants |= {
                key for written in spelled for key in neighbour_spelling_keys(written) if key in snap.document_frequency
            }
        known = [key for key in variants if key in snap.document_frequency]
        for key in variants:
            concept.add((key,), EXACT)
        _add_word_forms(concept, variants, language, snap)
        for key in variants:
            if len(key) >= 5:
                for longer in _keys_starting_with(snap, key):
                    concept.add((longer,), PREFIX, "prefix")
        # The word's other parts of speech: each root once, though several spellings give it.
        for root in sorted({derivation_root(key) for key in variants} - {None}):
            if root in snap.document_frequency:
                concept.add((root,), DERIVED, "derived")
            for related in _keys_starting_with(snap, root, DERIVED_KEYS):
                concept.add((related,), DERIVED, "derived")
        # A word the dictionaries know is no typo, even where no record holds it ("heating" is
        # not "seating"): its translations and synonyms stand for it instead.
        if known or not any(is_word(key, {language, "bg"}) for key in variants):
            _add_typo_alternatives(concept, snap, variants, known)
        else:
            dictionary_words[id(concept)] = variants
        concepts.append(concept)
    # Dictionary links start from words of the visitor's language (and Bulgarian, in either
    # script): a query key that is also a word of another language would bring that word's
    # translations ("car", Romanian for caries).
    _add_translations(concepts, snap, {language, "bg"})
    _add_neighbour_words(concepts, snap, language)
    for concept in concepts:
        _add_longer_translations(concept, snap)
    # A real word that no record holds, in no form, translation or synonym, is most likely
    # another word mistyped ("карат" for "карта"): its near spellings are tried after all, and
    # their translations, as for a word no dictionary knows.
    mistyped = [
        concept
        for concept in concepts
        if id(concept) in dictionary_words
        and not any(snap.holds(alternative.keys) for alternative in concept.alternatives)
    ]
    for concept in mistyped:
        _add_typo_alternatives(concept, snap, dictionary_words[id(concept)], [])
    if mistyped:
        _add_translations(mistyped, snap, {language, "bg"})
        for concept in mistyped:
            _add_longer_translations(concept, snap)
    return ParsedQuery(text=text, language=language, concepts=concepts)


def _add_typo_alternatives(concept, snap, variants, known):
    for similar, distance in _typo_alternatives(snap, variants, known):
        concept.add((similar,), ONE_TYPO if distance == 1 else TWO_TYPOS, "typo")
    if not known:
        for similar, distance in _misspelt_title_words(snap, concept.word):
            concept.add(similar, ONE_TYPO if distance == 1 else TWO_TYPOS, "typo")


# Another form of the same word (Hunspell's, in search/vocabulary) is nearly the word itself.
WORD_FORM = 0.9


def _add_word_forms(concept, variants, language, snap):
    """The keys of the word's other forms the index holds, where the stemmer keys them apart:
    "copiilor" is keyed "copi", "copii" (the same word, in a title) "cop". Forms of the
    visitor's language only, and of Bulgarian, typed in either script."""
    for key in sorted(variants):
        for form_language, form in siblings(key):
            if form_language in (language, "bg") and form in snap.document_frequency:
                concept.add((form,), WORD_FORM, "form")


# How many longer keys a translation brings, the commonest first.
LONGER_TRANSLATION_KEYS = 5


def _add_longer_translations(concept, snap):
    """The longer keys that a translation's key of five letters or more starts, as a word of the
    query brings its own (PREFIX times the translation's weight).

    A dictionary gives a lemma's stem, and pages may hold only longer words built on it: "брак"
    reaches "căsători" (marry), a page says "căsătorit" (married); "община" reaches "municip",
    pages say "municipal". Shorter keys are left alone: "pat" (път, road) starts "patent".
    """
    for alternative in list(concept.alternatives):
        if alternative.kind in TRANSLATION_KINDS and len(alternative.keys) == 1 and len(alternative.keys[0]) >= 5:
            for longer in _keys_starting_with(snap, alternative.keys[0], LONGER_TRANSLATION_KEYS):
                concept.add((longer,), PREFIX * alternative.weight, "prefix")


def _keys_starting_with(snap, key, limit=30):
    start = bisect.bisect_left(snap.sorted_keys, key)
    found = []
    for candidate in snap.sorted_keys[start:]:
        if not candidate.startswith(key):
            break
        if candidate != key:
            found.append(candidate)
    found.sort(key=lambda candidate: -snap.document_frequency.get(candidate, 0))
    return found[:limit]


# A word that is in the index may still be a typo: one that turns a common word into a rare
# one ("данк" next to "данък"). Its spelled-right neighbours are then tried too, when they are
# this many times more frequent than the word as typed.
TYPO_RESCUE_RATIO = 8
TYPO_RESCUE_SEEN = 5


def _typo_alternatives(snap, variants, known):
    """Keys one or two typos away from the word: always when none of its keys is in the index,
    and when its keys are rare next to a neighbour's (then only such neighbours)."""
    frequency = snap.document_frequency
    seen = max((frequency[key] for key in known), default=0)
    if seen >= TYPO_RESCUE_SEEN:
        return {}.items()  # a word this many records hold is no typo (and the search is costly)
    floor = TYPO_RESCUE_RATIO * seen
    found = {}
    for key in variants:
        for similar, distance in _similar_keys(snap, key):
            if known and frequency.get(similar, 0) < max(floor, 2):
                continue
            if distance < found.get(similar, 3):
                found[similar] = distance
    return found.items()


def _misspelt_title_words(snap, word):
    """[((key,), distance)] of the title words the word is a typo of, compared as written: a
    misspelt word stems differently from the right one ("municipalty" keeps its ending,
    "municipality" becomes "municip"), so comparing keys alone would miss it."""
    written = transliterate(word)
    if len(written) < 5:
        return []
    limit = 1 if len(written) < 8 else 2
    matches = process.extract(written, list(snap.surface_words), scorer=OSA.distance, score_cutoff=limit, limit=5)
    found = []
    for candidate, distance, _ in matches:
        if distance == 0:
            continue
        for key in query_keys(snap.surface_words[candidate]):
            if key in snap.document_frequency:
                found.append(((key,), int(distance)))
    return found


def _similar_keys(snap, key):
    """Keys within one typo (words of 4–7 letters) or two (longer words); swapping two
    neighbouring letters counts as one typo (optimal string alignment distance)."""
    if len(key) < 4:
        return []
    limit = 1 if len(key) < 8 else 2
    candidates = []
    for length in range(len(key) - limit, len(key) + limit + 1):
        candidates.extend(snap.keys_by_length.get(length, ()))
    if not candidates:
        return []
    matches = process.extract(key, candidates, scorer=OSA.distance, score_cutoff=limit, limit=20)
    return [(candidate, int(distance)) for candidate, distance, _ in matches if distance > 0]


def _add_translations(concepts, snap, languages=None):
    # The words each concept is spelled as: its own keys, or for a word the index does not
    # know, the keys it is a typo of ("раждне": раждане), so that a typo in one word of a query
    # loses none of the translations the right spelling brings.
    sources = {concept_id: _translation_sources(concept, snap) for concept_id, concept in enumerate(concepts)}
    # Glossary terms: when every key of a term is among the query's, the concepts it covers
    # may be satisfied by the whole term in another language.
    exact = {}
    for concept_id, concept in enumerate(concepts):
        for key, worth in sources[concept_id].items():
            exact.setdefault(key, (concept, worth))  # the first word that has the key, as before
    for _language, term_keys, others in snap.glossary:
        for concept, worth in _concepts_holding(term_keys, exact):
            for translated in others.values():
                concept.add(translated, GLOSSARY * worth, "glossary")
    _add_service_kind_words(exact, snap)
    # Translation memory: single words, weighted by how reliably they were aligned.
    exact = {
        key: (concept, worth)
        for concept_id, concept in enumerate(concepts)
        for key, worth in sources[concept_id].items()
    }
    if not exact:
        return
    for source, targets in snap.remembered(snap.lexicon, list(exact), _lexicon_entries).items():
        concept, worth = exact[source]
        for target, score in targets:
            concept.add((target,), LEXICON * min(1.0, 0.5 + score) * worth, "lexicon")
    # The dictionaries (search.vocabulary): words and phrases no translator has met yet, and
    # other words for the same thing in the same language.
    _add_dictionary_words(exact, snap, languages)


def _concepts_holding(term_keys, exact):
    """[(concept, worth)] for each key of a term when the query holds every one of them, else []."""
    covering = [exact.get(key) for key in term_keys]
    return [] if None in covering else covering


# A word of a kind of service stands for the others of its kind (search/service_kinds.json) at
# this weight: below a dictionary's translation, so that a record holding the visitor's own word
# keeps the first place; above the typo corrections' floor, so that it still covers the word.
SERVICE_KIND = 0.45


def _add_service_kind_words(exact, snap):
    """The other entries of each service-kind ring one of whose entries the query holds whole
    ("почина": смърт, deces, death certificate…), those the index holds; ``exact`` is
    {key: (concept, worth)} of the query's own keys."""
    by_key = service_kind_terms_by_key()
    candidates = {id(term): term for key in exact for term in by_key.get(key, ())}
    for entry_keys, others in candidates.values():
        covering = _concepts_holding(entry_keys, exact)
        if covering:
            worth = min(found_worth for _concept, found_worth in covering)
            reachable = [other for other in others if snap.holds(other)]
            # A phrase holding a word that is an entry on its own adds nothing that word does not
            # find, and phrases cost the ranking statement most (every key joined per phrase).
            single = {other[0] for other in reachable if len(other) == 1}
            for other in reachable:
                if len(other) > 1 and not single.isdisjoint(other):
                    continue
                for concept, _worth in covering:
                    concept.add(other, SERVICE_KIND * worth, "service kind")


def _lexicon_entries(keys):
    """{key: [(target key, score)]}: the translation memory's lexicon for ``keys``."""
    found = {key: [] for key in keys}
    for source, target, score in LexiconEntry.objects.filter(source_key__in=keys).values_list(
        "source_key", "target_key", "score"
    ):
        found[source].append((target, score))
    return found


def _add_dictionary_words(exact, snap, languages):
    frequency = snap.document_frequency
    found = translations(exact, languages)
    linked = {
        id(exact[source[0]][0])
        for source, targets in found.items()
        if len(source) == 1 and any(len(target) == 1 and target[0] in frequency for target, _weight in targets)
    }
    for source, targets in found.items():
        if len(source) == 1 and id(exact[source[0]][0]) not in linked:
            targets = targets + _through_missing_words(targets, frequency)
        covering = list({id(exact[key][0]): exact[key] for key in source}.values())
        worth = min(found_worth for _concept, found_worth in covering)
        # A dictionary gives every sense of a word: a target far more common than the word
        # itself is usually another sense ("birth" → "issue") and would flood the results.
        ceiling = max(
            DICTIONARY_COMMON_FACTOR * max(frequency.get(key, 0) for key in source), DICTIONARY_RARE, snap.size * 0.03
        )
        kept = 0
        for target, weight in targets:
            # A target whose keys are not all in the index can match nothing: skip it.
            if not snap.holds(target):
                continue
            if min(frequency[key] for key in target) > ceiling:
                continue
            if len(target) < len(source) and len(target) == 1:
                # A phrase as one word ("birth certificate" → "certificate"): that word would
                # stand for every word of the phrase at once.
                continue
            for concept, _worth in covering:
                concept.add(target, DICTIONARY * weight * worth, "dictionary")
            kept += 1
            if kept >= DICTIONARY_PER_WORD:
                break


# Bulgarian and Romanian meet through English: the dictionaries pair each with English far
# better than with each other ("номер" reaches "number" at 0.98, but "număr" only through a
# synset at 0.5). A word's sure English translations' likely translations into the neighbour's
# language stand for it too, a few per word, whether or not English pages hold the pivot. The
# onward step asks less: from English, WordNet's synsets give a sense's translations at 0.8–0.9
# ("обезщетение" → "indemnity" 1.0 → "indemnizație" 0.81).
NEIGHBOUR = {"bg": "ro", "ro": "bg"}
NEIGHBOUR_SURE = 0.9
NEIGHBOUR_ONWARD = 0.8
NEIGHBOUR_PER_WORD = 4


def _add_neighbour_words(concepts, snap, language):
    neighbour = NEIGHBOUR.get(language)
    if neighbour is None:
        return
    frequency = snap.document_frequency
    for concept in concepts:
        reached = {}
        for key in _exact_keys(concept):
            for pivot, weight in word_translations(key, language, "en", NEIGHBOUR_SURE):
                for target, onward in word_translations(pivot, "en", neighbour, NEIGHBOUR_ONWARD):
                    if target in frequency:
                        reached[target] = max(reached.get(target, 0.0), weight * onward)
        for target, weight in sorted(reached.items(), key=lambda item: (-item[1], item[0]))[:NEIGHBOUR_PER_WORD]:
            concept.add((target,), DICTIONARY * weight, "dictionary")


# A sure translation no record holds ("отопление" → "heating", and no page is in English) is
# translated on in turn ("heating" → "încălzire"): the dictionaries pair each language with
# English better than Bulgarian with Romanian directly.
PIVOT_SURE = 0.9


def _through_missing_words(targets, frequency):
    """Targets reached through a sure one-word translation that the index does not hold. Only
    for a word none of whose one-word links the index holds: a word with links of its own
    would gain only the pivot's other senses ("casă" → "house" → "family")."""
    missing = {
        target[0]: weight
        for target, weight in targets
        if len(target) == 1 and weight >= PIVOT_SURE and target[0] not in frequency
    }
    if not missing:
        return []
    onward = []
    for pivots, pivot_targets in translations(missing).items():
        onward.extend(
            (target, min(missing[pivot] for pivot in pivots) * weight)
            for target, weight in pivot_targets
            if weight >= PIVOT_SURE and all(key in frequency for key in target)
        )
    return sorted(onward, key=lambda item: -item[1])


def _exact_keys(concept):
    """The keys the word itself gives (its spellings and readings), not those found for it."""
    return {key for alternative in concept.alternatives if alternative.kind == "word" for key in alternative.keys}


def _translation_sources(concept, snap):
    """{key: worth} to translate for ``concept``: the word's own keys (worth 1), or, when the
    index knows none of them, the keys it is one or two typos away from (worth their weight)."""
    own = _exact_keys(concept)
    if any(key in snap.document_frequency for key in own):
        return dict.fromkeys(own, EXACT)
    corrected = {
        alternative.keys[0]: alternative.weight
        for alternative in concept.alternatives
        if alternative.kind == "typo" and len(alternative.keys) == 1
    }
    return {**dict.fromkeys(own, EXACT), **corrected}


# --- the request and its results ---


class SearchError(ValueError):
    """A request the engine cannot answer; the message is for the visitor."""


@dataclass
class SearchRequest:
    query: str
    language: str
    kinds: tuple = ()
    country: str = ""
    region: str = ""
    institution: str = ""
    audience: str = ""
    page: int = 1
    page_size: int = 10

    @property
    def filtered(self):
        """Whether the visitor chose any filter."""
        return bool(self.kinds or self.country or self.region or self.institution or self.audience)

    def unmet(self, info):
        """The facets whose chosen filter ``info`` does not pass: none for a result, one for a
        record that counts only in that facet (each facet ignores its own filter)."""
        failed = []
        if self.kinds and info.kind not in self.kinds:
            failed.append("type")
        if self.country and info.country != self.country:
            failed.append("country")
        if self.region and info.region != self.region:
            failed.append("region")
        if self.institution and info.institution != self.institution:
            failed.append("institution")
        if self.audience and self.audience not in info.audience:
            failed.append("audience")
        return failed

    def matches(self, info, skip=None):
        """Whether ``info`` passes every chosen filter, ``skip``'s excepted."""
        return all(name == skip for name in self.unmet(info))


@dataclass
class SearchHit:
    id: str
    type: str
    title: str
    url: str
    locale: str
    available_locales: list
    snippet: str
    title_html: str

    def as_json(self):
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "url": self.url,
            "locale": self.locale,
            "available_locales": self.available_locales,
            "snippet": self.snippet,
        }


@dataclass
class SearchResults:
    request: SearchRequest
    total: int
    hits: list
    facets: dict
    suggestion: str = ""


class DatabaseSearchEngine:
    """Matches on the postings table; works the same on SQLite and PostgreSQL.

    The database does the matching and scoring in one statement (``ranking_statement``), so the
    work in Python grows with the number of matching entries, not with their postings.
    """

    def rebuilding(self):
        return nullcontext()

    def index_entries(self, translation_keys, refresh=None):
        """The postings are the index: nothing to send anywhere."""
        return True

    def ready(self):
        return True, ""

    def search(self, request):
        snap = snapshot()
        parsed = parse_query(request.query, request.language, snap)
        ranked = reranked(parsed, first_ranking(self, parsed, self.rank(parsed, snap), snap), snap)
        results = build_results(request, parsed, ranked, snap)
        if not results.total and parsed.concepts:
            results.suggestion = did_you_mean(request, parsed, snap, self)
        return results

    def rank(self, parsed, snap, needed=None):
        """[(entry pk, concepts covered, score)], best first: those matching enough of the
        query's concepts (``needed`` of them, or as ``order_ranking`` decides)."""
        plan = scoring_plan(parsed, snap)
        floors = coverage_floors(parsed, plan, snap)
        uses = [
            (keys, concept, worth, floor)
            for concept, (alternatives, floor) in enumerate(zip(plan, floors, strict=True))
            for keys, worth in matchable(alternatives, snap)
        ]
        if not uses:
            return []
        # Only the entries that can be kept are read (order_ranking keeps those matching enough
        # concepts); when none match enough, the partial matches are read, as order_ranking wants.
        enough = needed if needed is not None else concepts_needed(parsed)
        rows = self._matches(parsed, snap, uses, enough)
        if not rows and needed is None and enough > 1:
            rows = self._matches(parsed, snap, uses, 1)
        return order_ranking(parsed, rows, snap, needed)

    @staticmethod
    def _matches(parsed, snap, uses, enough):
        untranslated = snap.untranslated(parsed.language)
        with connection.cursor() as cursor:
            cursor.execute(*ranking_statement(uses, enough))
            # Counts come back as integers and sums as floats from both databases.
            return [
                (entry_id, covered, score * UNTRANSLATED if entry_id in untranslated else score, matched)
                for entry_id, matched, covered, score in cursor.fetchall()
            ]


POSTINGS = SearchPosting._meta.db_table


def ranking_statement(uses, enough=1):
    """The SQL that scores the entries matching at least ``enough`` concepts: per concept the
    best alternative, summed; the concepts matched, and those covered (matched with a field
    weight × worth of at least the concept's coverage floor).

    ``uses``: (keys, concept, worth, floor), an alternative of a concept; all its keys must be
    in the entry (a glossary term has several).

    Single keys are looked up together, through a table of (key, concept, worth, floor). Each
    use of a term is a join of its keys' postings on the entry (the index lists a key's
    postings by entry, so the join is a merge of two ordered lists) valued at the weakest
    field holding one of them. Every match is one row, grouped once per entry and concept:
    grouping the postings of a term by entry to count its keys, or a single key's by concept
    first, made the statement twice as slow on queries whose words are in most records.
    """
    singles = [(keys[0], concept, worth, floor) for keys, concept, worth, floor in uses if len(keys) == 1]
    terms = [use for use in uses if len(use[0]) > 1]
    parts, params, table = [], [], ""
    if singles:
        table = "WITH " + _values_table(
            "q(key, concept, worth, floor)", ("VARCHAR(64)", "INTEGER", "DOUBLE PRECISION", "DOUBLE PRECISION"), singles
        )
        keys = sorted({row[0] for row in singles})
        parts.append(
            "SELECT p.entry_id AS entry_id, q.concept AS concept, p.weight * q.worth AS value, "
            "CASE WHEN p.weight * q.worth >= q.floor THEN 1 ELSE 0 END AS covered "
            # The key list again, as a plain IN: without it the planner may scan every posting.
            f"FROM {POSTINGS} p JOIN q ON p.key = q.key WHERE p.key IN ({_placeholders(keys)})"
        )
        params += [value for row in singles for value in row] + keys
    for keys, concept, worth, floor in terms:
        weakest = "p0.weight"
        for number in range(1, len(keys)):
            weakest = f"CASE WHEN p{number}.weight < {weakest} THEN p{number}.weight ELSE {weakest} END"
        joins = " ".join(
            f"JOIN {POSTINGS} p{number} ON p{number}.entry_id = p0.entry_id AND p{number}.key = %s"
            for number in range(1, len(keys))
        )
        value = f"({weakest}) * CAST(%s AS DOUBLE PRECISION)"
        parts.append(
            f"SELECT p0.entry_id AS entry_id, CAST(%s AS INTEGER) AS concept, {value} AS value, "
            f"CASE WHEN {value} >= CAST(%s AS DOUBLE PRECISION) THEN 1 ELSE 0 END AS covered "
            f"FROM {POSTINGS} p0 {joins} WHERE p0.key = %s"
        )
        params += [concept, worth, worth, floor, *keys[1:], keys[0]]
    sql = (
        f"{table} SELECT entry_id, COUNT(*), SUM(covered), SUM(value) FROM ("
        "SELECT entry_id, concept, MAX(value) AS value, MAX(covered) AS covered FROM ("
        + " UNION ALL ".join(parts)
        + ") matches GROUP BY entry_id, concept) best GROUP BY entry_id HAVING COUNT(*) >= %s"
    )
    return sql, params + [enough]


def _values_table(name, types, rows):
    """``name(columns) AS (VALUES …)`` with one typed placeholder per value (SQLite and PostgreSQL)."""
    row = "(" + ", ".join(f"CAST(%s AS {sql_type})" for sql_type in types) + ")"
    return f"{name} AS (VALUES {', '.join([row] * len(rows))})"


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


# How much of an alternative's rarity is the concept's as a whole (the rest: its own key's).
CONCEPT_RARITY_SHARE = 0.5
# Alternatives this close to the word count towards what the concept matches as a whole.
CONCEPT_RARITY_FLOOR = 0.5


def scoring_plan(parsed, snap):
    """Per concept, its alternatives as (keys, weight × rarity).

    The rarity blends the alternative's rarest key with the concept's own: how many records
    its alternatives match together, in every language. A word's rarity alone would make a
    specific word met only in another language ("dog": куче, through the dictionary) worth
    less than a generic one met in the visitor's own ("licence"), where the dictionary key
    is rare and the link's weight pulls it down; counted over all its alternatives, the
    specific concept is the rarer, as it is for a visitor.
    """
    plan = []
    for concept in parsed.concepts:
        own = concept_rarity(concept, snap)
        plan.append(
            [
                (
                    alternative.keys,
                    # A term is as rare as its rarest word at least: its records are among that word's.
                    alternative.weight
                    * (
                        CONCEPT_RARITY_SHARE * own
                        + (1 - CONCEPT_RARITY_SHARE) * max(rarity(snap, key) for key in alternative.keys)
                    ),
                )
                for alternative in concept.alternatives
            ]
        )
    return plan


def matchable(alternatives, snap):
    """The (keys, worth) alternatives that can give an entry its value for the concept: those
    some record can match, less those another makes redundant. An alternative whose keys include
    all of another's, worth no more ("certificat naster" next to "naster" alone), matches only
    entries the other matches and never scores more there (a concept's value is its best
    alternative's), so leaving it out changes no result; it only spares the engine its postings.
    Glossary terms and service kinds repeat a concept's own key this way in most queries."""
    held = [(keys, worth) for keys, worth in alternatives if snap.holds(keys)]
    return [
        (keys, worth)
        for keys, worth in held
        if not any(other_worth >= worth and set(other) < set(keys) for other, other_worth in held)
    ]


# Coverage — how many of the query's concepts an entry meets, which orders the results before
# the score does — counts a concept only where the entry holds it prominently: in its title
# through a link at least COVERAGE_SHARE as strong as the concept's best, or in its summary
# through one at least twice that. A concept met only in a body, or only through a far weaker
# link (a dictionary's other sense of the word), still adds to the score and keeps the entry in
# the results, after the entries that meet as much of the query prominently.
COVERAGE_SHARE = 0.3


def coverage_floors(parsed, plan, snap):
    """Each concept's coverage floor (see coverage_floor). A concept that names a region or a
    country ("в Румъния", "Teleorman") is covered by any record there, wherever the record holds
    the name: records are indexed with their place at body weight (search.documents.place_names),
    which the usual floor, a share of a title match, would never reach, and a visitor who names
    the place wants the records of that place before those elsewhere."""
    places = place_name_keys()
    floors = []
    for concept, alternatives in zip(parsed.concepts, plan, strict=True):
        named = {alternative.keys for alternative in concept.alternatives if alternative.kind == "word"}
        place_worths = [worth for keys, worth in alternatives if keys in named and len(keys) == 1 and keys[0] in places]
        if place_worths:
            floors.append(min(place_worths) * SearchPosting.BODY * PLACE_FLOOR_SHARE)
        else:
            floors.append(coverage_floor(alternatives, snap))
    return floors


# A place's own body match covers its concept: the floor is a hair below it, so that the two
# engines' rounding cannot put it on the wrong side.
PLACE_FLOOR_SHARE = 0.999


def coverage_floor(alternatives, snap):
    """The least field weight × worth of a match that covers the concept, for its (keys, worth)
    alternatives: COVERAGE_SHARE of its best alternative that can match anything, in a title."""
    reachable = [worth for keys, worth in alternatives if snap.holds(keys)]
    return COVERAGE_SHARE * SearchPosting.TITLE * max(reachable, default=0.0)


def concept_rarity(concept, snap):
    """The rarity of the records the concept's close alternatives match, counted as if they
    were distinct (a sum of document frequencies, known without a query)."""
    frequency = snap.document_frequency
    matched = sum(
        min(frequency.get(key, 0) for key in alternative.keys)
        for alternative in concept.alternatives
        if alternative.weight >= CONCEPT_RARITY_FLOOR
    )
    return rarity_of_count(snap, min(matched, snap.size))


# A record with no version in the visitor's language can meet the query only through translation
# links, each weaker than the word itself (a dictionary's 0.7): next to a record that was
# translated, being untranslated would cost it the place its content earns. Its score is raised
# by this much, a part of that discount (coverage, which orders the results first, is unchanged).
# Chosen on the development sets: 1.1 +0.017 MRR, 1.125 +0.021, 1.15 +0.022, 1.2 −0.001;
# 9/8 is also exact in binary, so the node's single precision gives the same sums.
UNTRANSLATED = 1.125


def concepts_needed(parsed):
    """How many of the query's concepts an entry must match: all of one or two, then two thirds."""
    total = len(parsed.concepts)
    return max(1, total - total // 3)


def order_ranking(parsed, rows, snap, needed=None):
    """[(entry pk, concepts covered, score)] of the entries matching enough of the query's
    concepts, those covering more of them first, then by score.

    ``rows``: (entry pk, concepts covered, score, concepts matched). Without an explicit
    ``needed``, entries matching fewer concepts are kept when none match enough (a visitor gets
    the partial matches rather than nothing).
    """
    entries = snap.entries
    enough = needed if needed is not None else concepts_needed(parsed)
    good = [row for row in rows if row[3] >= enough and row[0] in entries]
    if needed is None and not good:
        good = [row for row in rows if row[0] in entries]
    institutions = snap.institutions
    counted = _institution_concepts(parsed, [row[0] for row in good if row[0] in institutions], snap)
    # Scores rounded: the node sums the same weights in single precision. Sorted on plain
    # tuples (no key function): a search may order thousands of entries.
    kind_rank = snap.kind_rank
    ordered = sorted(
        (-counted.get(row[0], row[1]), -round(row[2], 3), kind_rank[row[0]], row[0], row[1], row[2]) for row in good
    )
    return [(entry_id, covered, score) for _c, _s, _k, entry_id, covered, score in ordered]


def _institution_concepts(parsed, entry_ids, snap):
    """Per institution, how many of the query's concepts it meets as an institution.

    An institution's description lists what it does ("civil marriages, local taxes, ..."), so
    a query for a service at a place ("cununie civilă la Dobrici") meets the institution in
    every word, though only the place is in its name. A concept that names services (its
    words are in more service titles than institution names) counts for an institution only
    where its name or summary holds it; words that name institutions ("town hall") and places
    count wherever they are. The services that hold the whole query then come first, and the
    institution first when the query names it.
    """
    if not entry_ids:
        return {}
    service_concepts = [concept for concept in parsed.concepts if _names_services(concept, snap)]
    if not service_concepts:
        return {}
    held, body = defaultdict(set), defaultdict(set)
    for entry_id, key, weight in SearchPosting.objects.filter(entry_id__in=entry_ids, key__in=parsed.keys).values_list(
        "entry_id", "key", "weight"
    ):
        (held if weight >= SearchPosting.SUMMARY else body)[entry_id].add(key)
    counted = {}
    for entry_id in entry_ids:
        everything = held[entry_id] | body[entry_id]
        counted[entry_id] = sum(
            1
            for concept in parsed.concepts
            if any(
                set(alternative.keys) <= (held[entry_id] if concept in service_concepts else everything)
                for alternative in concept.alternatives
            )
        )
    return counted


def _names_services(concept, snap):
    """Whether the concept's own words (and close translations) are in more service titles than
    institution names."""
    keys = frozenset(
        key for alternative in concept.alternatives if alternative.weight >= LEXICON for key in alternative.keys
    )
    known = snap.remembered(snap.names_services, [keys], lambda missing: _key_sets_name_services(missing, snap))
    return known[keys]


def _key_sets_name_services(key_sets, snap):
    """{key set: whether its keys are in more service titles than institution names}."""
    return {keys: _keys_name_services(keys, snap) for keys in key_sets}


def _keys_name_services(keys, snap):
    kinds = Counter(
        snap.entries[entry_id].kind
        for entry_id in SearchPosting.objects.filter(key__in=keys, weight=SearchPosting.TITLE)
        .values_list("entry_id", flat=True)
        .distinct()
        if entry_id in snap.entries
    )
    return kinds[EntryKind.SERVICE] > kinds[EntryKind.INSTITUTION]


# Items each of a snapshot's memos keeps (key sets' kinds, lexicon keys, entries' title keys), cleared when full.
SNAPSHOT_MEMO_KEPT = 50_000


def rarity(snap, key):
    return rarity_of_count(snap, snap.document_frequency.get(key, 0))


def rarity_of_count(snap, records):
    """How telling a match is that ``records`` of the index's entries share."""
    return math.log(1 + snap.size / (1 + records))


# --- the same kind of record under other words: feedback from the best matches ---

# A query that finds few records gets the records of the same kind that share the distinctive
# title words (in any of their languages) of its best matches: institutions name the same
# service differently, but its translations and its wording at one institution usually share
# words with another's. Queries with many matches need no help.
FEEDBACK_MAX_RESULTS = 30
FEEDBACK_SOURCES = 3
FEEDBACK_KEYS = 12
FEEDBACK_ADDED = 10
FEEDBACK = 0.5
# A title key in more than this share of the entries says nothing about the kind of service.
FEEDBACK_COMMON_SHARE = 0.05


def with_feedback(engine, parsed, ranked, snap):
    """``ranked`` with, after the entries that matched every concept and those covering enough
    of them, those that share the distinctive title keys of the best of them; then the rest."""
    total = len(parsed.concepts)
    full = [row for row in ranked if row[1] >= total]
    # Counted among the query's matches: entries covering enough of it (those that only hold
    # its words in a body or through weak links come after the feedback's records).
    needed = concepts_needed(parsed)
    if not full or sum(1 for row in ranked if row[1] >= needed) > FEEDBACK_MAX_RESULTS:
        return ranked
    sources = [entry_id for entry_id, _matched, _score in full[:FEEDBACK_SOURCES]]
    feedback = feedback_query(parsed, sources, snap)
    if len(feedback.concepts) < 2:
        return ranked
    seen = {row[0] for row in ranked}
    kinds = {snap.entries[entry_id].kind for entry_id in sources}
    # The added entries stand in the results for full matches: they count as covering the query.
    added = [
        (entry_id, total, score)
        for entry_id, _covered, score in engine.rank(feedback, snap, needed=2)
        if entry_id not in seen and snap.entries[entry_id].kind in kinds
    ][:FEEDBACK_ADDED]
    # They come after the entries that cover enough of the query in its own words, though: those
    # hold what the visitor asked for, the added ones only resemble the best match.
    enough = [row for row in ranked if needed <= row[1] < total]
    return full + enough + added + [row for row in ranked if row[1] < needed]


def first_ranking(engine, parsed, ranked, snap):
    """``ranked`` (the engine's rows) with the records the best matches resemble and the partial
    matches: the ranking the model of search.reranking learns to reorder."""
    return with_partial_matches(engine, parsed, with_feedback(engine, parsed, ranked, snap), snap)


def reranked(parsed, ranked, snap):
    """``ranked`` with its first results reordered by search.reranking's model."""
    if len(ranked) < 2:
        return ranked  # nothing to reorder: no plan to make
    return rerank(parsed, ranked, snap, scoring_plan(parsed, snap))


def _title_keys(entry_ids):
    """{entry pk: [the keys of its titles, once per title posting]}."""
    found = {entry_id: [] for entry_id in entry_ids}
    for entry_id, key in SearchPosting.objects.filter(entry_id__in=entry_ids, weight=SearchPosting.TITLE).values_list(
        "entry_id", "key"
    ):
        found[entry_id].append(key)
    return found


def feedback_query(parsed, sources, snap):
    """One concept per distinctive title key of the ``sources`` entries, the query's own excepted."""
    counts = Counter(key for keys in snap.remembered(snap.title_keys, sources, _title_keys).values() for key in keys)
    own = parsed.keys
    common = max(2, snap.size * FEEDBACK_COMMON_SHARE)
    candidates = [
        key for key in counts if key not in own and len(key) > 2 and snap.document_frequency.get(key, 0) <= common
    ]
    candidates.sort(key=lambda key: (-counts[key] * rarity(snap, key), key))
    concepts = [Concept(key, [Alternative((key,), FEEDBACK, "feedback")]) for key in candidates[:FEEDBACK_KEYS]]
    return ParsedQuery(text=" ".join(candidates[:FEEDBACK_KEYS]), language=parsed.language, concepts=concepts)


# --- records that match part of the query ---

# A query whose complete matches do not fill the first page of results gets, after them, the
# records that match part of it, those holding its most telling words first: the same kind of
# service at another institution is often named with only some of the visitor's words
# ("извлечение от акт за раждане" for "удостоверение за раждане"), and a short list of exact
# matches followed by nothing hides it.
PARTIAL_FILL = 10
# A partial match that covers at least this many of the query's concepts is ordered among the
# full ones by coverage: "земеделска земя" in a title outranks a record that reached three of
# four words only through loose links ("земя" → "страна") or its body. Within a level the full
# matches still come first, so one word held prominently goes only above the full matches that
# hold no word prominently ("funeral home": the funeral services above a marriage notice that
# says both words in its body). It was two from stop 30, when one lost recall (−0.015 on A–I), to
# stop 38, when one gained on the development sets (+0.006 / +0.004 / +0.007).
PARTIAL_COVERED = 1


def with_partial_matches(engine, parsed, ranked, snap):
    """``ranked`` with, while it is shorter than PARTIAL_FILL, the entries that match at least
    one of the query's concepts: those covering PARTIAL_COVERED concepts or more among it by
    coverage, the others after it (more concepts covered, then higher score, first)."""
    if len(ranked) >= PARTIAL_FILL or len(parsed.concepts) < 2:
        return ranked
    seen = {row[0] for row in ranked}
    partial = [row for row in engine.rank(parsed, snap, needed=1) if row[0] not in seen]
    # Each ranked entry's level: the least coverage down to it (institutions and the feedback's
    # entries are placed by other rules, so their own count may be out of order).
    merged, level = [], len(parsed.concepts)
    for row in ranked:
        level = min(level, row[1])
        merged.append((-level, 0, row))
    after_all = 1  # past every ranked entry's level (those are 0 or less)
    merged += [(-row[1] if row[1] >= PARTIAL_COVERED else after_all, 1, row) for row in partial]
    merged.sort(key=lambda item: item[:2])  # stable: each list keeps its order within a level
    return [row for _level, _group, row in merged]


def matched_keys(entry_ids, parsed):
    """The query keys each of these entries holds (what to highlight)."""
    found = defaultdict(set)
    if entry_ids:
        for entry_id, key in SearchPosting.objects.filter(
            entry_id__in=entry_ids, key__in=highlight_keys(parsed)
        ).values_list("entry_id", "key"):
            found[entry_id].add(key)
    return found


def build_results(request, parsed, ranked, snap):
    group_of, groups = snap.facet_groups
    matched = [entry_id for entry_id, _covered, _score in ranked]
    # Counted per facet group (see Snapshot.facet_groups): a search can match thousands of records.
    group_counts = Counter(map(group_of.__getitem__, matched))
    if request.filtered:
        # Each group's unmet filters, found once: they decide both the results and the facets.
        unmet = {number: request.unmet(groups[number]) for number in group_counts}
        selected = [entry_id for entry_id in matched if not unmet[group_of[entry_id]]]
    else:
        unmet = dict.fromkeys(group_counts, ())
        selected = matched
    facets = facet_counts(request, group_counts, unmet, groups, snap)
    start = (request.page - 1) * request.page_size
    page_entries = [snap.entries[entry_id] for entry_id in selected[start : start + request.page_size]]
    hits = present(request, page_entries, matched_keys([info.pk for info in page_entries], parsed))
    return SearchResults(request=request, total=len(selected), hits=hits, facets=facets)


def display_language(info, language):
    return language if language in info.titles else info.source_language


def present(request, entries, matched_keys):
    """Hits for ``entries``: each in the visitor's language when translated, else its source's."""
    if not entries:
        return []
    versions = defaultdict(dict)
    for version in SearchEntryVersion.objects.filter(entry_id__in=[info.pk for info in entries]).only(
        "entry_id", "language", "title", "url", "text", "translated"
    ):
        versions[version.entry_id][version.language] = version
    hits = []
    for info in entries:
        shown_language = display_language(info, request.language)
        shown = versions[info.pk].get(shown_language)
        if shown is None:
            continue
        # The visitor stays in their language's tree (an alias there carries a notice).
        here = versions[info.pk].get(request.language)
        keys = matched_keys.get(info.pk, set())
        hits.append(
            SearchHit(
                id=info.identifier,
                type=info.kind,
                title=shown.title,
                url=(here or shown).url,
                locale=shown_language,
                available_locales=sorted(info.titles, key=LANGUAGES.index),
                snippet=snippet(shown.text, keys, shown_language),
                title_html=highlight(shown.title, keys, shown_language),
            )
        )
    return hits


def highlight(text, keys, language, words_limit=None):
    """``text`` escaped, with the words whose key matched wrapped in <mark>."""
    parts, unmarked = [], []
    for token in _tokens(text)[: words_limit or None]:
        token_key = token_keys(token, language)
        # A word token (``_WORD_SPLIT``'s) has one key at most; the text between words none.
        if token_key and token_key[0] in keys:
            parts.append(escape("".join(unmarked)))
            parts.append(f"<mark>{escape(token)}</mark>")
            unmarked = []
        else:
            unmarked.append(token)
    parts.append(escape("".join(unmarked)))
    return "".join(parts)


def _tokens(text):
    """Words and the text between them, in order, so joining them gives ``text`` back."""
    return [token for token in _WORD_SPLIT.split(text) if token]


SNIPPET_WORDS = 32


def snippet(text, keys, language):
    """About SNIPPET_WORDS words of ``text`` around its densest run of matches, highlighted."""
    if not text:
        return ""
    tokens = text.split()
    hits = [index for index, token in enumerate(tokens) if not keys.isdisjoint(token_keys(token, language))]
    if not hits or len(tokens) <= SNIPPET_WORDS:
        start = 0
    else:
        best = max(hits, key=lambda index: sum(1 for other in hits if index <= other < index + SNIPPET_WORDS))
        start = max(0, min(best - 4, len(tokens) - SNIPPET_WORDS))
    window = " ".join(tokens[start : start + SNIPPET_WORDS])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(tokens) else ""
    return escape(prefix) + highlight(window, keys, language) + escape(suffix)


def facet_counts(request, group_counts, unmet, groups, snap):
    """Counts per facet value over the matches: a record passing every chosen filter counts in
    every facet, one failing only a facet's own filter counts in that facet alone (each facet
    ignores its own filter, so a visitor sees what choosing another value would give).

    ``group_counts``: {facet group number: matches in it}; ``unmet``: {group number: the facets
    whose filter its records fail}."""
    counters = {name: {} for name in FACETS}
    kinds, countries, regions, institutions, audiences = counters.values()
    # Plain dicts and one line per facet: this loop runs for every group of a large ranking.
    for number, count in group_counts.items():
        failed = unmet[number]
        kind, country, region, institution, audience = groups[number]
        if not failed:
            kinds[kind] = kinds.get(kind, 0) + count
            countries[country] = countries.get(country, 0) + count
            regions[region] = regions.get(region, 0) + count
            institutions[institution] = institutions.get(institution, 0) + count
            for value in audience:
                audiences[value] = audiences.get(value, 0) + count
        elif len(failed) == 1:
            # Counted in its failed facet alone (a group's values are in FACETS' order).
            name = failed[0]
            counted = counters[name]
            values = audience if name == "audience" else [groups[number][FACETS.index(name)]]
            for value in values:
                counted[value] = counted.get(value, 0) + count
    for counter in counters.values():
        counter.pop("", None)  # a record without the value (an institution has no institution)
    return facets_from_counts(request, counters, snap)


def facets_from_counts(request, counters, snap):
    """Facet values with their counts, labels in the visitor's language, and whether chosen."""
    labels = facet_labels(request.language, snap)
    selected = {
        "type": set(request.kinds),
        "country": {request.country},
        "region": {request.region},
        "institution": {request.institution},
        "audience": {request.audience},
    }
    return {
        name: [
            {
                "value": value,
                "label": labels[name].get(value, value),
                "count": count,
                "selected": value in selected[name],
            }
            for value, count in sorted(
                counters.get(name, {}).items(), key=lambda item: (-item[1], labels[name].get(item[0], item[0]))
            )
            if count
        ]
        for name in FACETS
    }


def facet_labels(language, snap):
    """Labels of facet values in ``language``, computed once per snapshot and language."""
    labels = snap.facet_labels.get(language)
    if labels is not None:
        return labels
    with override(language):
        labels = {"type": {kind.value: str(kind.label) for kind in EntryKind}}
        institution_model = apps.get_model("catalogue", "InstitutionPage")
        service_model = apps.get_model("catalogue", "ServicePage")
        labels["country"] = {value: str(label) for value, label in institution_model._meta.get_field("country").choices}
        labels["region"] = {
            value: str(label) for value, label in flat_choices(institution_model._meta.get_field("region").choices)
        }
        labels["audience"] = {value: str(label) for value, label in service_model._meta.get_field("audience").options}
    labels["institution"] = {
        info.identifier: info.titles.get(language) or info.titles.get(info.source_language, info.identifier)
        for info in snap.entries.values()
        if info.kind == EntryKind.INSTITUTION
    }
    snap.facet_labels[language] = labels
    return labels


def flat_choices(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from flat_choices(label)
        else:
            yield value, label


def did_you_mean(request, parsed, snap, engine):
    """A respelling of a query that found nothing, built from words of the site's titles."""
    if not snap.surface_words:
        return ""
    changed, corrected = False, []
    for concept in parsed.concepts:
        word = transliterate(concept.word)
        match = process.extractOne(
            word, list(snap.surface_words), scorer=Levenshtein.normalized_similarity, score_cutoff=0.6
        )
        if match and match[0] != word:
            corrected.append(snap.surface_words[match[0]])
            changed = True
        else:
            corrected.append(concept.word)
    if not changed:
        return ""
    suggestion = " ".join(corrected)
    retry = parse_query(suggestion, request.language, snap)
    ranked = engine.rank(retry, snap)
    return suggestion if any(request.matches(snap.entries[entry_id]) for entry_id, _m, _s in ranked) else ""


# --- autocomplete ---


def suggest(query, language, limit=8):
    """Titles that start with what was typed, word by word, in the visitor's language when possible."""
    snap = snapshot()
    typed = [transliterate(word) for word in words(query)]
    if not typed:
        return []
    # Look in the bucket of the longest word typed; buckets list short titles first, so the
    # first SUGGEST_CANDIDATES matches are enough to rank (a common start like "па" would
    # otherwise mean thousands of titles per keystroke).
    longest = max(typed, key=len)
    candidates = snap.title_words.get(longest[:3], ()) if len(longest) >= 3 else snap.title_words.get(longest[:2], ())
    found = {}
    for entry_id, title_language, title_words in candidates:
        if not all(any(word.startswith(part) for word in title_words) for part in typed):
            continue
        position = min((index for index, word in enumerate(title_words) if word.startswith(typed[0])), default=99)
        info = snap.entries[entry_id]
        rank = (position, 0 if title_language == display_language(info, language) else 1, len(title_words))
        if entry_id not in found or rank < found[entry_id]:
            found[entry_id] = rank
        if len(found) >= SUGGEST_CANDIDATES:
            break
    best = sorted(found, key=lambda entry_id: (found[entry_id], KIND_ORDER.get(snap.entries[entry_id].kind, 9)))[:limit]
    versions = {
        (version.entry_id, version.language): version
        for version in SearchEntryVersion.objects.filter(entry_id__in=best).only("entry_id", "language", "title", "url")
    }
    suggestions = []
    for entry_id in best:
        info = snap.entries[entry_id]
        shown_language = display_language(info, language)
        shown = versions.get((entry_id, shown_language))
        here = versions.get((entry_id, language))
        if shown:
            suggestions.append(
                {
                    "id": info.identifier,
                    "type": info.kind,
                    "title": shown.title,
                    "url": (here or shown).url,
                    "locale": shown_language,
                }
            )
    return suggestions


_engines = {}


def search_engine():
    """The configured engine: the search node when ELASTICSEARCH_URL is set, else the database.

    One per process and configuration (tests switch configurations with override_settings).
    """
    name = getattr(settings, "PLATFORM_SEARCH_ENGINE", "database")
    signature = (name, getattr(settings, "ELASTICSEARCH_INDEX", ""), repr(settings.WAGTAILSEARCH_BACKENDS))
    engine = _engines.get(signature)
    if engine is None:
        if name == "node":
            from .node import NodeSearchEngine

            engine = NodeSearchEngine.from_settings()
        else:
            engine = DatabaseSearchEngine()
        _engines[signature] = engine
    return engine
