"""The visitor's address as axes records it, behind as many proxies as TRUSTED_PROXY_COUNT says.

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the
visitor's address is the TRUSTED_PROXY_COUNT-th entry from the right; anything to its left was
written by the client and could be forged to escape the per-address lockout. Written here rather
than through django-ipware (which axes can use) to keep that rule visible in a dozen lines.
"""

from django.conf import settings


def client_address(request):
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
