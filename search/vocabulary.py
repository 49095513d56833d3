"""A model-free bilingual and synonym vocabulary, for matching words no glossary or translation memory saw.

The resource links *keys* (search.analysis: folded, stemmed, Bulgarian in Latin letters) of
one language to keys of another or of the same language: "apicultori" (ro) reaches "pchelar"
(bg, пчелари) and "beekeep" (en); "permis construir" reaches "build permit" and
"razresheni stroezh" (разрешение за строеж); "gunoi" reaches "dese"/"deseur" (deșeu, deșeuri).

It is derived from packages of Debian and PyPI (see search/vocabulary/README.md for the
sources, versions and licences) by ``python manage.py build_vocabulary`` and shipped as one
sorted, gzipped TSV file, search/vocabulary/pairs.tsv.gz, one directed link a line::

    source keys <TAB> source language <TAB> target language <TAB> target keys <TAB> weight <TAB> sources

Keys of a phrase are separated by spaces: the target keys keep the phrase's order, the source
keys are sorted (a phrase is found when all its keys are among the query's keys, in any order).
The weight (0–1) says how direct the link is: a dictionary translation (about 1.0) > a shared
WordNet synset (0.9 translation, 0.7 synonym) > a thesaurus synonym (0.6) > a pivot through
English (0.45–0.6) > a broader/narrower term (0.5 or less), lowered further for the rarer
senses of an ambiguous word. ``sources`` names the packages a link comes from (letters, see
SOURCE_CODES), so a source can be told apart or left out.

At run time ``translations(keys)`` is all the engine needs. The file is read once, lazily,
into one bytes object and an array of line offsets (no per-line Python objects), so loading
takes a fraction of a second and little memory; lookups bisect it.
"""

import gzip
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "vocabulary"
# One file per licence, so that no file combines CC BY-SA data with GPL data (the two licences
# do not mix in one work); the site reads both. See vocabulary/README.md.
DATA_FILES = {
    "cc-by-sa": DATA_DIR / "pairs-cc-by-sa.tsv.gz",
    "gpl": DATA_DIR / "pairs-gpl.tsv.gz",
}
GPL_SOURCES = frozenset("BTH")  # the thesauri and Hunspell

# At most this many targets per source (key or phrase) and target language, and in all, best first.
MAX_PER_LANGUAGE = 8
MAX_EXPANSIONS = 20

FORMS = "H"  # the sources of a row joining two forms of one word

SOURCE_CODES = {
    "D": "FreeDict English–Bulgarian (dict-freedict-eng-bul)",
    "W": "Princeton WordNet 3.0 (wordnet-base)",
    "R": "Romanian WordNet (PyPI rowordnet)",
    "B": "Bulgarian thesaurus (mythes-bg)",
    "T": "Romanian thesaurus (mythes-ro)",
    "H": "inflected forms from Hunspell (hunspell-bg, hunspell-ro)",
    "A": "aligned inside two-word terms of one WordNet synset (W, R, D)",
    "E": "same-language words sharing their best English translation (through W, R, D)",
}


class Vocabulary:
    """The pairs file in memory: its lines, sorted, and where each begins."""

    def __init__(self, data):
        self.data = data
        # Where each line begins, comment lines (#, at the top) left out.
        starts = array("I")
        position = 0
        while position < len(data):
            if data[position] != 0x23:  # "#"
                starts.append(position)
            end = data.find(b"\n", position)
            position = len(data) if end == -1 else end + 1
        self.starts = starts

    @classmethod
    def from_file(cls, path):
        # The uncompressed size is the gzip trailer's last four bytes: read into one buffer of
        # that size rather than growing (and copying) one.
        with open(path, "rb") as raw:
            raw.seek(-4, 2)
            size = int.from_bytes(raw.read(4), "little")
        data = bytearray(size)
        with gzip.open(path, "rb") as stream:
            view = memoryview(data)
            read = 0
            while read < size:
                count = stream.readinto(view[read : read + (1 << 20)])
                if not count:
                    break
                read += count
            view.release()
        return cls(data)

    def __len__(self):
        return len(self.starts)

    def _head(self, index, length):
        start = self.starts[index]
        return self.data[start : start + length]

    def _line(self, index):
        start = self.starts[index]
        end = self.data.find(b"\n", start)
        return bytes(self.data[start : end if end != -1 else len(self.data)]).decode()

    def lines_from(self, prefix):
        """The lines whose source field starts with ``prefix`` (bytes), in file order."""
        length = len(prefix)
        index = bisect_left(range(len(self.starts)), prefix, key=lambda index: self._head(index, length))
        while index < len(self.starts) and self._head(index, length) == prefix:
            yield self._line(index)
            index += 1

    def rows(self, key):
        """Every row whose source contains ``key`` as its first (sorted) key: single keys and phrases."""
        encoded = key.encode()
        rows = []
        for prefix in (encoded + b"\t", encoded + b" "):
            for line in self.lines_from(prefix):
                source, source_language, target_language, target, weight, sources = line.split("\t")
                rows.append(
                    (
                        tuple(source.split(" ")),
                        source_language,
                        target_language,
                        tuple(target.split(" ")),
                        float(weight),
                        sources,
                    )
                )
        return tuple(rows)


class ShippedVocabulary:
    """The files of every licence, looked up together."""

    def __init__(self, parts):
        self.parts = parts

    def __len__(self):
        return sum(len(part) for part in self.parts)

    def rows(self, key):
        return tuple(row for part in self.parts for row in part.rows(key))


