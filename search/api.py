"""The search API: ``GET /api/search/`` and ``GET /api/search/suggest/``.

Answers are JSON; a request the API cannot answer gets 400 with an ``error`` message, in
the language asked for when it is known. Open to every origin, like the rest of the API.
"""

import time

from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from .analysis import LANGUAGES
from .engine import SearchError, search_engine, suggest
from .log import record_search
from .requests import read_language, read_query, read_request


def _json(data, status=200):
    # Open to every origin: django-cors-headers (CORS_URLS_REGEX in the settings).
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(message):
    return _json({"error": message}, status=400)


def _language_of(request):
    language = request.GET.get("lang", "")
    return language if language in LANGUAGES else "en"


@require_GET
def search_api(request):
    with translation.override(_language_of(request)):
        try:
            language = read_language(request.GET)
            search_request, _problems = read_request(request.GET, language, strict=True)
        except SearchError as error:
            return _error(str(error))
        started = time.perf_counter()
        results = search_engine().search(search_request)
        record_search(search_request.query, language, results.total, (time.perf_counter() - started) * 1000)
        return _json(
            {
                "query": search_request.query,
                "lang": language,
                "total": results.total,
                "page": search_request.page,
                "page_size": search_request.page_size,
                "results": [hit.as_json() for hit in results.hits],
                "facets": {
                    name: [{key: item[key] for key in ("value", "label", "count")} for item in items]
                    for name, items in results.facets.items()
                },
                "did_you_mean": results.suggestion or None,
            }
        )


@require_GET
def suggest_api(request):
    with translation.override(_language_of(request)):
        try:
            language = read_language(request.GET)
            query = read_query(request.GET, required=False)
        except SearchError as error:
            return _error(str(error))
        return _json({"query": query, "lang": language, "suggestions": suggest(query, language) if query else []})
