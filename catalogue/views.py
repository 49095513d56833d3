"""The catalogue's open-data API: CPSV-AP 3.2.0 JSON-LD for public-service portals.

The addresses carry no language prefix: one document holds every language, each text tagged
with its own.
"""

import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from . import linked_data

JSON_LD_CONTENT_TYPE = "application/ld+json; charset=utf-8"


def _json_ld(document):
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")), content_type=JSON_LD_CONTENT_TYPE
    )
    # Open data: portals and validators in the browser read it from their own origin
    # (django-cors-headers, CORS_URLS_REGEX in the settings).
    return response


def _not_found(message):
    return JsonResponse(
        {"error": message},
        status=404,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def cpsv_ap_catalogue(request):
    """Every published service and institution."""
    return _json_ld(linked_data.cpsv_ap_catalogue(request))


@require_safe
def cpsv_ap_service(request, catalogue_id):
    """One published service and its competent authority."""
    document = linked_data.cpsv_ap_service(request, catalogue_id)
    if document is None:
        return _not_found(f"No published service has the catalogue id “{catalogue_id}”.")
    return _json_ld(document)


@require_safe
def cpsv_ap_institution(request, catalogue_id):
    """One published institution and the services it is the competent authority for."""
    document = linked_data.cpsv_ap_institution(request, catalogue_id)
    if document is None:
        return _not_found(f"No published institution has the catalogue id “{catalogue_id}”.")
    return _json_ld(document)
