"""Public consultations: an institution's draft open for proposals, the comments visitors make
on it, their moderation, and the outcome report.

The law of the consultation's country (``consultations.law``) is checked in ``clean()``, so a
page that breaks it can be neither saved nor published. Comments are kept per language version
of the page but shown on every version: a proposal made in Romanian is a proposal on the draft.
"""

import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from bgro.models import BasePage, IndexPage
from catalogue.regions import Country

from . import law
from .blocks import ConsultationDocumentsBlock, DraftSectionsBlock


class DraftType(models.TextChoices):
    DECISION = "decision", _("Decision")
    STRATEGY = "strategy", _("Strategy")
    LOCAL_REGULATION = "local-regulation", _("Local regulation")
    PROGRAMME = "programme", _("Programme or plan")
    BUDGET = "budget", _("Budget")
    OTHER = "other", _("Other draft")


class ConsultationState(models.TextChoices):
    UPCOMING = "upcoming", _("Announced, not open yet")
    OPEN = "open", _("Open for comments")
    AWAITING_REPORT = "awaiting-report", _("Closed, awaiting the report")
    CONCLUDED = "concluded", _("Concluded")


def state_filter(state, today):
    """The condition on ConsultationPage rows for ``state`` on ``today`` (one WHERE, no query)."""
    reported = Q(outcome_published_on__isnull=False)
    return {
        ConsultationState.UPCOMING: Q(opening_date__gt=today) & ~reported,
        ConsultationState.OPEN: Q(opening_date__lte=today, closing_date__gte=today) & ~reported,
        ConsultationState.AWAITING_REPORT: Q(closing_date__lt=today) & ~reported,
        ConsultationState.CONCLUDED: reported,
    }[state]


