"""The anonymised search log: what was searched, in which language, with how many results."""

from django.utils import timezone

from bgro.personal_data import redact

from .models import SearchQueryLog


def record_search(query, language, result_count, duration_ms):
    """Keep the query (lower case, as searched, with e-mail addresses and personal or phone numbers
    replaced by placeholders), its language, result count, time and hour."""
    SearchQueryLog.objects.create(
        query=redact(query.lower())[:200],
        language=language,
        result_count=result_count,
        duration_ms=max(0, int(duration_ms)),
        hour=timezone.now().replace(minute=0, second=0, microsecond=0),
    )
