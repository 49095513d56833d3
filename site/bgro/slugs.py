"""Latin page slugs, also for pages titled in Cyrillic.

A Cyrillic slug becomes a long percent-encoded address (``/bg/%D0%BD%D0%BE...``) that breaks in
e-mails and is unreadable when shared. Wagtail's own slug widget transliterates in the browser
once ``WAGTAIL_ALLOW_UNICODE_SLUGS`` is off, but with its own (Russian-based) table and only where
JavaScript ran; ``BasePage.full_clean`` passes every slug through ``latin_slug``, so pages saved
by the admin without JavaScript, by the API, by wagtail-localize's translation editor or by a
script get the same slug, made with Bulgaria's official transliteration (Transliteration Act
2009) that search already uses ("ия" at the end of a word is "ia": "България" → "balgaria").
"""

import re

from django.utils.text import slugify

from search.analysis import transliterate

_WORD = re.compile(r"\w+")


def latin_slug(text):
    """``text`` (a title or a slug) as an ASCII slug: Cyrillic transliterated, Romanian and other
    diacritics dropped ("Ден на отворените врати" → "den-na-otvorenite-vrati")."""
    latin = _WORD.sub(lambda match: transliterate(match.group(0)), (text or "").lower())
    return slugify(latin, allow_unicode=False)


def needs_latin_slug(slug):
    return bool(slug) and not slug.isascii()
