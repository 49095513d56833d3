"""The moderation queue in the admin: Consultation comments (wagtail's ModelViewSet).

Moderators publish or reject (with a ground of the comment policy) the confirmed comments, and
after closing give each published proposal its outcome and reason. Comments come only from
visitors, so the queue has no "add"; the author's name and text cannot be edited.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import ConsultationComment

Status = ConsultationComment.Status


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds a comment in the admin, not even a superuser: comments come only from visitors."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


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



register_permission_policy(ConsultationComment, CommentPermissionPolicy(ConsultationComment), exact_class=True)


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return ConsultationCommentViewSet("consultation_comments")
