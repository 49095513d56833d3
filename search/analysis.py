"""Text analysis shared by indexing and querying: words become language-neutral *keys*.

Every word ends up in one space: lower case, Latin script, no diacritics, stemmed. A
Bulgarian word is stemmed in Cyrillic (BulStem, Nakov 2003) and then written in Latin letters
with Bulgaria's official transliteration (Transliteration Act 2009), so "удостоверението"
and "udostoverenieto" meet; Romanian and English words are folded (ş/ș/ţ/ț/ă/â/î lose their
marks, so text typed without diacritics or with cedillas meets the correct spelling) and then
stemmed (English with Snowball, Romanian with a light stemmer made for folded text). The index stores one key per word, stemmed in the language of its page;
a query word, whose language is never certain, is looked up under every key it could have.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer
from bulstem.stem import BulStemmer

LANGUAGES = ("bg", "ro", "en")
MAX_KEY_LENGTH = 64

_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Bulgarian Transliteration Act (2009), with "ия" at the end of a word written "ia".
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
    "ь": "y", "ю": "yu", "я": "ya",
    # Letters of neighbouring Cyrillic alphabets that visitors may type.
    "ё": "yo", "ы": "y", "э": "e", "і": "i", "ї": "yi", "є": "ye", "ј": "y", "ђ": "dj", "ћ": "c",
    "џ": "dzh", "ѓ": "g", "ќ": "k", "љ": "ly", "њ": "ny", "ѕ": "dz",
}  # fmt: skip

# Latin typed for Bulgarian: the official spellings first (longest match wins), then the
# letters people use informally ("j" and "w" for ж and в, "q" for я, "x" for кс).
_LATIN_TO_CYRILLIC = [
    ("sht", "щ"), ("dzh", "дж"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("yu", "ю"),
    ("ya", "я"), ("yo", "йо"), ("a", "а"), ("b", "б"), ("c", "ц"), ("d", "д"), ("e", "е"), ("f", "ф"),
    ("g", "г"), ("h", "х"), ("i", "и"), ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "я"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"),
    ("w", "в"), ("x", "кс"), ("y", "й"), ("z", "з"),
    # Chat Latin: digits for the letters they look like.
    ("6t", "щ"), ("4", "ч"), ("6", "ш"),
]  # fmt: skip
_LATIN_TO_CYRILLIC_PATTERN = re.compile(
    "|".join(sorted((latin for latin, _ in _LATIN_TO_CYRILLIC), key=len, reverse=True))
)
_LATIN_TO_CYRILLIC_MAP = dict(_LATIN_TO_CYRILLIC)

# Words too common to tell pages apart. Romanian ones are written folded, as they are compared.
STOPWORDS = {
    "bg": frozenset(
        "а аз ако бе без би бил била били било в във все всеки всички вие да до е за и из или им има "
        "как като кога които който която което към ли на над не ни но о от по под при с са се си "
        "след със също та те то тя тук у че чрез ще я мога може моля как къде какво".split()
    ),
    "ro": frozenset(
        "a al ale alt ai am ar as au ca cand care ce cel cea cei cele cu cum de din dintre doar "
        "este eu fi fie la le lui mai mea meu nu o or ori pe pentru prin sa se si sub sunt un una "
        "unei unui unde vreau cum imi va vor in ii iar".split()
    ),
    "en": frozenset(
        "a an and are as at be by can do for from get how i if in into is it its me my of on or "
        "our the their there this to was we what where which who will with you your".split()
    ),
}


def fold(text):
    """Lower case without diacritics; Cyrillic letters keep their identity (й stays й)."""
    text = text.casefold()
    if not text.isascii():
        text = "".join(_fold_character(character) for character in text)
    return text


@lru_cache(maxsize=4096)
def _fold_character(character):
    if _CYRILLIC.match(character):
        return character
    decomposed = unicodedata.normalize("NFKD", character)
    return "".join(part for part in decomposed if not unicodedata.combining(part)) or character


def words(text):
    """The folded words of ``text``, in order (single letters dropped)."""
    return [word for word in _WORD.findall(fold(text)) if len(word) > 1 and word != "_" * len(word)]


def is_cyrillic(word):
    return bool(_CYRILLIC.search(word))


def transliterate(word):
    """Cyrillic → Latin by the official Bulgarian system (already-Latin letters pass)."""
    if not is_cyrillic(word):
        return word
    if word.endswith("ия"):
        return transliterate(word[:-2]) + "ia"
    return "".join(_CYRILLIC_TO_LATIN.get(character, character) for character in word)


def to_cyrillic(word):
    """Latin → Bulgarian Cyrillic, the reverse of ``transliterate`` for words typed in Latin."""
    if not any(character.isalpha() for character in word):
        return word  # a number
    if word.endswith("ia") and len(word) > 3:
        return to_cyrillic(word[:-2]) + "ия"
    return _LATIN_TO_CYRILLIC_PATTERN.sub(lambda match: _LATIN_TO_CYRILLIC_MAP[match.group(0)], word)


# Latin letters that stand for more than one Bulgarian letter when people type without the
# official system: "danuk", "danyk" and "danak" are all данък; "i" is also й, "iu" ю.
_AMBIGUOUS_LATIN = {"a": ("а", "ъ"), "u": ("у", "ъ"), "y": ("й", "ъ", "ь"), "i": ("и", "й"), "iu": ("ю", "иу")}
_READING_TOKENS = re.compile(
    "|".join(sorted({latin for latin, _ in _LATIN_TO_CYRILLIC} | set(_AMBIGUOUS_LATIN), key=len, reverse=True))
)
MAX_READINGS = 16


@lru_cache(maxsize=20_000)
def cyrillic_readings(word):
    """The Bulgarian words a Latin-typed ``word`` may stand for, the official reading first.

    At most MAX_READINGS; a word that is not Latin letters (or a number) has none besides
    ``to_cyrillic``'s.
    """
    if is_cyrillic(word) or not any(character.isalpha() for character in word):
        return (to_cyrillic(word),)
    readings = [""]
    position = 0
    for match in _READING_TOKENS.finditer(word):
        between = word[position : match.start()]
        token = match.group(0)
        options = _AMBIGUOUS_LATIN.get(token) or (_LATIN_TO_CYRILLIC_MAP[token],)
        readings = [reading + between + option for reading in readings for option in options][: MAX_READINGS * 4]
        position = match.end()
    readings = [reading + word[position:] for reading in readings]
    official = to_cyrillic(word)
    ordered = [official, *(reading for reading in readings if reading != official)]
    return tuple(ordered[:MAX_READINGS])


def reading_keys(word):
    """The keys of a Latin-typed word's Bulgarian readings, as if each had been typed in Cyrillic."""
    if is_cyrillic(word):
        return set()
    return set().union(*(query_keys(reading) for reading in cyrillic_readings(word)))