class ConsultationIndexPage(RoutablePageMixin, IndexPage):
    """The list of consultations, filtered by state, institution and region; its route
    ``comment-policy/`` is the comment policy the moderators apply."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count_per_parent = 1

    page_size = 20

    class Meta:
        verbose_name = _("consultation index page")
        verbose_name_plural = _("consultation index pages")

    def consultations(self):
        return ConsultationPage.objects.child_of(self).visible()

    def get_context(self, request, *args, **kwargs):
        from .listing import ConsultationListing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = ConsultationListing(self, request)
        return context

    @path("comment-policy/", name="comment_policy")
    def comment_policy(self, request):
        from .views import comment_policy

        return comment_policy(request, self)


class ConsultationPage(RoutablePageMixin, BasePage):
    """One consultation on one draft of one institution."""

    institution = models.ForeignKey(
        "catalogue.InstitutionPage",
        verbose_name=_("institution"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The institution that drafted the act and runs the consultation."),
    )
    draft_type = models.CharField(_("type of draft"), max_length=32, choices=DraftType.choices)
    law_country = models.CharField(
        _("law applied"),
        max_length=2,
        choices=Country.choices,
        help_text=_("The country whose consultation rules apply: the dates are checked against them."),
    )
    summary = models.TextField(_("summary"), help_text=_("What the draft changes and for whom, in a few sentences."))
    opening_date = models.DateField(_("opening date"), help_text=_("In Romania, the day the draft is announced."))
    closing_date = models.DateField(_("closing date"), help_text=_("The last day on which proposals are accepted."))
    adoption_date = models.DateField(
        _("planned adoption date"),
        null=True,
        blank=True,
        help_text=_("Required under Romanian law: the draft is announced at least 30 working days before it."),
    )
    shortened_reason = models.TextField(
        _("reason for a shorter consultation"),
        blank=True,
        help_text=_("Bulgaria: required when the consultation lasts less than 30 days (at least 14); shown to the public."),
    )
    contact_name = models.CharField(_("contact person or office"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=60, blank=True)
    documents = StreamField(ConsultationDocumentsBlock(), verbose_name=_("documents"), blank=True)
    sections = StreamField(
        DraftSectionsBlock(),
        verbose_name=_("sections of the draft"),
        blank=True,
        help_text=_("Numbered in this order; visitors may comment on each section."),
    )
    outcome_published_on = models.DateField(
        _("outcome report published on"),
        null=True,
        blank=True,
        help_text=_("Set once every proposal has an outcome: the consultation is then concluded."),
    )
    outcome_summary = RichTextField(
        _("outcome report"), blank=True, features=["h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("What changed in the draft after the consultation; the proposals follow it with their outcome."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("institution"),
                FieldRowPanel([FieldPanel("draft_type"), FieldPanel("law_country")]),
                FieldPanel("summary"),
            ],
            heading=_("Draft"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opening_date"), FieldPanel("closing_date"), FieldPanel("adoption_date")]),
                FieldPanel("shortened_reason"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")])],
            heading=_("Contact"),
        ),
        FieldPanel("documents"),
        FieldPanel("sections"),
        MultiFieldPanel(
            [FieldPanel("outcome_published_on"), FieldPanel("outcome_summary")],
            heading=_("Outcome report"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("sections"),
        index.FilterField("law_country"),
        index.FilterField("closing_date"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("institution"),
        APIField("draft_type"),
        APIField("law_country"),
        APIField("summary"),
        APIField("opening_date"),
        APIField("closing_date"),
        APIField("adoption_date"),
        APIField("shortened_reason"),
        APIField("documents"),
        APIField("sections"),
        APIField("outcome_published_on"),
        APIField("outcome_summary"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        # The institution is shown in the visitor's language at render time.
        SynchronizedField("institution"),
        SynchronizedField("draft_type"),
        SynchronizedField("law_country"),
        TranslatableField("summary"),
        SynchronizedField("opening_date"),
        SynchronizedField("closing_date"),
        SynchronizedField("adoption_date"),
        TranslatableField("shortened_reason"),
        TranslatableField("contact_name"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        TranslatableField("documents"),
        TranslatableField("sections"),
        SynchronizedField("outcome_published_on"),
        TranslatableField("outcome_summary"),
    ]

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    # --- state and law ---

    def state_on(self, today):
        if self.outcome_published_on is not None:
            return ConsultationState.CONCLUDED
        if today < self.opening_date:
            return ConsultationState.UPCOMING
        if today <= self.closing_date:
            return ConsultationState.OPEN
        return ConsultationState.AWAITING_REPORT

    @property
    def state(self):
        return self.state_on(timezone.localdate())

    @property
    def is_open(self):
        return self.state == ConsultationState.OPEN

    @property
    def duration_days(self):
        return law.calendar_days(self.opening_date, self.closing_date)

    def clean(self):
        super().clean()
        errors = {}
        for field, message in law.problems_for(
            self.law_country, self.opening_date, self.closing_date, self.adoption_date, self.shortened_reason
        ):
            errors.setdefault(field, []).append(message)
        if self.institution_id and self.law_country and self.institution.country != self.law_country:
            errors.setdefault("law_country", []).append(
                _("The institution is in %(country)s: its law applies.")
                % {"country": self.institution.get_country_display()}
            )
        if self.outcome_published_on is not None:
            errors.update(self._outcome_problems())
        if errors:
            raise ValidationError(errors)

    def _outcome_problems(self):
        if self.closing_date and self.outcome_published_on < self.closing_date:
            return {"outcome_published_on": [_("The outcome report comes after the consultation closes.")]}
        comments = ConsultationComment.objects.filter(consultation__translation_key=self.translation_key)
        waiting = comments.filter(status=ConsultationComment.Status.PENDING).count()
        if waiting:
            return {"outcome_published_on": [
                _("%(count)d comment(s) still wait for moderation: publish or reject them first.") % {"count": waiting}
            ]}
        undecided = comments.filter(status=ConsultationComment.Status.PUBLISHED, outcome="").count()
        if undecided:
            return {"outcome_published_on": [
                _("%(count)d published proposal(s) have no outcome yet: give each an outcome and its reason "
                  "(Consultation comments in the menu).") % {"count": undecided}
            ]}
        return {}

    # --- sections and comments ---

    def numbered_sections(self):
        """(number, block) for each section of the draft, numbered from 1."""
        return [(number, block) for number, block in enumerate(self.sections, start=1)]

    def section_number(self, section_id):
        for number, block in self.numbered_sections():
            if block.id == section_id:
                return number
        return None

    def group_comments(self):
        """Comments made on any language version of this consultation."""
        return ConsultationComment.objects.filter(consultation__translation_key=self.translation_key)

    def published_comments(self):
        return self.group_comments().filter(status=ConsultationComment.Status.PUBLISHED).order_by("confirmed_at", "pk")

    def get_context(self, request, *args, **kwargs):
        from .forms import CommentForm

        context = super().get_context(request, *args, **kwargs)
        comments = list(self.published_comments())
        by_section = {}
        for comment in comments:
            by_section.setdefault(comment.section_id, []).append(comment)
        context["comments"] = comments
        context["general_comments"] = by_section.get("", [])
        context["sections_with_comments"] = [
            (number, block, by_section.get(block.id, [])) for number, block in self.numbered_sections()
        ]
        context["rejected_count"] = self.group_comments().filter(status=ConsultationComment.Status.REJECTED).count()
        context.setdefault("comment_form", CommentForm(consultation=self) if self.is_open else None)
        context["institution"] = self.localized_institution()
        return context

    def localized_institution(self):
        institution = self.institution
        if institution is None:
            return None
        return institution.localized

    # --- routes ---

    @path("comment/", name="comment")
    def comment(self, request):
        from .views import submit_comment

        return submit_comment(request, self)

    # The token goes in the query string: Wagtail's page URLs allow only letters, digits, "_" and "-".
    @path("confirm/", name="confirm")
    def confirm(self, request):
        from .views import confirm_comment

        return confirm_comment(request, self, request.GET.get("token", ""))

    # Wagtail's page URLs take no dot: the CSV's route is "outcome-csv/" (the file is named .csv).
    @path("outcome-csv/", name="outcome_csv")
    def outcome_csv(self, request):
        if self.state != ConsultationState.CONCLUDED:
            raise Http404(gettext("The outcome report of this consultation is not published yet."))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="consultation-{self.translation_key}-outcome.csv"'
        response.write(outcome_csv(self))
        return response


def outcome_csv(consultation):
    """The outcome report as CSV (UTF-8 with a byte order mark, for spreadsheets): one row per
    published proposal, headings in the active language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([
        gettext("Number"), gettext("Date"), gettext("Section"), gettext("Author"), gettext("Language"),
        gettext("Proposal"), gettext("Outcome"), gettext("Reason"),
    ])
    for number, comment in enumerate(consultation.published_comments(), start=1):
        writer.writerow([
            number,
            timezone.localtime(comment.confirmed_at).date().isoformat() if comment.confirmed_at else "",
            comment.section_label(),
            comment.author_name,
            comment.language,
            comment.text,
            comment.get_outcome_display(),
            comment.outcome_reason,
        ])
    return "\ufeff" + buffer.getvalue()


