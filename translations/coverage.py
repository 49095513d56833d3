"""Translation coverage: the state of every translatable page and snippet in every language.

A *row* is a source page (or translatable snippet) and one other site language. The **source**
of a page is its version
in the language of its first ``TranslationSource`` (what was submitted for translation), or,
when it was never submitted, its oldest version that is not an alias (Bulgarian for the content
written here, Romanian for catalogue records written in Romanian). Its states:

``missing``
    the language's tree holds only an alias of the source (the visitor sees the source with a
    notice), or nothing at all;
``in_progress``
    the translation is in wagtail-localize's segment editor and *x* of its *y* text segments
    are translated (StringTranslation without error, as wagtail-localize counts them), and
    the translator's work is a draft;
``partial``
    as ``in_progress``, but published as it is (no draft pending): visitors read the
    untranslated segments in the source's language (wagtail-localize publishes them with the
    source's text; the page marks them with ``lang`` and says so, see
    ``bgro.untranslated_parts``). A snippet without drafts (a life event) is live from the
    moment wagtail-localize creates its translation, so one with untranslated segments is
    always published in part; a snippet with drafts (``DraftStateMixin``) is ``in_progress``
    while not live or with unpublished changes, as a page is;
``outdated``
    the source's published content (its translatable and synchronised fields) changed after
    the last *Sync translated pages*: :class:`~translations.models.SourceChange.changed_at`
    is later than ``TranslationSource.last_updated_at``. Comparing the page's
    ``last_published_at`` would call every republish a change, even an unchanged one, and the
    sync would never catch up with it; the fingerprint kept at each publish does not;
``up_to_date``
    translated, every segment done, nothing changed since the last sync. A translation made in
    the ordinary editor (not through wagtail-localize) counts as up to date unless its source
    changed after the last sync.

The whole computation is a fixed number of queries whatever the number of pages: the locales,
the pages that are not aliases, the translation sources, the enabled translations, the segment
counts, the translated segment counts per translation, the outdated sources, the competent
institution of services, the institutions' names and the content types, plus one per
translatable snippet model (:func:`translatable_snippet_models`, e.g. life events); the titles
of the rows shown come afterwards, one query for pages and one per snippet model among them
(:func:`attach_titles`). Rows are built, filtered, counted and paginated in Python (see
``benchmarks/translation_coverage.py`` for the time it takes).

Snippets follow the same rules: the source is the locale of the first ``TranslationSource``,
else the oldest record (snippets have no aliases, so a missing translation is simply absent).
The competent institution applies to services only, so snippets drop out under that filter.
"""

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from .models import SourceChange

MISSING = "missing"
IN_PROGRESS = "in_progress"
PARTIAL = "partial"
OUTDATED = "outdated"
UP_TO_DATE = "up_to_date"
STATES = {
    MISSING: _("Missing"),
    IN_PROGRESS: _("In progress"),
    PARTIAL: _("Published in part"),
    OUTDATED: _("Outdated"),
    UP_TO_DATE: _("Up to date"),
}


@dataclass
class Row:
    """One source page or snippet in one other language."""

    source_id: int
    content_type_id: int
    source_language: str
    language: str
    state: str
    translated: int  # segments translated (rows in the segment editor), else 0
    segments: int  # segments of the source, 0 when the translation is not in the segment editor
    target_id: int | None
    institution_key: str = ""
    title: str = ""
    institution_title: str = ""
    snippet_model: str = ""  # "app_label.model_name" of a snippet row, empty for a page

    @property
    def state_label(self):
        return STATES[self.state]

    @property
    def action_url(self):
        """The segment editor (the translation's edit view), or the submit view
        (*Translate this page*, or the snippet's *Translate*)."""
        return action_urls().for_row(self)

    @property
    def source_url(self):
        """The source's edit view."""
        return action_urls().edit_url(self.snippet_model, self.source_id)


class ActionURLs:
    """The admin URLs of the rows, reversed once per kind: an export reverses them 60,000 times."""

    SENTINEL = 2147483647

    def __init__(self):
        self.edit = {"": self._template("wagtailadmin_pages:edit")}
        self.submit = {"": self._template("wagtail_localize:submit_page_translation")}

    def _template(self, name, *args):
        return reverse(name, args=[*args, self.SENTINEL]).replace(str(self.SENTINEL), "{}")

    def _snippet(self, label):
        if label not in self.edit:
            app_label, model_name = label.split(".")
            self.edit[label] = self._template(f"wagtailsnippets_{app_label}_{model_name}:edit")
            self.submit[label] = self._template("wagtail_localize:submit_snippet_translation", app_label, model_name)

    def edit_url(self, snippet_model, pk):
        self._snippet(snippet_model)
        return self.edit[snippet_model].format(pk)

    def for_row(self, row):
        if row.target_id is not None:
            return self.edit_url(row.snippet_model, row.target_id)
        self._snippet(row.snippet_model)
        return f"{self.submit[row.snippet_model].format(row.source_id)}?select_locale={row.language}"


