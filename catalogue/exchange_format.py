"""Validation of catalogue files in the exchange format (docs/catalogue-exchange-format.md).

The whole file is checked before anything is written; every problem is reported with its
JSON path, e.g. ``services[12].title.ro: required because the record has a Romanian
translation``.
"""

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from .models import AUDIENCES, CATALOGUE_ID_PATTERN, CHANNELS, PROCEDURE_LANGUAGES, Currency, InstitutionType
from .regions import REGIONS_BY_COUNTRY, Country

FORMAT = "bgro-catalogue/1"
LANGUAGES = ("bg", "ro", "en")
LANGUAGE_NAMES = {"bg": "Bulgarian", "ro": "Romanian", "en": "English"}

INSTITUTION_TEXT_FIELDS = ("name", "description", "address", "opening_hours")
SERVICE_TEXT_FIELDS = (
    "title", "summary", "description", "legal_basis", "payment_methods", "processing_time_note",
    "output", "identification_means", "appeal_procedure", "no_reply_consequence",
)
SERVICE_LIST_FIELDS = ("documents", "steps")
# What the digitalisation map needs beyond the level (platform extension of 2026-12, optional).
SERVICE_FLAGS = ("electronic_identity", "cross_border")

INSTITUTION_FIELDS = {
    "id", "type", "country", "region", "source_language", "website", "email", "phone", "location",
    *INSTITUTION_TEXT_FIELDS,
}
SERVICE_FIELDS = {
    "id", "institution", "source_language", "audience", "channels", "online_url", "fee", "processing_days",
    "digitalisation_level", "procedure_languages", "life_events", *SERVICE_TEXT_FIELDS, *SERVICE_LIST_FIELDS,
    *SERVICE_FLAGS,
}
MAX_TEXT_LENGTH = {"name": 255, "title": 255, "processing_time_note": 255}


def _fold(text):
    """Lower-case ASCII form, so "Călărași", "Calarasi" and "CALARASI" name one region."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().strip()


REGION_KEYS = {_fold(key): key for regions in REGIONS_BY_COUNTRY.values() for key in regions}


def region_key(name):
    """The region key for a name as written in a file, or None."""
    return REGION_KEYS.get(_fold(name)) if isinstance(name, str) else None


class CatalogueFileError(ValueError):
    """The file cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


# The format nests six containers deep (file, list, record, field, language, list of documents);
# anything much deeper is not a catalogue, and json.loads would recurse into it (RecursionError).
MAX_DEPTH = 16
# JSON values (objects, lists, strings, numbers) a record may hold on average: the demo's records
# hold 77, the largest 119. Bounds what json.loads builds to about 70 bytes a value.
VALUES_PER_RECORD = 100

_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b"[]{},")
# Opening +1, closing -1 (0xff as a signed byte), a comma 0: running sums are depths.
_STEP = bytes.maketrans(b"[{]},", b"\x01\x01\xff\xff\x00")
_CHUNK = 256 * 1024
_COMMA, _OPEN_LIST = ord(","), ord("[")


def _structure(raw):
    """The file's brackets, braces and commas outside strings, in order, chunk by chunk.

    In JSON a backslash escapes the next character, so removing ``\\\\`` and then ``\\"`` leaves
    only the quotes that open and close strings; the pieces between quotes are alternately
    outside and inside a string (a chunk may begin inside one: ``inside``).
    """
    inside = False
    carry = b""
    for start in range(0, len(raw), _CHUNK):
        chunk = carry + raw[start : start + _CHUNK]
        # An escape cut in two by the chunk's end: its backslash starts the next chunk.
        carry = b"\\" if (len(chunk) - len(chunk.rstrip(b"\\"))) % 2 else b""
        if carry:
            chunk = chunk[:-1]
        pieces = chunk.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')
        yield b"".join(pieces[1::2] if inside else pieces[::2]).translate(None, _NOT_STRUCTURE)
        inside ^= len(pieces) % 2 == 0  # an odd number of quotes in the chunk


