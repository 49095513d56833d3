"""The platform's own search index, the glossary translators keep, and the search log.

The index holds one *entry* per translation group (a page and its translations): a visitor
gets one result per group, in their language when a translation exists. Matching happens on
*postings* (entry, key, weight) whose keys come from search.analysis, so the same code and the
same ranking run on SQLite and PostgreSQL; the Elasticsearch engine indexes the same entries.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class EntryKind(models.TextChoices):
    SERVICE = "service", _("Service")
    INSTITUTION = "institution", _("Institution")
    NEWS = "news", _("News")
    DELIVERABLE = "deliverable", _("Project document")
    PAGE = "page", _("Page")


class SearchEntry(models.Model):
    """A translation group as search sees it: what it is, where it belongs, who it serves."""

    translation_key = models.UUIDField(unique=True)
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    identifier = models.CharField(max_length=100, help_text="catalogue id, or the translation key")
    source_language = models.CharField(max_length=8)
    country = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=32, blank=True)
    institution = models.CharField(max_length=100, blank=True, help_text="catalogue id of the institution")
    audience = models.CharField(max_length=100, blank=True, help_text="comma-separated audience keys")
    online = models.BooleanField(default=False)
    date = models.DateField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"{self.kind} {self.identifier}"


class SearchEntryVersion(models.Model):
    """One live, public language version of an entry: what a result shows."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(max_length=8)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    text = models.TextField(help_text="plain text for snippets")
    translated = models.BooleanField(help_text="false for an alias: the source shown in this language's tree")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "language"], name="search_version_unique_language")]


class SearchPosting(models.Model):
    """Key ``key`` occurs in ``entry``; ``weight`` says in which field (title weighs most)."""

    TITLE = 4
    SUMMARY = 2
    BODY = 1

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="postings")
    key = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="search_posting_unique_key")]
        # Searching reads (key → entry, weight) from this index alone, never the table.
        indexes = [models.Index(fields=["key", "entry", "weight"], name="search_posting_lookup")]


class NodeBacklog(models.Model):
    """A translation group whose entry the search node has not taken yet (it was down)."""

    translation_key = models.UUIDField(unique=True)
    queued_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search node backlog entry")
        verbose_name_plural = _("search node backlog")

    def __str__(self):
        return str(self.translation_key)

    @classmethod
    def pending(cls):
        return [str(key) for key in cls.objects.order_by("queued_at").values_list("translation_key", flat=True)]

    @classmethod
    def add(cls, keys):
        cls.objects.bulk_create([cls(translation_key=key) for key in keys], ignore_conflicts=True, batch_size=1000)

    @classmethod
    def remove(cls, keys):
        cls.objects.filter(translation_key__in=keys).delete()


class LexiconEntry(models.Model):
    """A key of one language and its translation in another, learnt from the translation memory."""

    source_key = models.CharField(max_length=64, db_index=True)
    target_key = models.CharField(max_length=64)
    score = models.FloatField(help_text="Dice coefficient of the two keys over aligned segments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source_key", "target_key"], name="search_lexicon_unique_pair")]


AVOID_HELP = _(
    "One per line: older, wrong or calqued forms that this term replaces. "
    "check_terminology reports them wherever the site's texts still use them."
)


class GlossaryTerm(index.Indexed, models.Model):
    """One e-government term in the three languages, maintained by translators.

    Search treats the three as the same thing: a visitor typing the Romanian term also finds
    pages that only have the Bulgarian or English one.
    """

    term_bg = models.CharField(_("Bulgarian"), max_length=200)
    term_ro = models.CharField(_("Romanian"), max_length=200)
    term_en = models.CharField(_("English"), max_length=200)
    note = models.TextField(_("note"), blank=True, help_text=_("Usage, scope or source, for translators."))
    # The forms the term replaces (older names, calques, wrong terms): editors and translators
    # see them next to the fixed form, and check_terminology finds them in the site's texts.
    # Search does not use them (GlossaryTerm.terms() leaves them out).
    avoid_bg = models.TextField(_("Bulgarian forms to avoid"), blank=True, help_text=AVOID_HELP)
    avoid_ro = models.TextField(_("Romanian forms to avoid"), blank=True, help_text=AVOID_HELP)
    avoid_en = models.TextField(_("English forms to avoid"), blank=True, help_text=AVOID_HELP)

    panels = [
        MultiFieldPanel(
            [FieldPanel("term_bg"), FieldPanel("term_ro"), FieldPanel("term_en")],
            heading=_("The term in each language"),
        ),
        FieldPanel("note"),
        MultiFieldPanel(
            [FieldPanel("avoid_bg"), FieldPanel("avoid_ro"), FieldPanel("avoid_en")],
            heading=_("Forms not to use"),
        ),
    ]
    search_fields = [
        index.SearchField("term_bg"),
        index.SearchField("term_ro"),
        index.SearchField("term_en"),
        index.AutocompleteField("term_bg"),
        index.AutocompleteField("term_ro"),
        index.AutocompleteField("term_en"),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term_en"]

    def __str__(self):
        return f"{self.term_bg} / {self.term_ro} / {self.term_en}"

    def terms(self):
        return {"bg": self.term_bg, "ro": self.term_ro, "en": self.term_en}

    def forms_to_avoid(self):
        """The forms not to use, per language: one per line of the avoid_* fields."""
        return {
            language: [line.strip() for line in text.splitlines() if line.strip()]
            for language, text in (("bg", self.avoid_bg), ("ro", self.avoid_ro), ("en", self.avoid_en))
        }


class SearchQueryLog(models.Model):
    """What visitors searched for, with nothing that identifies them.

    No address, user, session or exact time is kept: the hour is enough to see trends.
    """

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    result_count = models.PositiveIntegerField(_("results"))
    duration_ms = models.PositiveIntegerField(_("time (ms)"))
    hour = models.DateTimeField(_("hour"), db_index=True)

    class Meta:
        verbose_name = _("search log entry")
        verbose_name_plural = _("search log")
        indexes = [models.Index(fields=["language", "query"])]
