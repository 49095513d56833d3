"""Dated snapshots of the indicators, so the site shows how a district or a country changed.

``manage.py record_indicators`` (and the periodic job ``digitalisation-snapshot``) records one
row per country and per region of the programme area for the day; recording again the same
day replaces that day's rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField


class Scope(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("District or county")


class IndicatorSnapshot(models.Model):
    taken_on = models.DateField(_("date"), db_index=True)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    key = models.CharField(_("country or region"), max_length=40, help_text=_("Country code or region key."))
    services = models.PositiveIntegerField(_("services"))
    started_online = models.PositiveIntegerField(_("can be started online"))
    completed_online = models.PositiveIntegerField(_("can be completed online"))
    paid_online = models.PositiveIntegerField(_("can be paid online"))
    electronic_identity = models.PositiveIntegerField(_("usable with an electronic identity"))
    cross_border = models.PositiveIntegerField(_("usable from the other country"))
    translated_share = models.DecimalField(_("pages translated (%)"), max_digits=4, decimal_places=1, null=True)
    level_1 = models.PositiveIntegerField(_("level 1"))
    level_2 = models.PositiveIntegerField(_("level 2"))
    level_3 = models.PositiveIntegerField(_("level 3"))
    level_4 = models.PositiveIntegerField(_("level 4"))
    level_5 = models.PositiveIntegerField(_("level 5"))

    api_fields = [
        APIField("taken_on"),
        APIField("scope"),
        APIField("key"),
        APIField("services"),
        APIField("started_online"),
        APIField("completed_online"),
        APIField("paid_online"),
        APIField("electronic_identity"),
        APIField("cross_border"),
        APIField("translated_share"),
        APIField("level_1"),
        APIField("level_2"),
        APIField("level_3"),
        APIField("level_4"),
        APIField("level_5"),
    ]

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["taken_on", "scope", "key"]
        constraints = [
            models.UniqueConstraint(fields=["taken_on", "scope", "key"], name="one_snapshot_per_day_and_place")
        ]

    def __str__(self):
        return f"{self.taken_on} {self.key}"

    def share(self, name):
        if name == "translated":
            return self.translated_share
        return round(100 * getattr(self, name) / self.services, 1) if self.services else None
