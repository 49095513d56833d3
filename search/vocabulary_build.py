"""Builds search/vocabulary/pairs.tsv.gz from installed packages (see search.vocabulary).

Only ``python manage.py build_vocabulary`` uses this module; the site reads the built file.

Sources, each read where its package installs it:

- FreeDict English–Bulgarian (Debian dict-freedict-eng-bul): direct translations, senses in order.
- Princeton WordNet 3.0 (Debian wordnet-base): English synsets, sense order, hypernyms.
- Romanian WordNet (PyPI rowordnet): Romanian literals of the same synsets (ids ENG30-offset-pos).
- mythes-bg, mythes-ro (Debian): Bulgarian and Romanian thesauri.
- hunspell-bg, hunspell-ro (Debian): a lemma's inflected forms, so that a lemma whose forms
  stem differently ("deșeu" → dese, "deșeuri" → deseur) is found under each of their keys.

The three languages meet on WordNet synsets: English lemmas are there, Romanian literals come
from the Romanian WordNet, and each sense of a FreeDict entry is matched to a synset of its
headword by the overlap of its English gloss with the synset's definition. Links then are:
translations and synonyms within a synset, broader/narrower terms one hypernym apart (nouns),
FreeDict translations, thesaurus synonyms, and Bulgarian–Romanian pivots through English.
"""

import gzip
import re
import subprocess
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import STOPWORDS, document_key, fold, is_cyrillic, words

_WORD = re.compile(r"[^\W_]+")

WORDNET_DIR = Path("/usr/share/wordnet")
FREEDICT = Path("/usr/share/dictd/freedict-eng-bul")
MYTHES = {"bg": Path("/usr/share/mythes/th_bg_BG_v2.dat"), "ro": Path("/usr/share/mythes/th_ro_RO_v2.dat")}
HUNSPELL = {"bg": Path("/usr/share/hunspell/bg_BG"), "ro": Path("/usr/share/hunspell/ro_RO")}
ROWORDNET_VERSION = "1.1.0"

DEBIAN_PACKAGES = {
    "dict-freedict-eng-bul": FREEDICT.with_suffix(".index"),
    "wordnet-base": WORDNET_DIR / "data.noun",
    "mythes-bg": MYTHES["bg"],
    "mythes-ro": MYTHES["ro"],
    "hunspell-bg": HUNSPELL["bg"].with_suffix(".dic"),
    "hunspell-ro": HUNSPELL["ro"].with_suffix(".dic"),
}

# Weights: how direct a link is.
W_DICTIONARY = 1.0  # FreeDict translation, first sense (later senses a little less)
W_SYNSET_TRANSLATION = 0.9  # same WordNet synset, two languages
W_SYNSET_SYNONYM = 0.7  # same WordNet synset, same language
W_SYNSET_BULGARIAN = 0.75  # Bulgarian (FreeDict sense matched to a synset) – the synset's other English lemmas
W_THESAURUS = 0.55  # mythes synonym
W_PIVOT_SYNSET = 0.6  # Bulgarian (FreeDict sense matched to a synset) – Romanian (same synset)
W_PIVOT_WORD = 0.45  # Bulgarian – Romanian through an English word's first sense only
W_BROADER = 0.5  # one hypernym apart (nouns)
W_ALIGNED = 0.7  # words aligned inside two-word terms of one synset ("toxic waste" = "deșeu toxic")
W_PIVOT_SYNONYM = 0.56  # same-language words sharing one of their best English translations (both ≥ 0.7)
MAX_PIVOT_TRANSLATIONS = 3  # a word's best English translations that count for that
MAX_PIVOT_SHARERS = 8  # words sharing one English translation that are linked (the strongest)
# Sense rank → factor: the rarer senses of an ambiguous word count less, and past the last not at all.
RANK_FACTOR = (1.0, 0.9, 0.8, 0.7, 0.6)
MAX_SENSES = len(RANK_FACTOR)
MAX_SYNONYM_SENSES = 2  # same-language synonyms and broader terms only from a word's first senses
MAX_THESAURUS_SENSES = 2
MAX_THESAURUS_SYNONYMS = 6
MAX_TRANSLATIONS = 6  # targets per (source keys, target language)
MAX_SYNONYMS = 5  # targets per (source keys, same language)
MAX_PHRASE_KEYS = 3
MIN_KEY_LENGTH = 3
MAX_FORM_KEYS = 2  # a lemma's keys: its own and those of its commonest other forms
MAX_HYPONYMS = 60  # a broader term with more direct hyponyms than this is too generic to link
MIN_DEPTH = 4  # nor is one this close to the root of WordNet's hierarchy
MIN_WEIGHT = 0.25  # weaker links are left out

