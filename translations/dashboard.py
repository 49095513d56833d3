"""The translations' panel of the admin dashboard: translations out of date and unfinished,
with links to the coverage dashboard filtered by state (bgro.dashboard). The same fixed number
of queries as the coverage dashboard's computation (translations.coverage)."""

from collections import Counter

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bgro.dashboard import Count, CountsPanel

from . import coverage


def translations_panel():
    states = Counter(row.state for row in coverage.compute().rows)
    url = reverse("translations_coverage")
    outdated, unfinished = states[coverage.OUTDATED], states[coverage.IN_PROGRESS]
    counts = [
        Count(
            ngettext("%(count)d translation out of date", "%(count)d translations out of date", outdated)
            % {"count": outdated},
            url + "?" + urlencode({"state": coverage.OUTDATED}),
            outdated,
        ),
        Count(
            ngettext("%(count)d translation unfinished", "%(count)d translations unfinished", unfinished)
            % {"count": unfinished},
            url + "?" + urlencode({"state": coverage.IN_PROGRESS}),
            unfinished,
        ),
    ]
    return CountsPanel("translations", _("Waiting for translation"), counts, order=150)
