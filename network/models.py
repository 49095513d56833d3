"""Member organisations of the BG-RO E-GoverNet network and the cooperation agreements they sign.

A member is a plain model, not a page: organisations ask to join through the public form
(``network.views.join``), which creates a member waiting for approval; an administrator approves
it in the admin (Network → Members). Only approved members are public, in the directory, on
their own page and in the API. Members write about themselves in their own language
(``language``); the labels around their text (kind, sector, country, region) are translated.

Their texts (who we are, offers, seeks) are translated per language in the member's own form
(:class:`MemberTranslation`, an inline of the snippet) rather than as wagtail-localize
translations: a member is one organisation with one address in the directory and one set of
agreements whatever the language, not one record per language as a ``TranslatableMixin``
snippet would make it. A text with no translation in the visitor's language is shown in the
member's language and marked with ``lang`` (:meth:`Member.texts_in`).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField

from catalogue.regions import REGION_CHOICES, REGIONS_BY_COUNTRY, Country


class MemberKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGIONAL_ADMINISTRATION = "regional-administration", _("District or county administration")
    NGO = "ngo", _("Non-governmental organisation")
    BUSINESS = "business", _("Business")
    CHAMBER = "chamber", _("Chamber")
    EDUCATION = "education", _("School or university")


class Sector(models.TextChoices):
    DIGITAL = "digital", _("Digital services and skills")
    PUBLIC_ADMINISTRATION = "public-administration", _("Public administration")
    EDUCATION = "education", _("Education and training")
    ECONOMY = "economy", _("Economy and entrepreneurship")
    TOURISM = "tourism", _("Tourism and culture")
    ENVIRONMENT = "environment", _("Environment and the Danube")
    SOCIAL = "social", _("Social services and health")
    TRANSPORT = "transport", _("Transport and connectivity")


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class MemberQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MemberStatus.APPROVED)

    def requests_past_retention(self, days, now=None):
        """Join requests kept no longer (the privacy notice says so): declined ``days`` ago or more,
        or still waiting ``days`` after they were sent. A party to an agreement is kept."""
        cutoff = (now or timezone.now()) - timedelta(days=days)
        declined = models.Q(status=MemberStatus.DECLINED, declined_at__lt=cutoff)
        forgotten = models.Q(status=MemberStatus.PENDING, requested_at__lt=cutoff)
        return self.filter(declined | forgotten).filter(cooperation_agreements__isnull=True)


# The language of an organisation's name, by country.
COUNTRY_LANGUAGES = {"BG": "bg", "RO": "ro"}
# The texts a member writes about itself, translated per language (MemberTranslation).
TRANSLATED_TEXTS = ("description", "offers", "seeks")


@dataclass
class LocalizedText:
    """A member's text as a visitor reads it: ``lang`` is its language when not the visitor's."""

    text: str
    lang: str = ""

    def __bool__(self):
        return bool(self.text)

    def __str__(self):
        return self.text


class Member(ClusterableModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("The member's address in the directory."))
    kind = models.CharField(_("kind of organisation"), max_length=32, choices=MemberKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(
        _("region"), max_length=40, choices=REGION_CHOICES, help_text=_("The Bulgarian oblast or Romanian județ.")
    )
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    description = models.TextField(_("who we are"), blank=True)
    offers = models.TextField(_("what we offer partners"), blank=True)
    seeks = models.TextField(_("what we seek from partners"), blank=True)
    language = models.CharField(
        _("language of the texts"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The language the member wrote “who we are”, offers and seeks in; translations are below."),
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.PENDING)
    requested_at = models.DateTimeField(_("asked to join on"), default=timezone.now, editable=False)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    # When the request was declined: the purge (purge_network_requests) counts its retention from here.
    declined_at = models.DateTimeField(_("declined on"), null=True, blank=True, editable=False)

    objects = MemberQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("sector")]),
                FieldRowPanel([FieldPanel("country"), FieldPanel("region"), FieldPanel("city")]),
            ],
            heading=_("Identity"),
        ),
        FieldPanel("language"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("offers"), FieldPanel("seeks")]),
        InlinePanel("translations", heading=_("Translations of the texts"), label=_("Translation")),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("status"),
    ]

    # The contact person's name and phone stay out of the API: the directory shows them to people.
    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("kind"),
        APIField("country"),
        APIField("region"),
        APIField("city"),
        APIField("sector"),
        APIField("description"),
        APIField("offers"),
        APIField("seeks"),
        APIField("language"),
        APIField("website"),
        APIField("approved_at"),
    ]

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # When the member was approved: the directory lists newcomers, the API tells partners.
        if self.status == MemberStatus.APPROVED and self.approved_at is None:
            self.approved_at = timezone.now()
        if self.status == MemberStatus.DECLINED and self.declined_at is None:
            self.declined_at = timezone.now()
        elif self.status != MemberStatus.DECLINED:
            self.declined_at = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network:member", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.country and self.region and self.region not in REGIONS_BY_COUNTRY.get(self.country, ()):
            raise ValidationError({"region": _("This region is not in the chosen country.")})

    def agreements(self):
        return self.cooperation_agreements.order_by("-date_signed", "subject")

    def texts_in(self, language):
        """``{"description": LocalizedText, "offers": …, "seeks": …}`` for a visitor reading
        ``language``: the translation when there is one, else the member's own text marked
        with the member's language. Reads ``translations`` as prefetched (no query then)."""
        translation = next((item for item in self.translations.all() if item.language == language), None)
        texts = {}
        for name in TRANSLATED_TEXTS:
            own = getattr(self, name)
            translated = getattr(translation, name, "") if translation is not None else ""
            if translated or not own:
                texts[name] = LocalizedText(translated)
            else:
                texts[name] = LocalizedText(own, "" if self.language == language else self.language)
        return texts

    @property
    def name_language(self):
        """The language of the member's name: its country's (a proper name is not translated)."""
        return COUNTRY_LANGUAGES.get(self.country, self.language)


