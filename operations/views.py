"""Probes for load balancers, orchestrators and the container healthcheck."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .readiness import run_checks


@never_cache
@require_GET
def liveness(request):
    """200 while the process serves requests; touches no database, cache or node."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readiness(request):
    """200 when every service the site uses is usable, else 503 naming those that are not."""
    results = run_checks()
    failing = {name: reason for name, reason in results.items() if reason}
    body = {
        "status": "error" if failing else "ok",
        "checks": {name: reason or "ok" for name, reason in results.items()},
    }
    if failing:
        body["failing"] = sorted(failing)
    return JsonResponse(body, status=503 if failing else 200)
