"""Answers to “Was this page useful?” (EU Single Digital Gateway Regulation, Art. 25).

One row per answer: the page (a language version, so the language is the page's), yes or no,
an optional comment and the day. Nothing about who answered: no address, no session, no time
of day; a comment holding an e-mail address or a phone number is refused (feedback.forms).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The page types that ask the question (app_label.ModelName, so this app imports neither).
FEEDBACK_PAGE_TYPES = ("catalogue.ServicePage", "catalogue.InstitutionPage", "news.NewsPage")
COMMENT_MAX_LENGTH = 1000


class PageFeedback(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8)
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        indexes = [models.Index(fields=["page", "date"])]

    def __str__(self):
        return f"{self.page_id} {self.language} {'yes' if self.useful else 'no'} {self.date}"