def check_size(raw):
    """Problems that make a file too big to decode, found before json.loads builds anything.

    One pass over the file's bytes in chunks of 256 KB, at the speed of C for all but the
    records' count (bytes.replace, split and translate keep the structure outside strings,
    itertools.accumulate gives the depth); it stops at the first limit passed, so memory stays
    within the file and a few chunks. Limits: ``CATALOGUE_IMPORT_MAX_BYTES``, depth
    ``MAX_DEPTH``, ``CATALOGUE_IMPORT_MAX_RECORDS`` records in the file's lists and
    ``VALUES_PER_RECORD`` times as many JSON values in all. Malformed JSON may pass (json.loads
    then says where it breaks) or be measured as deeper than it is: it is refused either way.
    """
    max_bytes = settings.CATALOGUE_IMPORT_MAX_BYTES
    max_records = settings.CATALOGUE_IMPORT_MAX_RECORDS
    max_values = max_records * VALUES_PER_RECORD
    if len(raw) > max_bytes:
        return [f"$: the file has {len(raw):,} bytes; at most {max_bytes:,} are imported (CATALOGUE_IMPORT_MAX_BYTES)"]
    depth = records = 0
    values = 1
    for structure in _structure(raw):
        if not structure:
            continue
        levels = list(accumulate(memoryview(structure.translate(_STEP)).cast("b"), initial=depth))[1:]
        deepest, depth = max(levels), levels[-1]
        if deepest > MAX_DEPTH:
            return [f"$: nested {deepest:,} levels deep or more; a catalogue needs 6, at most {MAX_DEPTH} are read"]
        # Values: each comma separates two; each object or list is one and holds one more.
        values += structure.count(b",") + 2 * (structure.count(b"[") + structure.count(b"{"))
        if values > max_values:
            return [
                f"$: the file holds more than {max_values:,} JSON values ({VALUES_PER_RECORD} per record "
                f"for CATALOGUE_IMPORT_MAX_RECORDS = {max_records:,}); nothing was read"
            ]
        # Records: the items of the lists in the file's object (depth 2): a list's first, then commas.
        records += sum(
            1 for byte, level in zip(structure, levels, strict=True) if level == 2 and byte in (_COMMA, _OPEN_LIST)
        )
        if records > max_records:
            return [
                f"$: the file holds more than {max_records:,} records; at most {max_records:,} are imported "
                "(CATALOGUE_IMPORT_MAX_RECORDS)"
            ]
    return []