LANGUAGES = ("bg", "ro", "en")


class MissingSource(Exception):
    """A source package is not installed: the message says how to install it."""


# --- reading the sources ---


def check_sources():
    """Raise MissingSource naming every missing package and the command that installs it."""
    missing = [name for name, path in DEBIAN_PACKAGES.items() if not path.exists()]
    problems = []
    if missing:
        problems.append(f"Debian packages missing: {' '.join(missing)} (apt-get install {' '.join(missing)})")
    try:
        import rowordnet  # noqa: F401
    except ImportError:
        problems.append(f"Python package missing: rowordnet (pip install rowordnet=={ROWORDNET_VERSION})")
    if problems:
        raise MissingSource("; ".join(problems))


def source_versions():
    """{source: version} of the packages read, for the file's header and the README."""
    versions = {}
    for name in DEBIAN_PACKAGES:
        try:
            versions[name] = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            versions[name] = "unknown"
    from importlib.metadata import PackageNotFoundError, version

    try:
        versions["rowordnet"] = version("rowordnet")
    except PackageNotFoundError:
        versions["rowordnet"] = "unknown"
    return versions


def clean_term(text):
    """Lower case, stress marks of Bulgarian dictionaries removed (ѝ → и), spaces normalised."""
    text = unicodedata.normalize("NFD", text)
    text = text.replace("\u0301", "").replace("\u0300", "")
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("_", " ")
    return " ".join(text.split())


@dataclass
class Synset:
    id: str  # "02958343-n": WordNet 3.0 offset and part of speech (satellites count as "a")
    lemmas: list
    gloss: str
    hypernyms: list = field(default_factory=list)
    hyponym_count: int = 0
    romanian: list = field(default_factory=list)  # [(literal, rank)]
    bulgarian: list = field(default_factory=list)  # [(term, rank, confidence)]
    depth: int = 0
    lexfile: int = 0  # WordNet's lexicographer file: 5 noun.animal, 20 noun.plant, …
    proper: bool = False  # every lemma a name (Serengeti National Park)


_POS = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}


