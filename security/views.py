"""/.well-known/security.txt (RFC 9116): where to report a vulnerability."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Without SECURITY_TXT_EXPIRES the file expires a year after the process started: RFC 9116 wants
# a date no more than a year ahead, and a redeployment at least yearly renews it.
_STARTED = timezone.now()


def expiry():
    day = settings.SECURITY_TXT_EXPIRES
    if day:
        return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_fixed_timezone(0))
    return (_STARTED + timedelta(days=365)).replace(microsecond=0)


@require_GET
@cache_control(max_age=86_400, public=True)
def security_txt(request):
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACT]
    lines.append(f"Expires: {expiry().astimezone(timezone.get_fixed_timezone(0)).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append(f"Preferred-Languages: {', '.join(settings.SECURITY_TXT_LANGUAGES)}")
    lines.append(f"Canonical: {request.build_absolute_uri(request.path)}")
    if settings.SECURITY_TXT_POLICY:
        lines.append(f"Policy: {settings.SECURITY_TXT_POLICY}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
