"""Search's panel of the admin dashboard: the searches that found nothing in the last days
(bgro.dashboard), read from the anonymised log, with a link to the search report of that
period. Two queries: the count and the most frequent few."""

from datetime import timedelta

from django.db.models import Count as Searches
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bgro.dashboard import Count, CountsPanel

from .models import SearchQueryLog

ZERO_RESULT_DAYS = 7
ZERO_RESULT_SHOWN = 3


def zero_result_panel():
    zero = SearchQueryLog.objects.filter(
        result_count=0, hour__gte=timezone.now() - timedelta(days=ZERO_RESULT_DAYS)
    )
    distinct = zero.values("language", "query").distinct().count()
    report = reverse("search_report") + "?" + urlencode({"period": ZERO_RESULT_DAYS})
    counts = [
        Count(
            ngettext(
                "%(count)d search found nothing in the last %(days)d days",
                "%(count)d searches found nothing in the last %(days)d days",
                distinct,
            )
            % {"count": distinct, "days": ZERO_RESULT_DAYS},
            report,
            distinct,
        )
    ]
    frequent = (
        zero.values("language", "query").annotate(searches=Searches("id")).order_by("-searches", "query")[:ZERO_RESULT_SHOWN]
        if distinct
        else []
    )
    for row in frequent:
        label = ngettext("“%(query)s” (%(language)s): %(count)d time", "“%(query)s” (%(language)s): %(count)d times", row["searches"])
        counts.append(
            Count(
                label % {"query": row["query"], "language": row["language"], "count": row["searches"]},
                reverse("search_report") + "?" + urlencode({"period": ZERO_RESULT_DAYS, "language": row["language"]}),
                row["searches"],
            )
        )
    return CountsPanel("zero-result-searches", _("Searches without results"), counts, order=170)