@functools.cache
def action_urls():
    # The admin's URLs do not change while the process runs (and carry no language prefix).
    return ActionURLs()


def translatable_snippet_models():
    """The registered snippet models that are translated (``TranslatableMixin``), by label.
    Pages are snippets' business neither here nor in wagtail-localize's snippet views."""
    return sorted(
        (
            model
            for model in get_snippet_models()
            if issubclass(model, TranslatableMixin) and not issubclass(model, Page)
        ),
        key=lambda model: model._meta.label_lower,
    )


@dataclass
class Coverage:
    rows: list
    content_types: dict  # id → ContentType, of every source page and snippet
    institutions: list  # (translation key, title) of the institutions, by title
    languages: list  # language codes of the site's locales


def compute():
    """Every row: each source page and snippet in each other language of the site. Titles are
    left empty (see :func:`attach_titles`): a screen shows fifty of them."""
    locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    languages = [code for code, _name in settings.LANGUAGES if code in locales.values()]

    pages = defaultdict(dict)  # translation key → language → (page id, content type id)
    oldest = {}  # translation key → (id, language) of its oldest version that is not an alias
    # Pages whose latest work visitors do not see: not live, or with changes saved as a draft
    # (a page just submitted for translation holds the translator's draft).
    drafts = set()
    for pk, key, locale_id, type_id, live, unpublished_changes in (
        Page.objects.filter(depth__gt=1, alias_of__isnull=True)
        .order_by("path")
        .values_list("pk", _text("translation_key"), "locale_id", "content_type_id", "live", "has_unpublished_changes")
    ):
        if not live or unpublished_changes:
            drafts.add(pk)
        code = locales[locale_id]
        pages[key][code] = (pk, type_id)
        if key not in oldest or pk < oldest[key][0]:
            oldest[key] = (pk, code)
    # Snippets join the same map: translation keys are UUIDs, unique across models.
    snippet_labels = {}  # content type id → "app_label.model_name"
    snippet_drafts = set()  # (content type id, id) of draftable snippets visitors do not see as they are
    for model in translatable_snippet_models():
        type_id = ContentType.objects.get_for_model(model).pk  # cached after the first request
        snippet_labels[type_id] = model._meta.label_lower
        draftable = issubclass(model, DraftStateMixin)
        columns = ("live", "has_unpublished_changes") if draftable else ()
        for pk, key, locale_id, *state in model.objects.order_by("pk").values_list(
            "pk", _text("translation_key"), "locale_id", *columns
        ):
            if draftable and (not state[0] or state[1]):
                snippet_drafts.add((type_id, pk))
            code = locales[locale_id]
            pages[key][code] = (pk, type_id)
            if key not in oldest or pk < oldest[key][0]:
                oldest[key] = (pk, code)

    source_key = {}  # translation source id → translation key
    source_by_key_language = {}
    first_source = {}  # translation key → language of its first translation source
    for pk, key, locale_id in TranslationSource.objects.order_by("created_at", "pk").values_list(
        "pk", _text("object_id"), "locale_id"
    ):
        source_key[pk] = key
        source_by_key_language[(key, locales[locale_id])] = pk
        first_source.setdefault(key, locales[locale_id])

    enabled = {}  # (key, target language) → translation source id
    for source_id, locale_id in Translation.objects.filter(enabled=True).values_list("source_id", "target_locale_id"):
        enabled[(source_key[source_id], locales[locale_id])] = source_id

    segment_counts = dict(
        StringSegment.objects.order_by().values("source_id").annotate(n=Count("pk")).values_list("source_id", "n")
    )
    translated_counts = {
        (source_id, locales[locale_id]): n
        for source_id, locale_id, n in StringSegment.objects.filter(source__translations__enabled=True)
        .annotate(target_locale_id=F("source__translations__target_locale_id"))
        .filter(
            Exists(
                StringTranslation.objects.filter(
                    translation_of_id=OuterRef("string_id"),
                    context_id=OuterRef("context_id"),
                    locale_id=OuterRef("target_locale_id"),
                    has_error=False,
                )
            )
        )
        .order_by()
        .values("source_id", "target_locale_id")
        .annotate(n=Count("pk"))
        .values_list("source_id", "target_locale_id", "n")
    }
    # Compared in SQL, so no timestamp crosses over.
    outdated_sources = set(
        SourceChange.objects.filter(changed_at__gt=F("source__last_updated_at")).values_list("source_id", flat=True)
    )

    from catalogue.models import InstitutionPage, ServicePage

    institution_type = ContentType.objects.get_for_model(InstitutionPage).pk
    competent = dict(
        ServicePage.objects.filter(alias_of__isnull=True, institution__isnull=False).values_list(
            "pk", _text("institution__translation_key")
        )
    )

    rows = []
    institution_ids = {}  # institution source page id → its translation key
    for key, versions in pages.items():
        source_language = first_source.get(key)
        if source_language not in versions:
            source_language = oldest[key][1]
        source_id, type_id = versions[source_language]
        snippet_model = snippet_labels.get(type_id, "")
        if type_id == institution_type:
            institution_ids[source_id] = key
        primary_source = source_by_key_language.get((key, source_language))
        # A snippet's id may equal a service page's: only pages have a competent institution.
        competent_key = "" if snippet_model else competent.get(source_id, "")
        for code in languages:
            if code == source_language:
                continue
            target = versions.get(code)
            translation_source = enabled.get((key, code))
            segments = translated = 0
            if translation_source is not None:
                segments = segment_counts.get(translation_source, 0)
                translated = translated_counts.get((translation_source, code), 0)
            if target is None:
                state = MISSING
            elif (translation_source or primary_source) in outdated_sources:
                state = OUTDATED
            elif translation_source is not None and translated < segments:
                unseen = (type_id, target[0]) in snippet_drafts if snippet_model else target[0] in drafts
                state = IN_PROGRESS if unseen else PARTIAL
            else:
                state = UP_TO_DATE
            rows.append(
                Row(
                    source_id=source_id,
                    content_type_id=type_id,
                    source_language=source_language,
                    language=code,
                    state=state,
                    translated=translated,
                    segments=segments,
                    target_id=target[0] if target else None,
                    institution_key=competent_key,
                    snippet_model=snippet_model,
                )
            )

    institution_titles = dict(Page.objects.filter(pk__in=institution_ids).values_list("pk", "title"))
    institutions = {institution_ids[pk]: title for pk, title in institution_titles.items()}
    content_types = ContentType.objects.in_bulk(
        {type_id for versions in pages.values() for _pk, type_id in versions.values()}
    )
    return Coverage(
        rows=rows,
        content_types=content_types,
        institutions=sorted(institutions.items(), key=lambda item: item[1].casefold()),
        languages=languages,
    )