def split_by_licence(rows):
    """{licence: rows} for DATA_FILES: a row any CC BY-SA source supports goes to that file, with
    only those sources named; rows only the GPL sources support go to the GPL file."""
    files = {"cc-by-sa": [], "gpl": []}
    for row in rows:
        free = "".join(letter for letter in row[5] if letter not in GPL_SOURCES)
        if free:
            files["cc-by-sa"].append((*row[:5], free))
        else:
            files["gpl"].append(tuple(row))
    return files


_lock = threading.Lock()
_vocabulary = None


def vocabulary():
    """The shipped vocabulary, loaded on first use (once, whatever the threads)."""
    global _vocabulary
    if _vocabulary is None:
        with _lock:
            if _vocabulary is None:
                _vocabulary = ShippedVocabulary([Vocabulary.from_file(path) for path in DATA_FILES.values()])
    return _vocabulary


@lru_cache(maxsize=20_000)
def _rows(key):
    return vocabulary().rows(key)


def entries(keys):
    """The rows for ``keys``: (source keys, source language, target language, target keys, weight, sources).

    Single-key sources for every key given, and phrases all of whose keys are given; the
    rows of word forms ("H") included.
    """
    keys = set(keys)
    found = []
    for key in sorted(keys):
        for row in _rows(key):
            if len(row[0]) == 1 or keys.issuperset(row[0]):
                found.append(row)
    return found


def is_word(key, languages):
    """Whether ``key`` is a word the dictionaries know in one of ``languages`` (with links from it)."""
    return any(row[1] in languages for row in _rows(key) if len(row[0]) == 1)


@lru_cache(maxsize=50_000)
def word_links(key):
    """The single keys ``key`` is linked to as a word (translations, synonyms, other forms)."""
    return frozenset(row[3][0] for row in _rows(key) if len(row[0]) == 1 and len(row[3]) == 1)


def word_translations(key, source_language, target_language, floor=0.0):
    """[(target key, weight)] of the one-word links from ``key`` as a word of ``source_language``
    to single words of ``target_language`` weighing at least ``floor``."""
    return [
        (row[3][0], row[4])
        for row in _rows(key)
        if len(row[0]) == 1
        and len(row[3]) == 1
        and row[1] == source_language
        and row[2] == target_language
        and row[4] >= floor
        and row[5] != FORMS
    ]


def siblings(key):
    """[(language, key)] of other forms of the words whose key is ``key`` ("dese" → ("ro", "deseur"))."""
    return [(row[1], row[3][0]) for row in _rows(key) if row[5] == FORMS and len(row[0]) == 1]


def _variants(target, language):
    """``target`` and, one key at a time, its keys' siblings in ``language``."""
    found = [target]
    for position, key in enumerate(target):
        for sibling_language, sibling in siblings(key):
            if sibling_language == language:
                variant = (*target[:position], sibling, *target[position + 1 :])
                if len(set(variant)) == len(variant):
                    found.append(variant)
    return found


def translations(keys, languages=None):
    """What the engine calls: ``{source: [(target keys, weight), ...]}`` for a query's keys.

    ``keys``: every key of the query's words (search.analysis.query_keys of each word: the
    language of a query is never certain, so all of them). A *source* is a tuple of given
    keys: a 1-tuple for a word, or the sorted keys of a phrase (("construir", "permis") for
    "permis de construire") when all of them are given. Its targets are tuples of keys in
    phrase order, in any language, same-language synonyms included, each with a weight in
    (0, 1], best first: at most MAX_PER_LANGUAGE in each target language and MAX_EXPANSIONS
    in all, never the source itself. Other forms of a word count on both sides: "deseur"
    (deșeuri) is looked up as "dese" (deșeu) too, and a target "dese" comes with "deseur"
    right after it, at the same weight.
    ``languages``: if given, only links from words of these languages (say, the visitor's
    language when the query is known to be in it); by default all. Keys without links are
    left out.
    """
    given = set(keys)
    stands_for = {key: {None: key} for key in given}  # key → {language it is a form in: given key}
    for key in sorted(given):
        for language, sibling in siblings(key):
            stands_for.setdefault(sibling, {}).setdefault(language, key)
    merged = {}
    for source, source_language, target_language, target, weight, sources in entries(stands_for):
        if sources == FORMS or (languages is not None and source_language not in languages):
            continue
        origin = []
        for key in source:
            forms = stands_for[key]
            origin.append(forms.get(None) or forms.get(source_language))
        if None in origin or len(set(origin)) != len(origin):
            continue
        origin = tuple(sorted(origin))
        targets = merged.setdefault(origin, {})
        if weight > targets.get(target, (0.0,))[0]:
            targets[target] = (weight, target_language)
    result = {}
    for origin, targets in merged.items():
        ranked = sorted(targets.items(), key=lambda item: (-item[1][0], item[0]))
        per_language = Counter()
        kept = {}
        for target, (weight, language) in ranked:
            for variant in _variants(target, language):
                if len(kept) == MAX_EXPANSIONS or per_language[language] == MAX_PER_LANGUAGE:
                    break
                if variant != origin and variant not in kept:
                    kept[variant] = weight
                    per_language[language] += 1
        result[origin] = list(kept.items())
    return result


def reset():
    """Forget the loaded file (after a rebuild, or in tests)."""
    global _vocabulary
    with _lock:
        _vocabulary = None
        _rows.cache_clear()
        word_links.cache_clear()
