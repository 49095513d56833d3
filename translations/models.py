from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceChange(models.Model):
    """When the published content of a translation source last moved away from what its
    translations were synchronised from.

    wagtail-localize keeps, per source page, a frozen copy of the content that translators
    work on (``TranslationSource.content_json``, refreshed by *Sync translated pages* and
    stamped ``last_updated_at``). It does not record when the live source stopped matching that
    copy: the page's ``last_published_at`` moves on every publish, also when nothing a
    translator sees has changed. This row does, updated on each publish of the source
    (:mod:`translations.notifications`): ``fingerprint`` is a hash of the source's translatable
    and synchronised fields as last published, ``changed_at`` the time that content first
    differed from the synchronised copy (None while it equals it). A translation is outdated
    when ``changed_at`` is later than the source's ``last_updated_at``.
    """

    source = models.OneToOneField(
        "wagtail_localize.TranslationSource",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("translation source"),
    )
    fingerprint = models.CharField(_("fingerprint of the published content"), max_length=64)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("source change")
        verbose_name_plural = _("source changes")

    def __str__(self):
        return f"{self.source_id}: {self.changed_at or '-'}"
