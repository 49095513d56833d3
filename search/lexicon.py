"""Word translations learnt from the translation memory, for cross-language search.

wagtail-localize keeps every translated segment: a source string and its translation into
each language. Over all short segment pairs, two keys that keep appearing together (one on
each side) are probably translations of each other; the Dice coefficient measures how
reliably (2·both / (first + second)). Pairs seen at least twice and scoring at least
MIN_SCORE enter the lexicon, at most MAX_TRANSLATIONS per key and language. Short segments
(titles, document names, step titles) align far better than paragraphs, so only segments of
at most MAX_SEGMENT_WORDS words are used.
"""

from collections import Counter, defaultdict
from itertools import combinations

from django.db import transaction
from wagtail_localize.models import StringTranslation

from .analysis import document_keys
from .models import LexiconEntry
from .vocabulary import word_links

MAX_SEGMENT_WORDS = 12
MIN_PAIRS = 2
MIN_SCORE = 0.3
MAX_TRANSLATIONS = 3


def aligned_segments():
    """Distinct (language, text) groups: a source string with all its translations."""
    groups = defaultdict(dict)
    rows = StringTranslation.objects.filter(has_error=False).values_list(
        "translation_of_id",
        "translation_of__locale__language_code",
        "translation_of__data",
        "locale__language_code",
        "data",
    )
    for string_id, source_language, source_text, language, text in rows.iterator(chunk_size=5000):
        group = groups[string_id]
        group[source_language] = source_text
        group[language] = text
    return groups.values()


def build_lexicon(segment_groups):
    """{(source key, target key): score} from groups of equivalent texts {language: text}."""
    side_counts = Counter()  # (language pair, side, key) → segments
    pair_counts = Counter()  # (language pair, source key, target key) → segments
    seen = set()
    for group in segment_groups:
        keyed = {}
        for language, text in group.items():
            if len(text.split()) > MAX_SEGMENT_WORDS:
                break
            keyed[language] = frozenset(document_keys(text, language))
        else:
            for first, second in combinations(sorted(keyed), 2):
                signature = (first, keyed[first], second, keyed[second])
                if signature in seen or not keyed[first] or not keyed[second]:
                    continue
                seen.add(signature)
                languages = (first, second)
                for key in keyed[first]:
                    side_counts[(languages, 0, key)] += 1
                for key in keyed[second]:
                    side_counts[(languages, 1, key)] += 1
                # Words the dictionaries already pair in this segment are explained: they are
                # counted with each other only, not with every other word of the segment
                # (in "stare civilă – civil status", "civilă" is "civil", not "status").
                anchored = {
                    (key, other)
                    for key in keyed[first]
                    for other in keyed[second]
                    if key != other and (other in word_links(key) or key in word_links(other))
                }
                explained_first = {key for key, _other in anchored}
                explained_second = {other for _key, other in anchored}
                for key in keyed[first]:
                    for other in keyed[second]:
                        if key == other:
                            continue
                        if (key, other) in anchored or (key not in explained_first and other not in explained_second):
                            pair_counts[(languages, key, other)] += 1
    best = defaultdict(list)
    for (languages, key, other), together in pair_counts.items():
        if together < MIN_PAIRS:
            continue
        score = 2 * together / (side_counts[(languages, 0, key)] + side_counts[(languages, 1, other)])
        if score >= MIN_SCORE:
            best[(key, languages[1])].append((score, other))
            best[(other, languages[0])].append((score, key))
    lexicon = {}
    for (key, _language), translations in best.items():
        for score, other in sorted(translations, reverse=True)[:MAX_TRANSLATIONS]:
            lexicon[(key, other)] = max(score, lexicon.get((key, other), 0))
    return lexicon


@transaction.atomic
def rebuild_lexicon():
    """Replace the stored lexicon with one learnt from the current translation memory."""
    lexicon = build_lexicon(aligned_segments())
    LexiconEntry.objects.all().delete()
    LexiconEntry.objects.bulk_create(
        [
            LexiconEntry(source_key=source, target_key=target, score=round(score, 4))
            for (source, target), score in lexicon.items()
        ],
        batch_size=5000,
    )
    from .engine import index_changed

    index_changed()
    return len(lexicon)
