"""Recording the indicators of the day (the command and the periodic job share this)."""

from django.db import transaction
from django.utils import timezone

from .indicators import compute_survey
from .models import IndicatorSnapshot, Scope


@transaction.atomic
def record_snapshot(taken_on=None):
    """Record today's (or ``taken_on``'s) indicators; returns the number of rows written."""
    taken_on = taken_on or timezone.localdate()
    survey = compute_survey()
    places = [(Scope.COUNTRY, code, tally) for code, tally in survey.countries.items()]
    places += [(Scope.REGION, key, tally) for key, tally in survey.regions.items()]
    IndicatorSnapshot.objects.filter(taken_on=taken_on).delete()
    IndicatorSnapshot.objects.bulk_create(
        IndicatorSnapshot(taken_on=taken_on, scope=scope, key=key, **tally.as_record())
        for scope, key, tally in places
    )
    return len(places)
