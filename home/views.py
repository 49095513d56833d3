"""The display mode of the outdoor information screens (see ``home.display``)."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control

from .display import REFRESH_SECONDS, SLIDE_SECONDS, display_slides


@cache_control(max_age=60, public=True)
def display(request):
    home, slides = display_slides(request)
    if home is None:
        raise Http404("This language has no home page.")
    return render(
        request,
        "home/display.html",
        {
            "home": home,
            "slides": slides,
            "refresh_seconds": REFRESH_SECONDS,
            "slide_seconds": SLIDE_SECONDS,
        },
    )


@cache_control(max_age=60, public=True)
def display_slides_json(request):
    home, slides = display_slides(request)
    if home is None:
        return JsonResponse({"message": "This language has no home page."}, status=404)
    return JsonResponse(
        {
            "language": get_language(),
            "refresh_seconds": REFRESH_SECONDS,
            "slide_seconds": SLIDE_SECONDS,
            "slides": [slide.as_json() for slide in slides],
        },
        json_dumps_params={"ensure_ascii": False},
    )
