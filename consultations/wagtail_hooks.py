"""The moderation queue in the admin: Consultation comments (wagtail's ModelViewSet).

Moderators publish or reject (with a ground of the comment policy) the confirmed comments, and
after closing give each published proposal its outcome and reason. Comments come only from
visitors, so the queue has no "add"; the author's name and text cannot be edited.

Who moderates what: the role "Consultation moderators" (setup_roles) holds the permissions to
view and change comments; an administrator assigns each moderator their institutions
(Settings → Consultation moderators, ``ModeratorAssignment``), and every view of the queue shows
and changes only the comments on those institutions' consultations. Administrators hold
``moderate_every_institution`` and see them all.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import ConsultationComment, ModeratorAssignment, comments_moderated_by

Status = ConsultationComment.Status


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds a comment in the admin, not even a superuser: comments come only from visitors."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and comments_moderated_by(user).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ConsultationComment.objects.none()
        return comments_moderated_by(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


# Every view of the queue sees only the comments the user moderates: the list is filtered, and
# a comment of another institution is refused (403) as if the user had no permission at all.


class ModeratedCommentsIndexView(generic.IndexView):
    def get_base_queryset(self):
        return comments_moderated_by(self.request.user, super().get_base_queryset())


class ModeratedCommentMixin:
    def get_object(self, *args, **kwargs):
        comment = super().get_object(*args, **kwargs)
        if not comments_moderated_by(self.request.user).filter(pk=comment.pk).exists():
            raise PermissionDenied
        return comment


class ModeratedCommentEditView(ModeratedCommentMixin, generic.EditView):
    pass


class ModeratedCommentInspectView(ModeratedCommentMixin, generic.InspectView):
    pass


class ModeratedCommentDeleteView(ModeratedCommentMixin, generic.DeleteView):
    pass


class ModeratedCommentHistoryView(ModeratedCommentMixin, HistoryView):
    pass


class ModeratedCommentUsageView(ModeratedCommentMixin, UsageView):
    pass


class CommentModerationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            if self.instance.status == Status.UNCONFIRMED:
                self.fields["status"].disabled = True
                self.fields["status"].help_text = _("The author has not confirmed the e-mail address yet.")
            else:
                self.fields["status"].choices = [
                    (value, label) for value, label in Status.choices if value != Status.UNCONFIRMED
                ]

    def save(self, commit=True):
        if "status" in self.changed_data:
            self.instance.moderated_at = timezone.now()
        return super().save(commit=commit)


class ConsultationCommentViewSet(ModelViewSet):
    model = ConsultationComment
    icon = "comment"
    menu_label = _("Consultation comments")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["author_name", "consultation", "section_number", "status", "outcome", "created_at"]
    list_filter = ["status", "outcome", "consultation"]
    search_fields = ["author_name", "text"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    index_view_class = ModeratedCommentsIndexView
    edit_view_class = ModeratedCommentEditView
    inspect_view_class = ModeratedCommentInspectView
    delete_view_class = ModeratedCommentDeleteView
    history_view_class = ModeratedCommentHistoryView
    usage_view_class = ModeratedCommentUsageView
    edit_handler = ObjectList(
        [
            FieldPanel("consultation", read_only=True),
            FieldPanel("section_number", read_only=True),
            FieldPanel("author_name", read_only=True),
            FieldPanel("text", read_only=True),
            FieldPanel("status", widget=forms.RadioSelect),
            FieldPanel("rejection_reason"),
            FieldPanel("outcome"),
            FieldPanel("outcome_reason"),
        ],
        base_form_class=CommentModerationForm,
    )


class ModeratorAssignmentViewSet(ModelViewSet):
    """Administrators say which institution's consultations each consultation moderator moderates."""

    model = ModeratorAssignment
    icon = "user"
    menu_label = _("Consultation moderators")
    add_to_settings_menu = True
    list_display = ["user", "institution"]
    search_fields = ["user__username", "institution__title"]
    form_fields = ["user", "institution"]


register_permission_policy(ConsultationComment, CommentPermissionPolicy(ConsultationComment), exact_class=True)


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return ConsultationCommentViewSet("consultation_comments")


@hooks.register("register_admin_viewset")
def register_moderator_assignment_viewset():
    return ModeratorAssignmentViewSet("consultation_moderators")


# --- Outcome reports: published by the moderators of the consultation's institution ---


@hooks.register("register_admin_urls")
def register_outcome_report_urls():
    from . import outcome_reports

    return outcome_reports.urlpatterns()


@hooks.register("register_admin_menu_item")
def register_outcome_reports_menu_item():
    from wagtail.admin.menu import MenuItem

    from . import outcome_reports

    class OutcomeReportsMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm(outcome_reports.MODERATE)

    return OutcomeReportsMenuItem(
        _("Outcome reports"), outcome_reports.menu_url(), icon_name="doc-full", order=251, name="outcome-reports"
    )
