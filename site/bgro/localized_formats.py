"""Dates and numbers as each language writes them, from the CLDR data (Babel).

Django's own locale formats write Bulgarian and Romanian month names with a capital and a
Bulgarian day with a leading zero ("02 Декември 2026"); CLDR, which Babel ships, has what both
languages' style guides say: "2 декември 2026 г.", "2 decembrie 2026". Templates use the
``local_date`` and ``local_number`` filters (``bgro.templatetags.local_format``); Python code
(the display screen, feeds, the API) calls these functions. English is British (an EU
programme's English; the day before the month, as in the other two languages).
"""

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal
from django.utils import translation

# Site language code → CLDR locale.
CLDR_LOCALES = {"bg": "bg_BG", "ro": "ro_RO", "en": "en_GB"}


def cldr_locale(language_code=None):
    code = (language_code or translation.get_language() or "bg").split("-")[0].lower()
    return CLDR_LOCALES.get(code, CLDR_LOCALES["bg"])


def format_date(value, language_code=None, length="long"):
    """A date (or the date of a datetime) in the language's words: ``long`` spells the month
    ("2 декември 2026 г."), ``medium`` abbreviates it, ``short`` is digits only."""
    if value is None or value == "":
        return ""
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    return _babel_format_date(value, format=length, locale=cldr_locale(language_code))


def format_number(value, language_code=None):
    """A number with the language's decimal sign and grouping ("12 345,5" in Bulgarian)."""
    if value is None or value == "":
        return ""
    return _babel_format_decimal(value, locale=cldr_locale(language_code))
