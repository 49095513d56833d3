"""One log line per request: method, path, status, duration, and nothing about the visitor.

The path is logged without its query string (searches, filters and tokens travel there), with
e-mail addresses and long numbers replaced (bgro.personal_data); no IP address, user agent,
cookie or user name is logged. Probes (/healthz, /readyz, /health/) log at DEBUG: a load balancer
asks every few seconds.
"""

import logging
import time

from bgro.personal_data import redact

logger = logging.getLogger("bgro.requests")

PROBE_PATHS = frozenset({"/healthz", "/readyz", "/health/"})


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            path = redact(request.path)
            level = logging.DEBUG if request.path in PROBE_PATHS else logging.INFO
            logger.log(
                level,
                "%s %s %s %.1f ms",
                request.method,
                path,
                status,
                duration_ms,
                extra={"method": request.method, "path": path, "status": status, "duration_ms": duration_ms},
            )
