from wagtail.api.v2.views import BaseAPIViewSet

from .models import IndicatorSnapshot
from .views import LICENCE


class IndicatorsAPIViewSet(BaseAPIViewSet):
    """The recorded indicator snapshots (see network.api for the endpoints' list)."""

    model = IndicatorSnapshot
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        field.name for field in IndicatorSnapshot.api_fields
    ]

    def get_queryset(self):
        return IndicatorSnapshot.objects.order_by("-taken_on", "scope", "key", "pk")

    def finalize_response(self, request, response, *args, **kwargs):
        # The same open-data licence as the CSV and JSON downloads, where a client looks for it.
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
        return response
