"""The search page of each language."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from bgro.models import SitePageQuerySet

from .query import clean_query

RESULTS_PER_PAGE = 10


def search(request):
    query = clean_query(request.GET.get("q", ""))
    locale = Locale.objects.filter(language_code=get_language()).first()
    # One page per translation group: the visitor's language tree holds a translation or an
    # alias (the source shown untranslated) of every page.
    results = Page.objects.none()
    if query and locale:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=locale)
            .exclude(pk__in=SitePageQuerySet.aliases_of_private_pages())
            .specific()
            .search(query)
        )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": paginator.get_page(request.GET.get("page")), "paginator": paginator},
    )
