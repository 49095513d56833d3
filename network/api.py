"""The network and the indicators in the Wagtail API (``/api/v2/``, registered in bgro.api):
``network-members`` (approved members), ``network-agreements`` and ``digitalisation-indicators``
(the recorded snapshots; filter with ``?scope=region&key=Ruse&taken_on=2026-12-01``)."""

from wagtail.api.v2.views import BaseAPIViewSet

from .models import CooperationAgreement, Member


class MembersAPIViewSet(BaseAPIViewSet):
    model = Member
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug", "kind", "country", "region"]

    def get_queryset(self):
        return Member.objects.approved().order_by("name", "pk")


class AgreementsAPIViewSet(BaseAPIViewSet):
    model = CooperationAgreement
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["subject", "date_signed", "status", "party_slugs"]

    def get_queryset(self):
        return CooperationAgreement.objects.select_related("document").prefetch_related("parties").order_by("-date_signed", "pk")