class RejectionReason(models.TextChoices):
    """The grounds of the comment policy (published at the consultation index's comment-policy/)."""

    OFF_TOPIC = "off-topic", _("Not about the draft under consultation")
    OFFENSIVE = "offensive", _("Insulting, threatening or discriminatory language")
    PERSONAL_DATA = "personal-data", _("Personal data of other people")
    ADVERTISING = "advertising", _("Advertising, spam or links to unrelated sites")
    DUPLICATE = "duplicate", _("The same text sent again")
    UNLAWFUL = "unlawful", _("Content that breaks the law")


class ConsultationComment(models.Model):
    """A visitor's proposal on a draft, as a whole or on one numbered section."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail address not confirmed")
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly-accepted", _("Partly accepted")
        NOT_ACCEPTED = "not-accepted", _("Not accepted")

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="comments"
    )
    section_id = models.CharField(
        _("section"), max_length=64, blank=True, help_text=_("The block id of the section; empty for the whole draft.")
    )
    section_number = models.PositiveIntegerField(_("section number"), null=True, blank=True)
    author_name = models.CharField(_("name shown"), max_length=100)
    email = models.EmailField(_("e-mail"), help_text=_("Never shown; used to confirm the comment."))
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("proposal"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UNCONFIRMED)
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=32, choices=RejectionReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        # Without it, a holder of the change permission (the "Consultation moderators" role)
        # moderates only the institutions of their ModeratorAssignment; administrators hold it.
        permissions = [
            ("moderate_every_institution", _("Can moderate comments on the consultations of every institution")),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"

    def section_label(self):
        if self.section_number:
            return gettext("Section %(number)d") % {"number": self.section_number}
        return gettext("The whole draft")

    def clean(self):
        super().clean()
        if self.status == self.Status.REJECTED and not self.rejection_reason:
            raise ValidationError({"rejection_reason": _("Choose the ground of the comment policy for the rejection.")})
        if self.status != self.Status.REJECTED and self.rejection_reason:
            raise ValidationError({"rejection_reason": _("A reason for rejection is only given to a rejected comment.")})
        if self.outcome and self.status != self.Status.PUBLISHED:
            raise ValidationError({"outcome": _("Only a published proposal has an outcome.")})
        if self.outcome and not self.outcome_reason.strip():
            raise ValidationError({"outcome_reason": _("Give the reason for the outcome: it is published.")})


class ModeratorAssignmentQuerySet(models.QuerySet):
    def institution_ids_of(self, user):
        """The catalogue ids of the institutions ``user`` moderates (every language version)."""
        return self.filter(user=user).exclude(institution__catalogue_id="").values("institution__catalogue_id")


class ModeratorAssignment(models.Model):
    """A consultation moderator moderates the comments (and publishes the outcome reports) of this
    institution's consultations only. The permissions come from the role "Consultation
    moderators" (setup_roles); this says for which institution."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        "catalogue.InstitutionPage", verbose_name=_("institution"), on_delete=models.CASCADE, related_name="+",
        help_text=_("Any language version: the moderator moderates the consultations of every version."),
    )

    objects = ModeratorAssignmentQuerySet.as_manager()

    panels = [FieldPanel("user"), FieldPanel("institution")]

    class Meta:
        verbose_name = _("consultation moderator")
        verbose_name_plural = _("consultation moderators")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="consultations_one_assignment_per_institution")
        ]

    def __str__(self):
        return f"{self.user} – {self.institution}"


def moderates_every_institution(user):
    return user.is_active and (user.is_superuser or user.has_perm("consultations.moderate_every_institution"))


def comments_moderated_by(user, comments=None):
    """The comments ``user`` may moderate: every one for administrators, else those on consultations
    of the institutions assigned to them (ModeratorAssignment), whatever the language version."""
    comments = ConsultationComment.objects.all() if comments is None else comments
    if moderates_every_institution(user):
        return comments
    return comments.filter(
        consultation__institution__catalogue_id__in=ModeratorAssignment.objects.institution_ids_of(user)
    )