class MemberTranslation(models.Model):
    """A member's texts in another language than its own."""

    member = ParentalKey(Member, related_name="translations", on_delete=models.CASCADE)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    description = models.TextField(_("who we are"), blank=True)
    offers = models.TextField(_("what we offer partners"), blank=True)
    seeks = models.TextField(_("what we seek from partners"), blank=True)

    panels = [
        FieldPanel("language"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("offers"), FieldPanel("seeks")]),
    ]

    class Meta:
        verbose_name = _("translation of a member's texts")
        verbose_name_plural = _("translations of members' texts")
        constraints = [
            models.UniqueConstraint(fields=["member", "language"], name="network_one_translation_per_language"),
        ]

    def __str__(self):
        return f"{self.member} ({self.language})"


class AgreementStatus(models.TextChoices):
    IN_PREPARATION = "in-preparation", _("In preparation")
    IN_FORCE = "in-force", _("In force")
    ENDED = "ended", _("Ended")


class CooperationAgreement(models.Model):
    subject = models.CharField(_("subject"), max_length=255)
    parties = models.ManyToManyField(
        Member, verbose_name=_("parties"), related_name="cooperation_agreements",
        help_text=_("At least two network members."),
    )
    date_signed = models.DateField(_("date signed"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document (PDF)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.IN_FORCE)
    # An agreement is published in the language it was signed in: pages in other languages mark it.
    language = models.CharField(
        _("language of the subject and summary"), max_length=8, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    panels = [
        FieldPanel("subject"),
        FieldPanel("language"),
        FieldPanel("parties"),
        FieldRowPanel([FieldPanel("date_signed"), FieldPanel("status")]),
        FieldPanel("summary"),
        FieldPanel("document"),
    ]

    api_fields = [
        APIField("subject"),
        APIField("date_signed"),
        APIField("status"),
        APIField("summary"),
        APIField("party_slugs"),
        APIField("document_url"),
    ]

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-date_signed", "subject"]

    def __str__(self):
        return self.subject

    def clean(self):
        super().clean()
        if self.status != AgreementStatus.IN_PREPARATION and self.date_signed is None:
            raise ValidationError({"date_signed": _("A signed agreement needs the date it was signed.")})
        if self.date_signed and self.date_signed > timezone.localdate():
            raise ValidationError({"date_signed": _("The date signed cannot be in the future.")})
        if self.document_id and not self.document.file.name.lower().endswith(".pdf"):
            raise ValidationError({"document": _("The agreement's document must be a PDF file.")})

    @property
    def party_slugs(self):
        # Approved members only: a request still waiting (or declined) is not public, not even its slug.
        return sorted(member.slug for member in self.parties.all() if member.status == MemberStatus.APPROVED)

    @property
    def document_url(self):
        return self.document.url if self.document_id else None