# How each country spells the other's names: Romanian writes Bulgarian by its own orthography
# (Добрич → Dobrici, Балчик → Balcic, Тутракан → Tutracan), Bulgarian writes Romanian by its
# own (Călărași → Кълъраш, Oltenița → Олтеница, Craiova → Крайова). Before е, и, ю and я,
# Romanian writes к, г, ч, дж as "ch", "gh", "c", "g"; elsewhere as "c", "g", "ci", "gi". Folded:
# ș, ț and ă lose their marks as every Romanian key does.
_CYRILLIC_TO_ROMANIAN = {
    **_CYRILLIC_TO_LATIN,
    "ж": "j", "й": "i", "к": "c", "ц": "t", "ч": "ci", "ш": "s", "щ": "st", "ь": "", "ю": "iu", "я": "ia",
    "дж": "gi",
}  # fmt: skip
_ROMANIAN_SOFTENED = {"к": "ch", "г": "gh", "ч": "c", "дж": "g"}
_SOFTENING = frozenset("еиюя")
_CYRILLIC_LETTERS = re.compile(r"дж|.", re.DOTALL)
# Romanian "ce", "ci", "ge", "gi" are ч and дж (a silent vowel before another vowel or at the end
# of a word: "Rusciuc" Русчук, "Ghencea" Генча, "Dobrici" Добрич); "che", "chi", "ghe", "ghi"
# are к and г.
_ROMANIAN_LETTERS = re.compile(r"[cg](?:(?P<silent>[ei])(?=[aeiou]|$)|[ei]|h(?=[ei]))|.", re.DOTALL)
_ROMANIAN_TO_CYRILLIC = {
    "c": "к", "ch": "к", "ce": "че", "ci": "чи", "g": "г", "gh": "г", "ge": "дже", "gi": "джи",
    "j": "ж", "h": "х", "x": "кс", "w": "в", "y": "й", "q": "к", "k": "к",
}  # fmt: skip