def read_wordnet(directory=WORDNET_DIR):
    """({id: Synset}, {(lemma, pos): [synset ids, commonest sense first]})."""
    synsets = {}
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
        with open(directory / f"data.{name}", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("  "):
                    continue  # licence header
                head, _, gloss = line.partition(" | ")
                fields = head.split()
                count = int(fields[3], 16)
                raw = fields[4 : 4 + 2 * count : 2]
                lemmas = [clean_term(re.sub(r"\(.*\)$", "", lemma)) for lemma in raw]
                position = 4 + 2 * count
                pointers = int(fields[position])
                hypernyms = []
                for index in range(pointers):
                    symbol, offset, target_pos = fields[position + 1 + 4 * index : position + 4 + 4 * index]
                    if symbol in ("@", "@i"):
                        hypernyms.append(f"{offset}-{_POS[target_pos]}")
                synset_id = f"{fields[0]}-{pos}"
                synsets[synset_id] = Synset(
                    synset_id,
                    list(dict.fromkeys(lemmas)),
                    gloss.strip(),
                    hypernyms,
                    lexfile=int(fields[1]),
                    proper=all(lemma[:1].isupper() for lemma in raw),
                )
    for synset in synsets.values():
        for hypernym in synset.hypernyms:
            if hypernym in synsets:
                synsets[hypernym].hyponym_count += 1
    depths = {}

    def depth(synset_id, seen=()):
        if synset_id not in depths:
            parents = [parent for parent in synsets[synset_id].hypernyms if parent in synsets and parent not in seen]
            depths[synset_id] = 1 + min((depth(parent, (*seen, synset_id)) for parent in parents), default=0)
        return depths[synset_id]

    for synset_id, synset in synsets.items():
        synset.depth = depth(synset_id)
    senses = {}
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
        with open(directory / f"index.{name}", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma, count, pointers = clean_term(fields[0]), int(fields[2]), int(fields[3])
                offsets = fields[4 + pointers + 2 : 4 + pointers + 2 + count]
                senses[(lemma, pos)] = [f"{offset}-{pos}" for offset in offsets]
    return synsets, senses


def _dex_sense(value):
    match = re.match(r"\d+", value or "")
    return int(match.group(0)) if match else None


def read_rowordnet(synsets, english_rank):
    """Add each Romanian literal to its synset, ranked among the literal's synsets.

    A literal's synsets are ranked by the sense number it has in them (from the DEX, the
    Romanian explanatory dictionary; "x" = none, last), then by how common the synset is in
    English (the best rank it has among its English lemmas' senses).
    """
    import rowordnet

    wordnet = rowordnet.RoWordNet()
    memberships = defaultdict(list)  # literal → [(sort key, synset id)]
    numbered = set()
    for identifier in wordnet.synsets():
        if not identifier.startswith("ENG30-"):
            continue
        _, offset, pos = identifier.split("-")
        synset_id = f"{offset}-{_POS.get(pos, pos)}"
        if synset_id not in synsets:
            continue
        synset = wordnet(identifier)
        for literal, sense in zip(synset.literals, synset.literals_senses, strict=False):
            literal = clean_term(literal)
            dex = _dex_sense(sense)
            if dex is not None:
                numbered.add(literal)
            memberships[literal].append(((dex is None, dex or 0), synset_id))
    for literal, found in memberships.items():
        ranked = sorted(set(found), key=lambda item: (item[0], english_rank.get(item[1], 99), item[1]))
        for rank, synset_id in enumerate(dict.fromkeys(synset_id for _, synset_id in ranked), start=1):
            synsets[synset_id].romanian.append((literal, rank))
    return numbered


def lemma_ranks(senses, directory=WORDNET_DIR):
    """{(lemma, synset id): rank of that sense among all the lemma's senses, every part of speech}.

    Senses are ordered by how often WordNet's sense-tagged corpus has them (cntlist.rev), then
    by their order within their part of speech: "build" is first the verb (123 tags), and
    only then the noun "physique" (2 tags).
    """
    tags = {}
    ss_types = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
    with open(directory / "cntlist.rev", encoding="utf-8") as stream:
        for line in stream:
            sense_key, number, count = line.split()
            lemma, _, rest = sense_key.partition("%")
            key = (clean_term(lemma), ss_types.get(rest[:1]), int(number))
            tags[key] = tags.get(key, 0) + int(count)
    by_lemma = defaultdict(list)
    for (lemma, pos), synset_ids in senses.items():
        for number, synset_id in enumerate(synset_ids, start=1):
            by_lemma[lemma].append((-tags.get((lemma, pos, number), 0), number, "nvar".index(pos), synset_id))
    ranks = {}
    for lemma, found in by_lemma.items():
        for rank, (*_, synset_id) in enumerate(sorted(found), start=1):
            ranks[(lemma, synset_id)] = rank
    return ranks


def english_ranks(ranks):
    """{synset id: the best rank it has among the senses of its English lemmas}."""
    best = {}
    for (_lemma, synset_id), rank in ranks.items():
        best[synset_id] = min(rank, best.get(synset_id, rank))
    return best


def tagged_lemmas(directory=WORDNET_DIR):
    """English lemmas seen at least once in WordNet's sense-tagged corpus (cntlist.rev): common words."""
    lemmas = set()
    with open(directory / "cntlist.rev", encoding="utf-8") as stream:
        for line in stream:
            sense_key, _number, count = line.split()
            if int(count) > 0:
                lemmas.add(clean_term(sense_key.partition("%")[0]))
    return lemmas


_DICTD_DIGITS = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _dictd_number(text):
    value = 0
    for character in text:
        value = value * 64 + _DICTD_DIGITS[character]
    return value


@dataclass
class DictionaryEntry:
    headword: str
    pos: str  # n, v, adj, adv, pn, …
    senses: list  # [(number, [Bulgarian terms], English gloss)]


def read_freedict(base=FREEDICT):
    """The entries of a FreeDict dictd dictionary, in file order."""
    with gzip.open(base.with_suffix(".dict.dz"), "rb") as stream:
        data = stream.read()
    seen = set()
    entries = []
    with open(base.with_suffix(".index"), encoding="utf-8") as stream:
        for line in stream:
            headword, offset, length = line.rstrip("\n").split("\t")
            if headword.startswith("00database") or offset in seen:
                continue
            seen.add(offset)
            text = data[_dictd_number(offset) : _dictd_number(offset) + _dictd_number(length)].decode("utf-8")
            entry = _parse_freedict_entry(clean_term(headword), text)
            if entry:
                entries.append(entry)
    return entries


def _parse_freedict_entry(headword, text):
    lines = text.strip("\n").split("\n")
    pos_match = re.search(r"<([^>]+)>\s*$", lines[0])
    if not headword:
        return None
    senses = []
    number = 0
    for line in lines[1:]:
        line = line.strip()
        if not line:
            continue
        if is_cyrillic(line):
            match = re.match(r"(\d+)\.\s*(.*)", line)
            number = int(match.group(1)) if match else number + 1
            body = re.sub(r"\s+\d+\.\s*$", "", match.group(2) if match else line)
            body = re.sub(r"\([^)]*\)", " ", body)
            terms = [clean_term(term) for term in re.split(r"[,;]", body)]
            terms = [term for term in terms if term and is_cyrillic(term)]
            if terms:
                senses.append([number, terms, ""])
        elif senses and not senses[-1][2] and not re.fullmatch(r"\d+\.", line):
            senses[-1][2] = line
    return DictionaryEntry(headword, pos_match.group(1) if pos_match else "", [tuple(sense) for sense in senses])


_LABEL = re.compile(r"\(.*?\)")


def read_mythes(path):
    """{word: [[synonyms of a meaning], …]} of a MyThes thesaurus, labelled (archaic, regional…) terms left out."""
    meanings = defaultdict(list)
    with open(path, encoding="utf-8", errors="replace") as stream:
        stream.readline()  # encoding
        word = None
        remaining = 0
        for line in stream:
            line = line.rstrip("\n")
            if remaining == 0:
                word, _, count = line.rpartition("|")
                word = clean_term(word)
                remaining = int(count) if count.isdigit() else 0
                continue
            remaining -= 1
            synonyms = []
            for term in line.split("|")[1:]:
                term = term.strip()
                # Labelled terms are archaic, regional, antonyms or generic; broken ones have "-" or "\".
                if not term or _LABEL.search(term) or term.startswith("≠") or re.search(r"[-\\$~]", term):
                    continue
                synonyms.append(clean_term(term))
            if synonyms:
                meanings[word].append(synonyms)
    return meanings


class Hunspell:
    """A Hunspell dictionary's words and their suffixed forms (prefixes make other words: left out)."""

    def __init__(self, base):
        self.suffixes = defaultdict(list)  # flag → [(strip, add, condition regex)]
        with open(base.with_suffix(".aff"), encoding="utf-8", errors="replace") as stream:
            for line in stream:
                fields = line.split()
                if len(fields) >= 5 and fields[0] == "SFX":
                    flag, strip, add, condition = fields[1], fields[2], fields[3], fields[4]
                    strip = "" if strip == "0" else strip
                    add = "" if add == "0" else add.split("/")[0]
                    pattern = re.compile(("" if condition == "." else f"(?:{condition})") + "$")
                    self.suffixes[flag].append((strip, add, pattern))
        self.flags = defaultdict(str)
        with open(base.with_suffix(".dic"), encoding="utf-8", errors="replace") as stream:
            stream.readline()  # count
            for line in stream:
                entry = line.split()[0] if line.split() else ""
                word, _, flags = entry.partition("/")
                if word and word[0].islower():
                    self.flags[word] += flags

    def forms(self, word):
        """``word`` and its suffixed forms, or just ``word`` if the dictionary lacks it."""
        forms = [word]
        for flag in dict.fromkeys(self.flags.get(word, "")):
            for strip, add, pattern in self.suffixes.get(flag, ()):
                if word.endswith(strip) and pattern.search(word):
                    forms.append(word[: len(word) - len(strip)] + add)
        return list(dict.fromkeys(form for form in forms if "-" not in form))


# --- terms to keys ---


class Keyer:
    """A term of a language → its keys; the keys of a lemma's other forms are kept aside as *siblings*."""

    def __init__(self, hunspell):
        self.hunspell = hunspell
        self.cache = {}
        self.siblings = defaultdict(set)  # (language, key) → keys of other forms of the same words

    def word_keys(self, word, language):
        """The key of ``word`` (as written, diacritics kept), then those of its commonest other forms."""
        primary = document_key(fold(word), language)
        if language not in self.hunspell:
            return [primary]
        if language == "ro":
            word = word.replace("ş", "ș").replace("ţ", "ț")  # the dictionary writes the comma below
        counts = Counter(document_key(fold(form), language) for form in self.hunspell[language].forms(word))
        # Another key counts if two forms or more share it (deșeuri, deșeurile → "deseur"), not for a
        # lone vocative ("construcțio").
        others = [
            key
            for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            if key != primary and count > 1
        ]
        return [primary, *others][:MAX_FORM_KEYS]

    def keys(self, term, language):
        """The key tuple of ``term``, or None for a term unfit for the vocabulary."""
        if (term, language) not in self.cache:
            self.cache[(term, language)] = self._keys(term, language)
        return self.cache[(term, language)]

    def _keys(self, term, language):
        tokens = [word for word in _WORD.findall(term) if len(fold(word)) > 1 and fold(word) not in STOPWORDS[language]]
        if not tokens or len(tokens) > MAX_PHRASE_KEYS or any(character.isdigit() for character in term):
            return None
        cyrillic = [is_cyrillic(token) for token in tokens]
        if (language == "bg" and not all(cyrillic)) or (language != "bg" and any(cyrillic)):
            return None
        keys = []
        for token in tokens:
            primary, *others = self.word_keys(token, language)
            if len(primary) < MIN_KEY_LENGTH or primary in keys:
                return None
            keys.append(primary)
            for other in others:
                if len(other) >= MIN_KEY_LENGTH:
                    self.siblings[(language, primary)].add(other)
                    self.siblings[(language, other)].add(primary)
        return tuple(keys)


# --- links between terms ---


class Links:
    """Directed links (language, term) → (language, term), weights kept per kind of evidence."""

    def __init__(self):
        self.links = defaultdict(dict)  # (la, ta, lb, tb) → {sources: weight}

    def add(self, language_a, term_a, language_b, term_b, weight, sources, both=True, weight_back=None):
        if not term_a or not term_b or (language_a == language_b and term_a == term_b) or weight <= 0:
            return
        evidence = self.links[(language_a, term_a, language_b, term_b)]
        evidence[sources] = max(weight, evidence.get(sources, 0.0))
        if both:
            self.add(
                language_b, term_b, language_a, term_a, weight if weight_back is None else weight_back, sources, False
            )

    def weights(self):
        """{(la, ta, lb, tb): (weight, source letters)}: kinds of evidence combined as a noisy-or."""
        for link, evidence in self.links.items():
            miss = 1.0
            for weight in evidence.values():
                miss *= 1.0 - weight
            letters = "".join(sorted(set("".join(evidence))))
            yield link, (min(1.0 - miss, 1.0), letters)


def _rank_factor(rank):
    return RANK_FACTOR[rank - 1] if 1 <= rank <= MAX_SENSES else 0.0


_FREEDICT_POS = {"n": "n", "v": "v", "adj": "a", "adv": "r"}


def _signature(synset, synsets):
    broader = [lemma for parent in synset.hypernyms if parent in synsets for lemma in synsets[parent].lemmas]
    text = " ".join([synset.gloss, *synset.lemmas, *broader])
    return {document_key(word, "en") for word in words(text) if word not in STOPWORDS["en"] and len(word) > 2}


def match_dictionary_senses(entries, synsets, senses):
    """Attach each FreeDict sense's Bulgarian terms to the WordNet synset its gloss matches.

    Candidates are the synsets of the headword with the same part of speech. A sense goes to
    the candidate whose definition, lemmas and hypernyms share most content words with its
    gloss (the commoner sense on a tie), or to the only candidate; with no overlap and several
    candidates, an entry of a single sense goes to the headword's first synset with less
    confidence, and a sense of a many-sense entry stays unmatched.
    """
    signatures = {}
    matched = 0
    for entry in entries:
        pos = _FREEDICT_POS.get(entry.pos)
        candidates = senses.get((entry.headword, pos), []) if pos else []
        if not candidates:
            continue
        for number, terms, gloss in entry.senses:
            gloss_keys = {
                document_key(word, "en") for word in words(gloss) if word not in STOPWORDS["en"] and len(word) > 2
            }
            best, best_score = None, 0
            for synset_id in candidates[:8]:
                if synset_id not in signatures:
                    signatures[synset_id] = _signature(synsets[synset_id], synsets)
                score = len(gloss_keys & signatures[synset_id])
                if score > best_score:
                    best, best_score = synset_id, score
            confidence = 1.0
            if best is None:
                if len(candidates) == 1:
                    best = candidates[0]
                elif len(entry.senses) == 1:
                    best, confidence = candidates[0], 0.7
                else:
                    continue
            matched += 1
            for term in terms:
                synsets[best].bulgarian.append((term, number, confidence))
    return matched


def _usable(synset, known):
    """Not a name, nor a plant or animal none of whose English names is a common word."""
    if synset.proper:
        return False
    return synset.lexfile not in (5, 20) or any(lemma in known["en"] for lemma in synset.lemmas)


def _is_known(language, term, known):
    return known.get(language) is None or term in known[language]


def collect_links(synsets, senses, ranks, entries, thesauri, known):
    """All links between terms. ``known``: {language: common words, or None for all}.

    Translations may reach rare words (that is what they are for); same-language links
    (synonyms, broader terms) only join common words, or WordNet's long tail of rare
    synonyms would crowd the file.
    """
    links = Links()
    # 1. FreeDict: English headword ↔ Bulgarian terms, earlier senses first.
    for entry in entries:
        for position, (_number, terms, _gloss) in enumerate(entry.senses):
            weight = max(W_DICTIONARY - 0.05 * position, 0.8)
            for term in terms:
                links.add("en", entry.headword, "bg", term, weight, "D")
    # 2. Within a synset: translations and synonyms in all three languages.
    for synset_id, synset in synsets.items():
        if not _usable(synset, known):
            continue
        members = [member for member in _members(synset_id, synset, ranks) if _rank_factor(member[2]) > 0]
        for index, (language_a, term_a, rank_a, confidence_a, sources_a) in enumerate(members):
            for language_b, term_b, rank_b, confidence_b, sources_b in members[index + 1 :]:
                if language_a == language_b:
                    if max(rank_a, rank_b) > MAX_SYNONYM_SENSES:
                        continue
                    if not (_is_known(language_a, term_a, known) and _is_known(language_b, term_b, known)):
                        continue
                    base = W_SYNSET_SYNONYM
                elif {language_a, language_b} == {"bg", "ro"}:
                    base = W_PIVOT_SYNSET
                elif "bg" in (language_a, language_b):
                    base = W_SYNSET_BULGARIAN
                else:
                    base = W_SYNSET_TRANSLATION
                confidence = confidence_a * confidence_b
                sources = "".join(sorted(set(sources_a + sources_b)))
                # The weight from a word counts that word's rank first (its rarer senses count less).
                forward = base * confidence * _rank_factor(rank_a) * (0.5 + 0.5 * _rank_factor(rank_b))
                backward = base * confidence * _rank_factor(rank_b) * (0.5 + 0.5 * _rank_factor(rank_a))
                links.add(
                    language_a, term_a, language_b, term_b, round(forward, 4), sources, weight_back=round(backward, 4)
                )
    # 2b. Words of two-word terms of a synset aligned: "toxic waste" = "deșeu toxic", "toxic" =
    # "toxic", so "waste" = "deșeu"; "building permit" = "autorizație de construcție", and
    # "permit" = "autorizație" is known, so "building" = "construcție".
    known_pairs = {(la, ta, lb, tb) for (la, ta, lb, tb) in links.links if la != lb}
    for synset_id, synset in synsets.items():
        if not _usable(synset, known):
            continue
        members = [member for member in _members(synset_id, synset, ranks) if _rank_factor(member[2]) > 0]
        phrases = [(language, term, _content_words(term, language)) for language, term, *_ in members]
        phrases = [(language, term, tokens) for language, term, tokens in phrases if len(tokens) == 2]
        for index, (language_a, _term_a, tokens_a) in enumerate(phrases):
            for language_b, _term_b, tokens_b in phrases[index + 1 :]:
                if language_a == language_b:
                    continue
                for first, second in ((0, 1), (1, 0)):
                    for other_first, other_second in ((0, 1), (1, 0)):
                        a, b = tokens_a[first], tokens_b[other_first]
                        if _cognates(a, b) or (language_a, a, language_b, b) in known_pairs:
                            rest_a, rest_b = tokens_a[second], tokens_b[other_second]
                            if not _cognates(rest_a, rest_b):
                                links.add(
                                    language_a,
                                    rest_a,
                                    language_b,
                                    rest_b,
                                    W_ALIGNED,
                                    "A" + _letters(language_a, language_b),
                                )
    # 3. Broader and narrower terms (nouns), one hypernym apart, across and within languages.
    for synset_id, synset in synsets.items():
        if not synset_id.endswith("-n") or not _usable(synset, known):
            continue
        for broader_id in _broader(synset, synsets):
            broader = synsets[broader_id]
            if broader.hyponym_count > MAX_HYPONYMS or broader.depth < MIN_DEPTH or not _usable(broader, known):
                continue
            narrow = _members(synset_id, synset, ranks)
            wide = _members(broader_id, broader, ranks)
            for language_a, term_a, rank_a, confidence_a, sources_a in narrow:
                if rank_a > MAX_SYNONYM_SENSES:
                    continue
                for language_b, term_b, rank_b, confidence_b, sources_b in wide:
                    if rank_b > MAX_SYNONYM_SENSES:
                        continue
                    if language_a == language_b and not (
                        _is_known(language_a, term_a, known) and _is_known(language_b, term_b, known)
                    ):
                        continue
                    weight = W_BROADER * confidence_a * confidence_b * _rank_factor(rank_a) * _rank_factor(rank_b)
                    sources = "".join(sorted(set(sources_a + sources_b)))
                    links.add(language_a, term_a, language_b, term_b, round(weight, 4), sources)
    # 4. Thesauri.
    for language, code in (("bg", "B"), ("ro", "T")):
        for word, meanings in thesauri[language].items():
            for position, synonyms in enumerate(meanings[:MAX_THESAURUS_SENSES]):
                for synonym in synonyms[:MAX_THESAURUS_SYNONYMS]:
                    links.add(language, word, language, synonym, round(W_THESAURUS * RANK_FACTOR[position], 4), code)
    # 5. Same-language words that share their best English translation ("gunoi" and "deșeu":
    # "waste"; "боклук" and "отпадък": "garbage"), a single English word.
    best = defaultdict(list)  # (language, term) → [(weight, English word)]
    for (language_a, term_a, language_b, term_b), evidence in links.links.items():
        if language_a in ("bg", "ro") and language_b == "en" and " " not in term_b:
            best[(language_a, term_a)].append((max(evidence.values()), term_b))
    sharing = defaultdict(list)  # (language, English word) → [(weight, term)]
    for (language, term), found in best.items():
        for weight, english in sorted(found, key=lambda item: (-item[0], item[1]))[:MAX_PIVOT_TRANSLATIONS]:
            if weight >= 0.7:
                sharing[(language, english)].append((weight, term))
    for (language, _english), terms in sharing.items():
        terms = sorted(terms, key=lambda item: (-item[0], item[1]))[:MAX_PIVOT_SHARERS]
        for index, (_weight_a, term_a) in enumerate(terms):
            for _weight_b, term_b in terms[index + 1 :]:
                links.add(language, term_a, language, term_b, W_PIVOT_SYNONYM, "E")
    # 6. Bulgarian – Romanian through an English word: FreeDict's Bulgarian × the word's first synset.
    for entry in entries:
        pos = _FREEDICT_POS.get(entry.pos)
        first = senses.get((entry.headword, pos), [None])[0] if pos else None
        if not first or not entry.senses:
            continue
        _number, terms, _gloss = entry.senses[0]
        if not _usable(synsets[first], known):
            continue
        for literal, rank in synsets[first].romanian:
            for term in terms:
                links.add("bg", term, "ro", literal, round(W_PIVOT_WORD * _rank_factor(rank), 4), "DRW")
    return links


def _content_words(term, language):
    return [word for word in _WORD.findall(term) if len(fold(word)) > 1 and fold(word) not in STOPWORDS[language]]


def _cognates(first, second):
    """Words written alike across languages: "toxic"/"toxic", "radioactive"/"radioactiv"."""
    first, second = fold(first), fold(second)
    return len(first) >= 5 and len(second) >= 5 and first[:5] == second[:5]


def _letters(language_a, language_b):
    return "".join(
        sorted({"en": "W", "ro": "RW", "bg": "DW"}[language_a] + {"en": "W", "ro": "RW", "bg": "DW"}[language_b])
    )


def _members(synset_id, synset, ranks):
    """[(language, term, rank of this sense among the term's, confidence, sources)] of a synset."""
    members = [("en", lemma, ranks.get((lemma, synset_id), MAX_SENSES + 1), 1.0, "W") for lemma in synset.lemmas]
    members += [("ro", literal, rank, 1.0, "RW") for literal, rank in synset.romanian]
    members += [("bg", term, rank, confidence, "DW") for term, rank, confidence in synset.bulgarian]
    return members


def _broader(synset, synsets):
    """The synset's hypernyms, and for a compound hypernym ("motor vehicle") the ancestor named by its head ("vehicle")."""
    found = []
    for hypernym_id in synset.hypernyms:
        if hypernym_id not in synsets:
            continue
        found.append(hypernym_id)
        hypernym = synsets[hypernym_id]
        if all(" " in lemma for lemma in hypernym.lemmas):
            head = hypernym.lemmas[0].split()[-1]
            frontier = list(hypernym.hypernyms)
            for _ in range(3):
                ancestor = next((a for a in frontier if a in synsets and head in synsets[a].lemmas), None)
                if ancestor:
                    found.append(ancestor)
                    break
                frontier = [parent for a in frontier if a in synsets for parent in synsets[a].hypernyms]
    return found


# --- links to rows of keys ---


def build_rows(links, keyer):
    """Sorted rows (source keys, source language, target language, target keys, weight, sources).

    Links become key tuples; per source and target language the best MAX_TRANSLATIONS (other
    languages) or MAX_SYNONYMS (same language) targets are kept, and every one-word translation
    is also kept the other way. Then, for every key in a row, a row per sibling key of the same
    word (Hunspell forms: "dese" ↔ "deseur"), weight 1.
    """
    grouped = defaultdict(dict)  # (la, source keys, lb) → {target keys: [weight, sources]}
    for (language_a, term_a, language_b, term_b), (weight, sources) in links.weights():
        source = keyer.keys(term_a, language_a)
        target = keyer.keys(term_b, language_b)
        if not source or not target or set(source) == set(target):
            continue
        group = grouped[(language_a, tuple(sorted(source)), language_b)]  # a phrase's keys in any order
        if target not in group or weight > group[target][0]:
            group[target] = [weight, sources]
    rows = {}
    used = set()
    for (language_a, source, language_b), items in grouped.items():
        cap = MAX_SYNONYMS if language_a == language_b else MAX_TRANSLATIONS
        ranked = sorted(
            ((weight, target, letters) for target, (weight, letters) in items.items()),
            key=lambda item: (-item[0], len(item[1]), item[1]),
        )
        for weight, target, letters in ranked[:cap]:
            if weight < MIN_WEIGHT:
                break
            rows[(" ".join(source), language_a, language_b, " ".join(target))] = (f"{weight:.2f}", letters)
            used.update((language_a, key) for key in source)
            used.update((language_b, key) for key in target)
    # A translation read one way holds the other way too. The links are made in pairs, but the
    # per-language cap keeps a word's best few targets only: "funeral" keeps six Romanian
    # words, not "înmormântare", while "înmormântare" → "funeral" is kept. Each one-word
    # translation kept one way is kept the other way as well, at the same weight, over the cap
    # (the engine reads a word's strongest targets first and takes MAX_PER_LANGUAGE of them).
    for (source, language_a, language_b, target), value in list(rows.items()):
        if language_a != language_b and " " not in source and " " not in target:
            rows.setdefault((target, language_b, language_a, source), value)
    for language, key in used:
        for sibling in keyer.siblings.get((language, key), ()):
            rows.setdefault((key, language, language, sibling), ("1.00", "H"))
            rows.setdefault((sibling, language, language, key), ("1.00", "H"))
    return sorted(((*identity, *value) for identity, value in rows.items()), key=lambda row: "\t".join(row).encode())


def build(log=print):
    """Read the installed sources and return (rows, versions)."""
    check_sources()
    versions = source_versions()
    log("Reading WordNet…")
    synsets, senses = read_wordnet()
    log("Reading the Romanian WordNet…")
    # Literals with a DEX sense number somewhere: words of the explanatory dictionary, common ones.
    ranks = lemma_ranks(senses)
    dex_literals = read_rowordnet(synsets, english_ranks(ranks))
    log("Reading FreeDict English–Bulgarian…")
    entries = read_freedict()
    matched = match_dictionary_senses(entries, synsets, senses)
    log(f"  {len(entries)} entries, {matched} senses matched to WordNet synsets")
    log("Reading the thesauri and Hunspell dictionaries…")
    thesauri = {language: read_mythes(path) for language, path in MYTHES.items()}
    keyer = Keyer({language: Hunspell(base) for language, base in HUNSPELL.items()})
    known = {
        "en": tagged_lemmas() | {entry.headword for entry in entries},
        "ro": set(thesauri["ro"]) | dex_literals,
        "bg": None,
    }
    log("Linking…")
    links = collect_links(synsets, senses, ranks, entries, thesauri, known)
    log("Writing keys…")
    rows = build_rows(links, keyer)
    return rows, versions


def write(rows, versions, path):
    """The rows as a gzipped TSV, byte-for-byte the same for the same rows (no time stamp)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = [
        "# BG-RO E-GoverNet search vocabulary: derived key pairs; see search/vocabulary/README.md for sources and licences.",
        "# " + ", ".join(f"{name} {version}" for name, version in sorted(versions.items())),
        "# source keys\tsource language\ttarget language\ttarget keys\tweight\tsources",
    ]
    text = "\n".join(header + ["\t".join(row) for row in rows]) + "\n"
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as stream,
    ):
        stream.write(text.encode("utf-8"))


def counts(rows):
    """{(source language, target language): rows}."""
    return Counter((row[1], row[2]) for row in rows)
