"""The display mode for the outdoor information screens of the partner institutions.

``/<lang>/display/`` is a full-screen page that rotates the latest news of that language and a
few facts about the platform. The screen refreshes itself: a small script asks
``/<lang>/display/slides.json`` for the slides every few minutes; without JavaScript the page
shows every slide one under the other and reloads itself (``<meta http-equiv="refresh">``).
"""

from dataclasses import asdict, dataclass

from django.apps import apps
from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, npgettext

from bgro.localized_formats import format_date
from bgro.renditions import rendition_set
from catalogue.fields import MultipleChoiceField

# How many news items the screen rotates, and how often it asks for new ones (seconds).
NEWS_COUNT = 6
REFRESH_SECONDS = 300
# How long each slide stays (seconds): long enough to read a headline and its lead from afar.
SLIDE_SECONDS = 12


@dataclass
class Slide:
    kind: str  # "news" or "fact"
    title: str
    text: str = ""
    date: str = ""  # ISO date of a news item
    date_label: str = ""
    url: str = ""
    value: str = ""  # the number of a fact
    image_url: str = ""
    image_width: int = 0
    image_height: int = 0
    lang: str = ""  # the language of the text, when not the screen's (an untranslated news item)

    def as_json(self):
        return asdict(self)


def _home(language):
    """The live home page of ``language`` on the default site, or None."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    home_page = apps.get_model("home", "HomePage")
    return (
        home_page.objects.live()
        .filter(translation_key=site.root_page.translation_key, locale__language_code=language)
        .first()
    )


def _news_slides(home, request):
    news_page = apps.get_model("news", "NewsPage")
    items = list(
        news_page.objects.visible()
        .descendant_of(home)
        .select_related("listing_image")
        .prefetch_related("listing_image__renditions")
        .order_by("-date", "-pk")[:NEWS_COUNT]
    )
    slides = []
    for item in items:
        slide = Slide(
            kind="news",
            title=item.title,
            text=Truncator(item.lead).words(40),
            date=item.date.isoformat(),
            date_label=format_date(item.date),
            url=item.get_url(request) or "",
            # Untranslated items are aliases of the Bulgarian ones (the trees are synchronised from it).
            lang=settings.LANGUAGE_CODE if item.alias_of_id and get_language() != settings.LANGUAGE_CODE else "",
        )
        if item.listing_image:
            rendition = item.listing_image.get_rendition(rendition_set("display-slide").spec)
            slide.image_url, slide.image_width, slide.image_height = rendition.url, rendition.width, rendition.height
        slides.append(slide)
    return slides


def _fact_slides(home):
    institution_page = apps.get_model("catalogue", "InstitutionPage")
    service_page = apps.get_model("catalogue", "ServicePage")
    # Every record appears in every language tree (as an alias until translated): counting one
    # tree counts each record once.
    institutions = institution_page.objects.visible().descendant_of(home).count()
    services = service_page.objects.visible().descendant_of(home)
    service_count = services.count()
    online = services.filter(channels__contains=MultipleChoiceField.lookup_value("online")).count()
    languages = len(settings.LANGUAGES)
    return [
        Slide(
            kind="fact",
            value=str(institutions),
            title=npgettext(
                "figure on the information screen", "public institution", "public institutions", institutions
            ),
            text=gettext("on both banks of the Danube"),
        ),
        Slide(
            kind="fact",
            value=str(service_count),
            title=npgettext("figure on the information screen", "public service", "public services", service_count),
            text=gettext("described step by step: cost, time, documents"),
        ),
        Slide(
            kind="fact",
            value=str(online),
            title=npgettext("figure on the information screen", "service online", "services online", online),
            text=gettext("to apply for from home"),
        ),
        Slide(
            kind="fact",
            value=str(languages),
            title=npgettext("figure on the information screen", "language", "languages", languages),
            text=", ".join(name for _code, name in settings.LANGUAGES),
        ),
    ]


def display_slides(request):
    """The slides of the screen in the request's language: the latest news, then the facts."""
    home = _home(get_language())
    if home is None:
        return home, []
    return home, _news_slides(home, request) + _fact_slides(home)
