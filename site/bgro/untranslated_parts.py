"""Which parts of a published translation still show the source language's text.

wagtail-localize publishes a translation with some segments untranslated ("Publish" in its
segment editor saves the target with ``fallback=True``): the untranslated segments keep the
source's text, so a Romanian page may show a Bulgarian lead under a Romanian title. This module
tells the templates which fields and StreamField blocks those are, so that they carry
``lang="<source>"``, and ``base.html`` says to the reader that parts are not yet translated.

A segment is untranslated when its source string has no ``StringTranslation`` without error in
the target language and the segment's context (how wagtail-localize itself counts progress, see
``translations.coverage``). Segment context paths are ``field`` or ``field.<block id>…``: the
first component names the field, the second the top-level block of a StreamField.

Costs: whether a page has untranslated parts is an ``Exists`` annotated onto the query that
``site_tags.page_languages`` already runs (no query of its own); the paths are read only for a
page that has some (one query).
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from wagtail_localize.models import StringSegment, StringTranslation


def untranslated_segments(translation_key, locale_id):
    """The source segments of the enabled translation of ``translation_key`` into ``locale_id``
    that have no translation (``translation_key`` and ``locale_id`` may be ``OuterRef``s)."""
    # One level deeper inside the StringTranslation subquery: an outer reference is wrapped again.
    target_locale = OuterRef(locale_id) if isinstance(locale_id, OuterRef) else locale_id
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=target_locale,
        has_error=False,
    )
    return (
        StringSegment.objects.filter(
            source__object_id=translation_key,
            source__translations__target_locale_id=locale_id,
            source__translations__enabled=True,
        )
        .exclude(Exists(translated))
        .order_by()
    )


def untranslated_field_language(name):
    """An annotation for a queryset of a translatable model (a page or a snippet): the source's
    language code where field ``name`` of the row is an untranslated segment of its published
    translation, else None. A snippet without drafts, such as a life event, is live as soon as
    wagtail-localize creates its translation: until translated, its fields hold the source's text."""
    return Subquery(
        untranslated_segments(OuterRef("translation_key"), OuterRef("locale_id"))
        .filter(context__path=name)
        .values("source__locale__language_code")[:1]
    )


def has_untranslated_parts():
    """An annotation for a Page queryset: True for a translation with untranslated segments."""
    return Exists(untranslated_segments(OuterRef("translation_key"), OuterRef("locale_id")))


@dataclass
class UntranslatedParts:
    """The untranslated parts of one page: its source's language and the segments' paths."""

    source_language: str = ""
    paths: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.paths)

    def field_is_untranslated(self, name):
        """Whether any segment of field ``name`` (e.g. "lead", "body") is untranslated."""
        prefix = f"{name}."
        return any(path == name or path.startswith(prefix) for path in self.paths)

    def block_is_untranslated(self, name, block_id):
        """Whether any segment of the top-level block ``block_id`` of StreamField ``name`` is."""
        path = f"{name}.{block_id}"
        prefix = f"{path}."
        return any(candidate == path or candidate.startswith(prefix) for candidate in self.paths)


def untranslated_parts(page):
    """The :class:`UntranslatedParts` of ``page`` (one query)."""
    rows = untranslated_segments(page.translation_key, page.locale_id).values_list(
        "context__path", "source__locale__language_code"
    )
    parts = UntranslatedParts()
    for path, language in rows.distinct():
        parts.paths.add(path)
        parts.source_language = language
    return parts