def romanian_spelling(word):
    """A Cyrillic word as Romanian spells Bulgarian names, folded ("добрич" → "dobrici")."""
    if word.endswith("ия"):
        return romanian_spelling(word[:-2]) + "ia"
    spelled = []
    for match in _CYRILLIC_LETTERS.finditer(word):
        letters = match.group(0)
        if letters in _ROMANIAN_SOFTENED and word[match.end() : match.end() + 1] in _SOFTENING:
            spelled.append(_ROMANIAN_SOFTENED[letters])
        else:
            spelled.append(_CYRILLIC_TO_ROMANIAN.get(letters, letters))
    return "".join(spelled)


def bulgarian_spelling(word):
    """A folded Latin word read by Romanian orthography, in Bulgarian Cyrillic ("dobrici" → "добрич")."""
    if word.endswith("ia") and len(word) > 3:
        return bulgarian_spelling(word[:-2]) + "ия"
    spelled = []
    for match in _ROMANIAN_LETTERS.finditer(word):
        letters = match.group(0)
        if match.group("silent"):
            spelled.append("ч" if letters[0] == "c" else "дж")
        else:
            spelled.append(_ROMANIAN_TO_CYRILLIC.get(letters) or to_cyrillic(letters))
    return "".join(spelled)


@lru_cache(maxsize=20_000)
def neighbour_spelling_keys(word):
    """The keys of ``word`` spelled as the other country spells names: a Cyrillic word in
    Romanian orthography, a Latin one read by it into Bulgarian."""
    if not any(character.isalpha() for character in word):
        return frozenset()
    if is_cyrillic(word):
        found = set()
        for spelled in _with_ea(romanian_spelling(word)):
            spelled = spelled[:MAX_KEY_LENGTH]
            found |= {spelled, latin_key(spelled, "ro"), latin_key(spelled, "en")}
        return frozenset(found)
    read = bulgarian_spelling(word)
    found = set()
    for cyrillic in dict.fromkeys([read, read.replace("еа", "я")]):
        found |= {bulgarian_key(cyrillic), transliterate(cyrillic)[:MAX_KEY_LENGTH]}
    return frozenset(found)


# Romanian "ea" after a consonant is one sound, which Bulgarian writes я (Seaca → Сяка): a я read
# back may be "ia" or "ea", and a Latin "ea" may be я.
_CONSONANT_IA = re.compile(r"(?<=[bcdfghjklmnprstvz])ia")


def _with_ea(spelled):
    return dict.fromkeys([spelled, _CONSONANT_IA.sub("ea", spelled)])


@lru_cache(maxsize=1)
def _bulgarian_stemmer():
    # Context 2 with rules seen at least twice: the setting Nakov reports as best for retrieval.
    return BulStemmer.from_file("stem-context-2", min_freq=2, left_context=2)


_per_thread = threading.local()


def _snowball(language):
    # A Snowball stemmer keeps state while it stems: one per thread.
    stemmers = getattr(_per_thread, "stemmers", None)
    if stemmers is None:
        stemmers = _per_thread.stemmers = {
            "en": snowballstemmer.stemmer("english"),
        }
    return stemmers[language]


@lru_cache(maxsize=200_000)
def bulgarian_key(word):
    """A Cyrillic (or Latin-typed) Bulgarian word → its stem, in Latin letters."""
    cyrillic = word if is_cyrillic(word) else to_cyrillic(word)
    return transliterate(_bulgarian_stemmer().stem(cyrillic))[:MAX_KEY_LENGTH]


