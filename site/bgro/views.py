"""Site-wide endpoints that are not pages."""

from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """For load balancers and the container healthcheck: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def document_beyond_any_id(request, document_id):
    """``/documents/<id>/…`` with an id of 20 digits or more, past any bigint: no such document.

    Wagtail's document view hands the id to the database lookup, and int() refuses 4,301 digits
    or more with a ValueError (a 500); shorter ids beyond the range are a 404 there already.
    """
    raise Http404("No such document.")
