"""Which words of a result to highlight: those that matched the query's own words.

The engine matches far more than it should mark. To find records it lets a word stand for its
spellings, its typos, the words it starts, and its translations from three sources (the
translators' glossary, the dictionaries, the lexicon learnt from the translation memory),
synonyms and other senses included. Marking every word that matched one of those keys made
"tax" light up "Paying", "payment", "fee" and "proof", and "impozit" the Bulgarian "върху":
the reader could not see why a result was there.

A word is marked when its key is, for one of the query's words:

* **the word itself** as typed: its keys in the three languages' spelling rules (the same
  letters in Romanian and English text), its Latin transliteration when typed in Cyrillic,
  and its Cyrillic readings only when the visitor searches in Bulgarian (Latin letters typed
  for Bulgarian, as the engine reads them; "tax" typed in English is not "такса");
* **a spelling variant**: a longer word it is the start of, or the word it is a typo of;
* **a direct translation into another language**: the translators' glossary entry for the
  single word, when there is one; else the dictionary's best translation into each other
  language (and those within ``DICTIONARY_CLOSE`` of its weight), from the word in the
  visitor's language or Bulgarian (only Bulgarian for Cyrillic; any language for Latin letters
  typed by a Bulgarian visitor). Other forms of a marked word count too.

A translation spelled like another word of the visitor's language is not marked (the keys do
not say which language a word is in: English "tax" and Romanian "taxă" share one).
Not marked: same-language synonyms, other senses, the lexicon's alignments (learnt from
sentence pairs: "tax" aligns with "payment"), and the words of phrase translations that do not
translate a query word on their own ("върху" in "данък върху доходите"). Records still match on
all of them; only the marking is narrower. Only keys the engine used are marked.
"""

from .analysis import MAX_KEY_LENGTH, bulgarian_key, is_cyrillic, latin_key, reading_keys, words
from .vocabulary import FORMS, entries, is_word

# A dictionary translation is marked when its weight is at least this share of the best
# translation of the word into the same language (near-equal senses: "taxă", "impozit").
DICTIONARY_CLOSE = 0.95


def highlight_keys(parsed, snap=None):
    """The keys of ``parsed`` (a search.engine.ParsedQuery) whose words a result marks."""
    from . import engine  # imported here: the engine imports this module

    snap = snap or engine.snapshot()
    marked = set()
    for concept in parsed.concepts:
        own = _own_keys(concept, parsed.language, engine)
        marked |= own | _spelling_variants(concept, engine)
        # As the engine translates: the word's own keys, and when the index knows none of them
        # (a word no record holds, or a typo) also the keys it is a typo of.
        sources = own if own & snap.document_frequency.keys() else own | _typo_keys(concept, engine)
        languages = _source_languages(concept.word, parsed.language)
        # A translation spelled like another word of the visitor's language would mark that
        # word in the results they read (English "tax" is Romanian "taxă", a fee): left out.
        translated = {
            (key, language)
            for key, language in _direct_translations(sources, languages, snap)
            if key in own or language == parsed.language or not is_word(key, {parsed.language})
        }
        marked |= {key for key, _language in translated}
        marked |= _other_forms({(key, language) for key in sources for language in languages} | translated)
    return marked & parsed.keys


def _source_languages(word, language):
    """The languages the word is taken to be in, for its translations: Bulgarian when typed in
    Cyrillic; else the visitor's language and Bulgarian (as the engine translates), and for a
    Bulgarian visitor typing Latin letters any of the three (a Romanian or English word)."""
    if is_cyrillic(word):
        return {"bg"}
    return {"bg", "ro", "en"} if language == "bg" else {language, "bg"}


def _own_keys(concept, language, engine):
    exact = {key for alternative in concept.alternatives if alternative.kind == "word" for key in alternative.keys}
    if is_cyrillic(concept.word) or language == "bg":
        return exact
    written = words(concept.word)[0] if words(concept.word) else concept.word
    latin = {written[:MAX_KEY_LENGTH], latin_key(written, "ro"), latin_key(written, "en")}
    return exact - (({bulgarian_key(written)} | reading_keys(written)) - latin)


def _spelling_variants(concept, engine):
    return {
        alternative.keys[0]
        for alternative in concept.alternatives
        if len(alternative.keys) == 1 and alternative.kind in ("prefix", "typo")
    }


def _typo_keys(concept, engine):
    return {
        alternative.keys[0]
        for alternative in concept.alternatives
        if len(alternative.keys) == 1 and alternative.kind == "typo"
    }


def _direct_translations(sources, languages, snap):
    found = set()
    in_glossary = set()
    for language, term_keys, others in snap.glossary:
        if language in languages and len(term_keys) == 1 and term_keys <= sources:
            in_glossary |= term_keys
            for other_language, translated in others.items():
                if len(translated) == 1:
                    found.add((translated[0], other_language))
    best = {}
    rows = [row for row in entries(sources) if len(row[0]) == 1 and len(row[3]) == 1]
    for source, source_language, target_language, _target, weight, origin in rows:
        if origin == FORMS:
            continue
        if source[0] in in_glossary or source_language not in languages or target_language == source_language:
            continue
        key = (source[0], target_language)
        if weight > best.get(key, 0):
            best[key] = weight
    for source, source_language, target_language, target, weight, origin in rows:
        if origin == FORMS or (source[0] in in_glossary or source_language not in languages):
            continue
        if target_language != source_language and weight >= DICTIONARY_CLOSE * best[(source[0], target_language)]:
            found.add((target[0], target_language))
    return found


def _other_forms(keys):
    """The keys of other forms of the words ``keys`` holds, as {(key, language)}, in that
    language only: Romanian "taxă" has the form "taxi", English "tax" does not."""
    wanted = set(keys)
    return {
        target[0]
        for source, source_language, _target_language, target, _weight, origin in entries({key for key, _ in keys})
        if origin == FORMS and len(source) == 1 and len(target) == 1 and (source[0], source_language) in wanted
    }
