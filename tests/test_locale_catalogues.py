"""The Bulgarian and Romanian gettext catalogues are complete and safe to compile.

Reads ``locale/<lang>/LC_MESSAGES/django.po`` with polib; no database. Each test names every
offending entry, so one run lists all that is left to fix.
"""

import re
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.smoke

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

EXPECTED_HEADERS = {
    "bg": {"Language": "bg", "nplurals": 2},
    "ro": {"Language": "ro", "nplurals": 3},
}

# Python and Django placeholders: %(name)s, %s, %d, and str.format's {name}. "%%" is a literal.
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|%[sdifr]|\{[A-Za-z_][A-Za-z0-9_]*\}")
LITERAL_PERCENT = re.compile(r"%%")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
CEDILLA = re.compile("[şţŞŢ]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
LATIN = re.compile("[A-Za-z]")


def _catalogue(language):
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def _label(entry):
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} (line {entry.linenum})"


def _translations(entry):
    """Every msgstr of the entry: the single one, or each plural form by index."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _tokens(pattern, text):
    return set(pattern.findall(LITERAL_PERCENT.sub("", text)))


def _report(title, problems):
    if problems:
        pytest.fail(f"{title} ({len(problems)}):\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture(scope="module", params=sorted(EXPECTED_HEADERS))
def catalogue(request):
    return request.param, _catalogue(request.param)


def test_header(catalogue):
    language, po = catalogue
    expected = EXPECTED_HEADERS[language]
    problems = []
    if po.metadata.get("Language") != expected["Language"]:
        problems.append(f"Language is {po.metadata.get('Language')!r}, expected {expected['Language']!r}")
    if "charset=UTF-8" not in po.metadata.get("Content-Type", ""):
        problems.append(f"Content-Type is {po.metadata.get('Content-Type')!r}, expected charset=UTF-8")
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    if not match or int(match.group(1)) != expected["nplurals"]:
        problems.append(f"Plural-Forms is {po.metadata.get('Plural-Forms')!r}, expected nplurals={expected['nplurals']}")
    if po.metadata_is_fuzzy:
        problems.append("the header is marked fuzzy")
    _report(f"{language}: header problems", problems)


def test_every_entry_is_translated(catalogue):
    language, po = catalogue
    nplurals = EXPECTED_HEADERS[language]["nplurals"]
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        translations = _translations(entry)
        if entry.msgid_plural and len(translations) != nplurals:
            problems.append(f"{_label(entry)}: {len(translations)} plural forms, expected {nplurals}")
        elif not all(text.strip() for text in translations):
            problems.append(_label(entry))
    _report(f"{language}: untranslated entries", problems)


def test_no_fuzzy_entries(catalogue):
    language, po = catalogue
    _report(f"{language}: fuzzy entries", [_label(entry) for entry in po if "fuzzy" in entry.flags])


def test_no_obsolete_entries(catalogue):
    language, po = catalogue
    _report(f"{language}: obsolete entries", [_label(entry) for entry in po.obsolete_entries()])


def test_placeholders_and_tags_match(catalogue):
    language, po = catalogue
    problems = []
    for entry in po.translated_entries():
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        for pattern, kind in ((PLACEHOLDER, "placeholders"), (HTML_TAG, "HTML tags")):
            expected = set().union(*(_tokens(pattern, text) for text in sources))
            for index, text in enumerate(_translations(entry)):
                found = _tokens(pattern, text)
                if found != expected:
                    form = f" msgstr[{index}]" if entry.msgid_plural else ""
                    problems.append(
                        f"{_label(entry)}{form}: {kind} {sorted(found)} instead of {sorted(expected)}"
                    )
    _report(f"{language}: placeholders or tags that differ from the msgid", problems)


def test_no_word_mixes_cyrillic_and_latin_letters(catalogue):
    """A Latin "a", "o" or "e" typed inside a Cyrillic word (or the reverse) looks right and is not."""
    language, po = catalogue
    problems = []
    for entry in po.translated_entries():
        for text in _translations(entry):
            for word in re.findall(r"\w+", text):
                if CYRILLIC.search(word) and LATIN.search(word):
                    problems.append(f"{_label(entry)}: {word!r}")
    _report(f"{language}: words mixing scripts", problems)


def test_romanian_uses_comma_below_letters():
    po = _catalogue("ro")
    problems = [
        f"{_label(entry)}: {text!r}"
        for entry in po
        for text in _translations(entry)
        if CEDILLA.search(text)
    ]
    _report("ro: cedilla ş ţ Ş Ţ instead of comma-below ș ț Ș Ț", problems)