def _text(field):
    """A translation key as text: tens of thousands of them are hashed as dictionary keys, and
    strings hash much faster than UUID objects. (PostgreSQL writes it with dashes, SQLite as 32
    hex digits; the dashboard only compares keys read through this function.)"""
    return Cast(field, output_field=CharField())


def attach_titles(rows, institutions):
    """Give ``rows`` their titles (a snippet's is ``str()`` of it) and competent institutions'
    names: one query for the pages among them and one per snippet model among them."""
    ids = defaultdict(set)  # snippet model label ("" for pages) → source ids
    for row in rows:
        ids[row.snippet_model].add(row.source_id)
    titles = {}  # (label, id) → title
    if ids[""]:
        pages = Page.objects.all()
        if len(ids[""]) > 1000:  # an export: every title, rather than a huge IN list
            pages = pages.filter(depth__gt=1, alias_of__isnull=True)
        else:
            pages = pages.filter(pk__in=ids[""])
        titles.update((("", pk), title) for pk, title in pages.values_list("pk", "title"))
    models = {model._meta.label_lower: model for model in translatable_snippet_models()}
    for label, pks in ids.items():
        if label and label in models:
            objects = models[label].objects.all()
            if len(pks) <= 1000:
                objects = objects.filter(pk__in=pks)
            titles.update(((label, obj.pk), str(obj)) for obj in objects)
    names = dict(institutions)
    for row in rows:
        row.title = titles.get((row.snippet_model, row.source_id), "")
        row.institution_title = names.get(row.institution_key, "")


def totals(rows, languages):
    """Counts by state: per language, per content type, and overall."""
    by_language = {code: Counter() for code in languages}
    by_type = defaultdict(Counter)
    overall = Counter()
    for row in rows:
        by_language[row.language][row.state] += 1
        by_type[row.content_type_id][row.state] += 1
        overall[row.state] += 1
    return by_language, dict(by_type), overall
