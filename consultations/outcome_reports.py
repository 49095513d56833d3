"""Publishing a consultation's outcome report from the admin, a permission of the role
"Consultation moderators" for the institutions assigned to them (as the comment queue).

The report is two fields of the consultation page (its date and summary); the page's own clean()
refuses a date before the closing, or while a comment waits for moderation or a published
proposal has no outcome. Saving here makes a revision and publishes it, in the moderator's name,
without the page permissions of the editorial roles: the moderator can change these two fields
and nothing else of the page.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ConsultationComment, ConsultationPage, ConsultationState, ModeratorAssignment, state_filter
from .models import moderates_every_institution as _every

MODERATE = "consultations.change_consultationcomment"


def consultations_reported_by(user):
    """The consultations (real pages, any language) whose outcome report ``user`` may publish."""
    if not user.has_perm(MODERATE):
        return ConsultationPage.objects.none()
    pages = ConsultationPage.objects.filter(alias_of__isnull=True)
    if _every(user):
        return pages
    return pages.filter(institution__catalogue_id__in=ModeratorAssignment.objects.institution_ids_of(user))


class OutcomeReportForm(WagtailAdminModelForm):
    class Meta:
        model = ConsultationPage
        fields = ["outcome_published_on", "outcome_summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_published_on"].required = True


def awaiting_report(request):
    """The moderator's closed consultations still waiting for their report, and the concluded ones."""
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied
    today = timezone.localdate()
    pages = consultations_reported_by(request.user).select_related("locale").order_by("-closing_date", "pk")
    context = {
        "awaiting": list(pages.filter(state_filter(ConsultationState.AWAITING_REPORT, today))),
        "concluded": list(pages.filter(state_filter(ConsultationState.CONCLUDED, today))[:50]),
    }
    return TemplateResponse(request, "consultations/admin/outcome_reports.html", context)


@require_http_methods(["GET", "POST"])
def publish_outcome_report(request, page_id):
    page = get_object_or_404(ConsultationPage.objects.filter(alias_of__isnull=True), pk=page_id)
    if not consultations_reported_by(request.user).filter(pk=page.pk).exists():
        raise PermissionDenied  # another institution's consultation, or no moderator at all
    draft = page.get_latest_revision_as_object()
    form = OutcomeReportForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        revision = form.instance.save_revision(user=request.user, log_action=True)
        # The role's permission stands for the page's publish permission here (checked above,
        # for these two fields only); Wagtail's own check would ask for the editorial roles'.
        revision.publish(user=request.user, skip_permission_checks=True)
        messages.success(request, _("The outcome report of “%(title)s” is published.") % {"title": page.title})
        return redirect("consultation_outcome_reports")
    waiting = page.group_comments().filter(status=ConsultationComment.Status.PENDING).count()
    context = {"page": page, "form": form, "waiting": waiting}
    return TemplateResponse(request, "consultations/admin/outcome_report_form.html", context, status=400 if form.errors else 200)


def urlpatterns():
    return [
        path("consultation-outcome-reports/", awaiting_report, name="consultation_outcome_reports"),
        path(
            "consultation-outcome-reports/<int:page_id>/", publish_outcome_report, name="consultation_outcome_report"
        ),
    ]


def menu_url():
    return reverse("consultation_outcome_reports")
