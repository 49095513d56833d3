"""Reading a search request from query parameters, with a clear message for each mistake.

The search page and the JSON API share it: the API answers a mistake with 400 and the
message, the page ignores a bad filter and shows the message.
"""

import re

from django.apps import apps
from django.utils.translation import gettext as _

from catalogue.models import CATALOGUE_ID_PATTERN

from .analysis import LANGUAGES
from .engine import MAX_PAGE_SIZE, SearchError, SearchRequest, flat_choices
from .models import EntryKind
from .query import MAX_QUERY_LENGTH, clean_query

# Longer input is not a query someone typed: refuse it rather than search a prefix of it.
MAX_RAW_QUERY_LENGTH = 1000
# A million results at the largest page size: beyond any index this site will hold. The bound
# also keeps int() away from numbers of thousands of digits, which it refuses with a ValueError.
MAX_PAGE = 20_000


def _positive_integer(params, name, default, maximum):
    raw = params.get(name, "")
    if raw == "":
        return default
    digits = raw.lstrip("0")
    if not raw.isascii() or not raw.isdigit() or not digits:
        raise SearchError(_("“%(name)s” must be a whole number from 1 up.") % {"name": name})
    # Compared as text first: int() refuses 4,301 digits or more with a ValueError.
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        raise SearchError(_("“%(name)s” can be at most %(maximum)s.") % {"name": name, "maximum": maximum})
    return int(digits)


def _choices(app_label, model_name, field_name):
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    return {value for value, _label in flat_choices(field.choices or field.options)}


def _catalogue_id(params):
    """An institution's catalogue id, in the exchange format's pattern."""
    value = params.get("institution", "")
    if value and not re.fullmatch(CATALOGUE_ID_PATTERN, value):
        raise SearchError(_("Unknown value for “%(name)s”.") % {"name": "institution"})
    return value


def read_language(params, default=None):
    language = params.get("lang", default or "")
    if language not in LANGUAGES:
        raise SearchError(_("“lang” must be one of: %(languages)s.") % {"languages": ", ".join(LANGUAGES)})
    return language


def read_query(params, required=True):
    raw = params.get("q", "")
    if len(raw) > MAX_RAW_QUERY_LENGTH:
        raise SearchError(
            _("The query is too long: at most %(maximum)s characters are searched.") % {"maximum": MAX_QUERY_LENGTH}
        )
    query = clean_query(raw)
    if required and not query:
        raise SearchError(_("Type a word to search for in “q”."))
    return query


def read_request(params, language, strict=True):
    """A SearchRequest from ``params``; with ``strict``, any bad value raises SearchError."""
    query = read_query(params)
    problems = []

    def checked(name, read, fallback):
        try:
            return read()
        except SearchError as error:
            if strict:
                raise
            problems.append(str(error))
            return fallback

    kinds = tuple(value for value in params.getlist("type") if value)
    known_kinds = set(EntryKind.values)
    if any(kind not in known_kinds for kind in kinds):
        message = _("“type” must be one of: %(types)s.") % {"types": ", ".join(EntryKind.values)}
        if strict:
            raise SearchError(message)
        problems.append(message)
        kinds = tuple(kind for kind in kinds if kind in known_kinds)

    def one_of(name, allowed):
        value = params.get(name, "")
        if value and value not in allowed:
            raise SearchError(_("Unknown value for “%(name)s”.") % {"name": name})
        return value

    request = SearchRequest(
        query=query,
        language=language,
        kinds=kinds,
        country=checked("country", lambda: one_of("country", _choices("catalogue", "InstitutionPage", "country")), ""),
        region=checked("region", lambda: one_of("region", _choices("catalogue", "InstitutionPage", "region")), ""),
        institution=checked("institution", lambda: _catalogue_id(params), ""),
        audience=checked("audience", lambda: one_of("audience", _choices("catalogue", "ServicePage", "audience")), ""),
        page=checked("page", lambda: _positive_integer(params, "page", 1, MAX_PAGE), 1),
        page_size=checked("page_size", lambda: _positive_integer(params, "page_size", 10, MAX_PAGE_SIZE), 10),
    )
    return request, problems
