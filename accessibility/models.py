"""The accessibility statement's evidence (the browser tests' results, published by
``publish_accessibility_statement``) and the feedback visitors send through the statement."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityEvaluation(models.Model):
    """One run of the browser tests' accessibility checks; the newest one is the statement's."""

    evaluated_at = models.DateTimeField(_("evaluated at"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    results = models.JSONField(_("results"))

    class Meta:
        ordering = ["-evaluated_at", "-pk"]
        verbose_name = _("accessibility evaluation")
        verbose_name_plural = _("accessibility evaluations")

    def __str__(self):
        return f"{self.evaluated_at:%Y-%m-%d %H:%M}"


class AccessibilityFeedback(models.Model):
    """A visitor's report of an accessibility problem or request for content in another form."""

    page_address = models.CharField(_("page address"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    email = models.EmailField(_("e-mail address for a reply"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self):
        return self.message[:60]


class DocumentAccessibility(models.Model):
    """What inspect_pdf found in an uploaded PDF, stored when the document is saved (signals.py),
    so that pages and the statement never open the files."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="accessibility", primary_key=True
    )
    tagged = models.BooleanField(_("tagged"))
    language = models.CharField(_("language"), max_length=35, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    problems = models.JSONField(_("problems"), default=list)
    file_hash = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("document accessibility")
        verbose_name_plural = _("document accessibility")
