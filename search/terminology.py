"""Where a text still uses a form that a glossary term replaces ("forms to avoid").

Translators give each glossary term the forms it replaces (GlossaryTerm.avoid_*, or "avoid" in
the shipped glossary files); this module finds them in texts of the same language, so that one
fixed form per name and term stays fixed. A form matches as whole words, case-insensitively;
a form ending in "*" matches any ending ("district*": districtul, districte).
"""

import html
import re
from dataclasses import dataclass

LANGUAGES = ("bg", "ro", "en")
# Keys of the demo files whose values are addresses or identifiers, never read as text.
NOT_TEXT = frozenset({"slug", "id", "key", "url", "website", "email", "icon", "file"})


@dataclass(frozen=True)
class Finding:
    language: str
    where: str
    form: str
    fixed_form: str
    excerpt: str

    def __str__(self):
        return f"{self.where} ({self.language}): „{self.form}“ – use „{self.fixed_form}“: …{self.excerpt}…"


def form_pattern(form):
    form = form.strip()
    stem = form.rstrip("*").strip()
    end = "" if form.endswith("*") else r"(?!\w)"
    # Words apart by any white space: rich text puts line breaks and tags between them.
    words = r"\s+".join(re.escape(word) for word in stem.split())
    return re.compile(r"(?<!\w)" + words + end, re.IGNORECASE)


def rules(terms):
    """(language, pattern, form, fixed form) for each form to avoid of ``terms``.

    ``terms`` are dicts with bg, ro, en and avoid ({language: [forms]}), as read from a
    glossary file or made from GlossaryTerm records (see glossary_terms).
    """
    return [
        (language, form_pattern(form), form, term[language])
        for term in terms
        for language, forms in term.get("avoid", {}).items()
        for form in forms
    ]


def glossary_terms(queryset):
    """The site's glossary (GlossaryTerm records) in the form ``rules`` reads."""
    return [{**term.terms(), "avoid": term.forms_to_avoid()} for term in queryset]


def json_texts(data, where="", language=None):
    """(language, where, text) for every string of a demo file that sits under a language key."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NOT_TEXT:
                continue
            inner = key if key in LANGUAGES else language
            yield from json_texts(value, f"{where}/{key}" if where else str(key), inner)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from json_texts(value, f"{where}/{index}", language)
    elif isinstance(data, str) and language:
        yield language, where, data


def find_avoided(terms, texts):
    """The places in ``texts`` ((language, where, text)) that use a form to avoid of ``terms``."""
    by_language = {}
    for language, pattern, form, fixed_form in rules(terms):
        by_language.setdefault(language, []).append((pattern, form, fixed_form))
    findings = []
    for language, where, text in texts:
        # Rich text: the reader sees „Convention & Visitors“, not „&amp;“, and no tags.
        plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
        for pattern, form, fixed_form in by_language.get(language, ()):
            for match in pattern.finditer(plain):
                excerpt = plain[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
                findings.append(Finding(language, where, form, fixed_form, excerpt))
    return findings
