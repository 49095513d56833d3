"""The network in the admin: members (with the requests waiting for approval first) and agreements."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CooperationAgreement, Member


class MemberAdminFilter(WagtailFilterSet):
    class Meta:
        model = Member
        fields = ["status", "country", "kind", "sector"]


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "group"
    menu_label = _("Members")
    list_display = ["name", "kind", "country", "region", "status", "requested_at"]
    filterset_class = MemberAdminFilter  # list_filter takes field names, not a FilterSet
    # Requests waiting for approval come first: approving is the administrator's task here.
    ordering = ["-status", "name"]
    search_fields = ["name", "description", "offers", "seeks"]
    search_backend_name = None  # the database: members are few and not in the site's search index


class AgreementAdminForm(WagtailAdminModelForm):
    """An agreement is between two or more members: the parties are many-to-many, saved after the
    agreement itself, so the model's clean() cannot see them; the form checks them."""

    def clean(self):
        cleaned = super().clean()
        parties = cleaned.get("parties")
        if parties is not None and len(parties) < 2:
            self.add_error(
                "parties",
                _("An agreement needs at least two parties: choose two or more network members (%(count)d chosen).")
                % {"count": len(parties)},
            )
        return cleaned


class AgreementViewSet(SnippetViewSet):
    model = CooperationAgreement
    icon = "doc-full"
    menu_label = _("Cooperation agreements")
    list_display = ["subject", "date_signed", "status"]
    list_filter = ["status"]
    search_fields = ["subject", "summary"]
    search_backend_name = None
    edit_handler = ObjectList(CooperationAgreement.panels, base_form_class=AgreementAdminForm)


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (MemberViewSet, AgreementViewSet)
    menu_icon = "group"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)
