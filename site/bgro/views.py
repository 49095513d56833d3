"""Site-wide endpoints that are not pages."""

from csp.exceptions import CSPNonceError
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
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


def server_error(request):
    """Django's 500 page, with the nonce that lets its inline style pass the
    Content-Security-Policy. Still self-contained: no context processors, no database."""
    template = loader.get_template("500.html")
    try:
        nonce = str(request.csp_nonce)
    except (AttributeError, CSPNonceError):  # the error came before or after the CSP middleware
        nonce = ""
    return HttpResponseServerError(template.render({"csp_nonce": nonce}))