def parse(raw):
    """Decode a catalogue file (UTF-8 bytes, or text): a file too big to decode is refused before
    it is decoded (``check_size``), malformed JSON is reported with its line and column."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogatepass")
    problems = check_size(raw)
    if problems:
        raise CatalogueFileError(problems)
    try:
        return json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as error:
        raise CatalogueFileError([f"$: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"]) from None
    except UnicodeDecodeError as error:
        raise CatalogueFileError([f"$: not UTF-8 text: {error.reason}"]) from None


def _is_url(value):
    if not isinstance(value, str) or any(char.isspace() for char in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


class CatalogueValidator:
    """Collects every problem in a decoded catalogue file."""

    def __init__(self, data, known_institution_ids=(), known_life_events=None):
        """``known_life_events``: the slugs a service may name; by default the site's life events."""
        self.data = data
        self.known_institution_ids = set(known_institution_ids)
        self._known_life_events = None if known_life_events is None else set(known_life_events)
        self.problems = []

    @property
    def known_life_events(self):
        if self._known_life_events is None:
            from .models import LifeEvent

            self._known_life_events = set(LifeEvent.objects.values_list("slug", flat=True).distinct())
        return self._known_life_events

    def problem(self, path, message):
        self.problems.append(f"{path}: {message}")

    def validate(self):
        data = self.data
        if not isinstance(data, dict):
            self.problem("$", "the file must contain a JSON object")
            return self.problems
        if data.get("format") != FORMAT:
            self.problem("format", f'must be "{FORMAT}"')
        for key in sorted(set(data) - {"format", "institutions", "services"}):
            self.problem(key, "unknown field")
        institutions = self._list(data, "institutions")
        services = self._list(data, "services")
        institution_ids = self._check_ids(institutions, "institutions")
        self._check_ids(services, "services")
        for index, record in enumerate(institutions):
            if isinstance(record, dict):
                self._check_institution(record, f"institutions[{index}]")
        for index, record in enumerate(services):
            if isinstance(record, dict):
                self._check_service(record, f"services[{index}]", institution_ids | self.known_institution_ids)
        return self.problems

    def _list(self, data, key):
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problem(key, "must be a list")
            return []
        return value

    def _check_ids(self, records, name):
        seen = {}
        for index, record in enumerate(records):
            path = f"{name}[{index}]"
            if not isinstance(record, dict):
                self.problem(path, "must be an object")
                continue
            record_id = record.get("id")
            if record_id is None:
                self.problem(f"{path}.id", "required")
            elif not isinstance(record_id, str) or not re.fullmatch(CATALOGUE_ID_PATTERN, record_id):
                self.problem(f"{path}.id", "must match [a-z0-9][a-z0-9-]{0,79} (lower-case letters, digits, hyphens)")
            elif record_id in seen:
                self.problem(f"{path}.id", f'duplicate id "{record_id}" (first used at {name}[{seen[record_id]}])')
            else:
                seen[record_id] = index
        return set(seen)

    def _check_enum(self, record, key, path, allowed, required=True):
        value = record.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}", "required")
            return None
        if value not in allowed:
            self.problem(f"{path}.{key}", f"unknown value {json.dumps(value, ensure_ascii=False)}; expected one of: {', '.join(allowed)}")
            return None
        return value

    def _check_languages(self, record, path, text_fields, list_fields=(), title_field="title"):
        source = self._check_enum(record, "source_language", path, LANGUAGES)
        title = record.get(title_field)
        if title is None:
            self.problem(f"{path}.{title_field}", "required")
        record_languages = set(title) & set(LANGUAGES) if isinstance(title, dict) else set()
        if source and isinstance(title, dict) and source not in title:
            self.problem(f"{path}.{title_field}.{source}", "required: it is the record's source language")
        for key in (*text_fields, *list_fields):
            value = record.get(key)
            if value is None:
                continue
            field_path = f"{path}.{key}"
            if not isinstance(value, dict):
                self.problem(field_path, "must be a language map such as {\"bg\": \"…\"}")
                continue
            for language, text in value.items():
                if language not in LANGUAGES:
                    self.problem(f"{field_path}.{language}", f"unknown language; expected one of: {', '.join(LANGUAGES)}")
                    continue
                if key in list_fields:
                    self._check_list_value(key, text, f"{field_path}.{language}")
                elif not isinstance(text, str) or not text.strip():
                    self.problem(f"{field_path}.{language}", "must be non-empty text")
                elif len(text) > MAX_TEXT_LENGTH.get(key, 100_000):
                    self.problem(f"{field_path}.{language}", f"longer than {MAX_TEXT_LENGTH.get(key, 100_000)} characters")
                if language not in record_languages and key != title_field:
                    self.problem(
                        f"{field_path}.{language}",
                        f"the record has no {LANGUAGE_NAMES[language]} {title_field}, so this text has no page to go to",
                    )
            if source and source not in value:
                self.problem(f"{field_path}.{source}", "required: it is the record's source language")
            if not source or source not in value:
                continue
            for language in sorted(record_languages - {source}):
                if language not in value:
                    self.problem(
                        f"{field_path}.{language}",
                        f"required because the record has a {LANGUAGE_NAMES[language]} translation",
                    )
            if key in list_fields and isinstance(value.get(source), list):
                for language in sorted(record_languages - {source}):
                    other = value.get(language)
                    if isinstance(other, list) and len(other) != len(value[source]):
                        self.problem(
                            f"{field_path}.{language}",
                            f"has {len(other)} items but the source language has {len(value[source])}",
                        )
        return source

    def _check_list_value(self, key, items, path):
        if not isinstance(items, list):
            self.problem(path, "must be a list")
            return
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            if key == "documents":
                if not isinstance(item, str) or not item.strip():
                    self.problem(item_path, "must be non-empty text")
            elif not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
                self.problem(item_path, 'must be an object {"title": "…", "description": "…"} with a title')
            else:
                if not isinstance(item.get("description", ""), str):
                    self.problem(f"{item_path}.description", "must be text")
                for extra in sorted(set(item) - {"title", "description"}):
                    self.problem(f"{item_path}.{extra}", "unknown field")

    def _check_unknown(self, record, path, allowed):
        for key in sorted(set(record) - allowed):
            self.problem(f"{path}.{key}", "unknown field")

    def _check_url(self, record, key, path):
        value = record.get(key)
        if value is not None and not _is_url(value):
            self.problem(f"{path}.{key}", "must be an absolute http(s) URL with a scheme, e.g. https://example.org/")

    def _check_institution(self, record, path):
        self._check_unknown(record, path, INSTITUTION_FIELDS)
        self._check_enum(record, "type", path, InstitutionType.values)
        country = self._check_enum(record, "country", path, Country.values)
        region = record.get("region")
        if region is None:
            self.problem(f"{path}.region", "required")
        elif region_key(region) is None:
            self.problem(f"{path}.region", f"unknown region {json.dumps(region, ensure_ascii=False)}; use the English name of a Bulgarian oblast or Romanian județ, e.g. \"Ruse\", \"Giurgiu\"")
        elif country and region_key(region) not in REGIONS_BY_COUNTRY[country]:
            self.problem(f"{path}.region", f'"{region}" is not a region of {country}')
        self._check_languages(record, path, INSTITUTION_TEXT_FIELDS, title_field="name")
        self._check_url(record, "website", path)
        email = record.get("email")
        if email is not None:
            try:
                EmailValidator()(email if isinstance(email, str) else "")
            except ValidationError:
                self.problem(f"{path}.email", "must be an e-mail address")
        phone = record.get("phone")
        if phone is not None and (not isinstance(phone, str) or len(phone) > 60):
            self.problem(f"{path}.phone", "must be text of at most 60 characters")
        location = record.get("location")
        if location is not None:
            if not isinstance(location, dict) or set(location) != {"lat", "lon"}:
                self.problem(f"{path}.location", 'must be {"lat": number, "lon": number}')
            else:
                for key, limit in (("lat", 90), ("lon", 180)):
                    if not _is_number(location[key]) or not -limit <= location[key] <= limit:
                        self.problem(f"{path}.location.{key}", f"must be a number between -{limit} and {limit}")

    def _check_service(self, record, path, institution_ids):
        self._check_unknown(record, path, SERVICE_FIELDS)
        institution = record.get("institution")
        if institution is None:
            self.problem(f"{path}.institution", "required")
        elif institution not in institution_ids:
            self.problem(f"{path}.institution", f"unknown institution id {json.dumps(institution, ensure_ascii=False)} (not in this file nor on the site)")
        self._check_languages(record, path, SERVICE_TEXT_FIELDS, SERVICE_LIST_FIELDS, title_field="title")
        self._check_code_list(record, "audience", path, AUDIENCES, required=True)
        channels = self._check_code_list(record, "channels", path, CHANNELS, required=True)
        self._check_code_list(record, "procedure_languages", path, PROCEDURE_LANGUAGES, required=False)
        self._check_life_events(record, path)
        self._check_url(record, "online_url", path)
        if channels and "online" in channels and record.get("online_url") is None:
            self.problem(f"{path}.online_url", 'required because channels include "online"')
        fee = record.get("fee")
        if fee is not None:
            self._check_fee(fee, f"{path}.fee")
        days = record.get("processing_days")
        # 0 (files written before format note 18) means "on the spot": imported as no processing
        # time, which the page never shows as "up to 0 days".
        if days is not None and (not _is_int(days) or days < 0):
            self.problem(
                f"{path}.processing_days",
                "must be a whole number of days, 0 or more (0 or left out: done on the spot; say so in "
                "processing_time_note)",
            )
        for flag in SERVICE_FLAGS:
            # The digitalisation map's extension: a JSON boolean; left out, the site keeps what it has.
            if flag in record and not isinstance(record[flag], bool):
                self.problem(
                    f"{path}.{flag}",
                    f"must be true or false (a JSON boolean, without quotes), not {json.dumps(record[flag], ensure_ascii=False)}",
                )
        level = record.get("digitalisation_level")
        if level is not None:
            if not _is_int(level) or not 1 <= level <= 5:
                self.problem(f"{path}.digitalisation_level", "must be a whole number from 1 to 5")
            elif level >= 3 and channels is not None and "online" not in channels:
                self.problem(f"{path}.digitalisation_level", 'level 3 or higher needs "online" among the channels')

    def _check_code_list(self, record, key, path, options, required):
        value = record.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}", "required")
            return None
        allowed = [code for code, _label in options]
        if not isinstance(value, list) or (required and not value):
            self.problem(f"{path}.{key}", "must be a non-empty list" if required else "must be a list")
            return None
        valid = []
        for index, code in enumerate(value):
            if code not in allowed:
                self.problem(f"{path}.{key}[{index}]", f"unknown value {json.dumps(code, ensure_ascii=False)}; expected one of: {', '.join(allowed)}")
            elif code in valid:
                self.problem(f"{path}.{key}[{index}]", f'"{code}" is listed twice')
            else:
                valid.append(code)
        return valid

    def _check_life_events(self, record, path):
        """A platform extension: the slugs of the site's life events (``having-a-child``)."""
        value = record.get("life_events")
        if value is None:
            return
        if not isinstance(value, list):
            self.problem(f"{path}.life_events", 'must be a list of life-event slugs, e.g. ["having-a-child"]')
            return
        seen = set()
        for index, slug in enumerate(value):
            item_path = f"{path}.life_events[{index}]"
            if not isinstance(slug, str):
                self.problem(item_path, "must be a life-event slug (text)")
            elif slug in seen:
                self.problem(item_path, f'"{slug}" is listed twice')
            elif slug not in self.known_life_events:
                known = ", ".join(sorted(self.known_life_events)) or "none yet; add them in the admin under Snippets → Life events"
                self.problem(
                    item_path,
                    f"unknown life event {json.dumps(slug, ensure_ascii=False)}; the site knows: {known}",
                )
            else:
                seen.add(slug)

    def _check_fee(self, fee, path):
        if not isinstance(fee, dict):
            self.problem(path, 'must be {"amount": "12.50", "currency": "BGN"}')
            return
        for key in sorted(set(fee) - {"amount", "currency"}):
            self.problem(f"{path}.{key}", "unknown field")
        amount = fee.get("amount")
        if not isinstance(amount, str):
            self.problem(f"{path}.amount", 'required, as a decimal string such as "12.50"')
        else:
            try:
                value = Decimal(amount)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or value < 0 or value.as_tuple().exponent < -2 or value >= 10**8:
                self.problem(f"{path}.amount", 'must be a decimal string of at most two decimals, 0 or more, e.g. "12.50"')
        if fee.get("currency") not in Currency.values:
            self.problem(f"{path}.currency", f"required, one of: {', '.join(Currency.values)}")


def record_languages(record, title_field):
    """The languages a record has, source language first."""
    title = record.get(title_field, {})
    others = [language for language in LANGUAGES if language in title and language != record["source_language"]]
    return [record["source_language"], *others]
