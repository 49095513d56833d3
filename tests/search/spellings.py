"""Other spellings of a query that visitors type: Romanian with cedillas or without marks,
Bulgarian in official and in informal (chat) Latin letters."""

import unicodedata

from search.analysis import is_cyrillic, transliterate

CEDILLA = str.maketrans({"ș": "ş", "ț": "ţ", "Ș": "Ş", "Ț": "Ţ"})
# How people write Bulgarian in Latin letters without the official system.
INFORMAL = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "4", "ш": "6", "щ": "6t", "ъ": "u", "ь": "", "ю": "iu", "я": "q",
}  # fmt: skip


def without_marks(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def spellings(query, language):
    """The other spellings of ``query`` (the query itself left out)."""
    found = []
    if language == "ro":
        found += [query.translate(CEDILLA), without_marks(query)]
    if language == "bg" and is_cyrillic(query):
        lowered = query.lower()
        found.append(" ".join(transliterate(word) for word in lowered.split()))
        found.append("".join(INFORMAL.get(character, character) for character in lowered))
    return [spelling for spelling in dict.fromkeys(found) if spelling != query]