# Romanian inflection written without diacritics: case and article endings, longest first.
_ROMANIAN_ENDINGS = tuple(
    sorted(
        "urilor urile ilor elor elui ului iei uri ii ie ia ele ile lor ul le ea ei ua a e i u".split(),
        key=len,
        reverse=True,
    )
)


def romanian_stem(word):
    """A light inflectional stemmer for folded Romanian.

    Snowball's Romanian stemmer needs the diacritics (ă, ș, ț) to find its suffixes, so it
    stems "căsătoriei" and "casatoriei" differently; visitors often type without them. This
    one removes one case/article ending and then a final vowel, on text already folded, so
    "certificatului", "certificatul", "certificate" and "certificat" share "certificat" and
    "nașterii", "nasterea", "naștere" share "naster".
    """
    for ending in _ROMANIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    if word[-1:] in ("a", "e", "i", "u") and len(word) > 4:
        word = word[:-1]
    return word


@lru_cache(maxsize=200_000)
def latin_key(word, language):
    """A folded Latin word → its stem in ``language``: Romanian (light, above) or English (Snowball)."""
    if language == "ro":
        return romanian_stem(word)[:MAX_KEY_LENGTH]
    return _snowball(language).stemWord(word)[:MAX_KEY_LENGTH]


def document_key(word, language):
    """The one key under which the index stores ``word`` of a page in ``language``."""
    if is_cyrillic(word):
        return bulgarian_key(word)
    if language == "bg":
        # Latin words in Bulgarian text are names and loanwords: kept as they are written.
        return word[:MAX_KEY_LENGTH]
    return latin_key(word, language)


@lru_cache(maxsize=50_000)
def token_keys(token, language):
    """The keys of the words of one whitespace-separated ``token`` of a page in ``language``.

    Kept per token: the search results' snippets and highlights look up every token of every
    text they show, and pages repeat the same few thousand tokens."""
    return tuple(document_key(word, language) for word in words(token))


def document_keys(text, language):
    """The keys of ``text`` in order, stopwords left out."""
    stopwords = STOPWORDS.get(language, frozenset())
    return [document_key(word, language) for word in words(text) if word not in stopwords]


# Endings that make nouns of verbs and verbs of nouns, on keys (stemmed, in Latin letters):
# Bulgarian регистрирам / регистриране / регистрация (registrira, registriran, registratsi),
# уведомяване / уведомление; Romanian înregistrare / înregistrez / înregistrat (inregistrar,
# inregistrez, inregistrat), căsătorie / căsătoresc. Longest first.
DERIVATION_ENDINGS = tuple(
    sorted(
        "iran ira atsi atsia yavan avan ivan evan leni eni an "  # Bulgarian
        "ar ez at esc iesc ir are".split(),  # Romanian
        key=len,
        reverse=True,
    )
)
DERIVATION_ROOT = 5  # letters a root keeps at least: shorter ones join unrelated words


def derivation_root(key):
    """The root ``key`` shares with the other parts of speech of its word, or None."""
    for ending in DERIVATION_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= DERIVATION_ROOT:
            return key[: -len(ending)]
    return None


def query_keys(word):
    """Every key ``word`` could have been indexed under, whatever language the page was in."""
    if is_cyrillic(word):
        latin = transliterate(word)
        return {bulgarian_key(word), latin[:MAX_KEY_LENGTH], latin_key(latin, "ro"), latin_key(latin, "en")}
    return {word[:MAX_KEY_LENGTH], latin_key(word, "ro"), latin_key(word, "en"), bulgarian_key(word)}


def is_stopword(word, language):
    """A stopword of the query's language, or a short one of another language (de, на, of)."""
    if word in STOPWORDS.get(language, ()):
        return True
    if language == "bg" and not is_cyrillic(word) and to_cyrillic(word) in STOPWORDS["bg"]:
        return True  # "za", "na": Bulgarian stop words typed in Latin letters
    return len(word) <= 3 and any(word in STOPWORDS[other] for other in LANGUAGES if other != language)
