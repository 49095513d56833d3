"""The search page of each language: the same engine as the API, rendered for people."""

import time

from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from pagecache.routes import reads_request_site

from .engine import SearchError, search_engine
from .log import record_search
from .requests import read_query, read_request


@reads_request_site
def search(request):
    language = get_language()
    context = {"search_query": "", "results": None, "problems": []}
    try:
        context["search_query"] = read_query(request.GET, required=False)
    except SearchError as error:
        context["problems"].append(str(error))
    if context["search_query"]:
        search_request, problems = read_request(request.GET, language, strict=False)
        context["problems"] += problems
        started = time.perf_counter()
        results = search_engine().search(search_request)
        record_search(search_request.query, language, results.total, (time.perf_counter() - started) * 1000)
        context.update(
            results=results,
            facets=_facet_links(request.GET, results.facets),
            page_obj=Paginator(range(results.total), search_request.page_size).get_page(search_request.page),
            filtered=any(
                (
                    search_request.kinds,
                    search_request.country,
                    search_request.region,
                    search_request.institution,
                    search_request.audience,
                )
            ),
            clear_url="?"
            + _with(
                request.GET, {name: None for name in ("type", "country", "region", "institution", "audience", "page")}
            ),
        )
    return TemplateResponse(request, "search/search.html", context)


def _with(params, changes):
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in changes:
            query.setlist(key, values)
    for key, value in changes.items():
        if value is not None:
            query[key] = value
    return query.urlencode()


# A facet lists its most frequent values and, when it has more, a link to the rest: a search in
# a large catalogue meets hundreds of institutions, and a list of them all is neither readable
# nor cheap to send. ``?more=<facet>`` lists that facet in full.
FACET_SHOWN = 10


def _facet_links(params, facets):
    """Per facet: its values (the FACET_SHOWN most frequent and the chosen ones, or all of them
    when it is the one asked for in full), each a link that sets (or, when chosen, removes) that
    filter; how many are left out, with the links to show them all and to show fewer."""
    expanded = params.get("more")
    linked = {}
    for name, items in facets.items():
        shown = items
        if name != expanded and len(items) > FACET_SHOWN:
            shown = items[:FACET_SHOWN] + [item for item in items[FACET_SHOWN:] if item["selected"]]
        linked[name] = {
            "items": [
                dict(item, url="?" + _with(params, {name: None if item["selected"] else item["value"], "page": None}))
                for item in shown
            ],
            "total": len(items),
            "left_out": len(items) - len(shown),
            "more_url": "?" + _with(params, {"more": name}),
            "fewer_url": "?" + _with(params, {"more": None}) if name == expanded and len(items) > FACET_SHOWN else "",
        }
    return linked
