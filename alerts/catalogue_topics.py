"""The catalogue's and the news' alert topics: news of an institution, news of a region, changes
to a service. Models are looked up by name, so neither app imports the other or this one.

A news item concerns the institutions it names among its related pages (directly, or as the
competent institution of a related service), and their regions.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from catalogue.regions import BULGARIAN_OBLASTS, ROMANIAN_COUNTIES

from .topics import TopicKind, register

REGION_LABELS = dict(BULGARIAN_OBLASTS + ROMANIAN_COUNTIES)


def _model(name):
    return apps.get_model(*name.split("."))


def _live_in(model, language):
    return model.objects.live().public().filter(locale__language_code=language)


def _related_institutions(news):
    """The institutions (any language version) a news item names among its related pages."""
    institution_model, service_model = _model("catalogue.InstitutionPage"), _model("catalogue.ServicePage")
    page_ids = [block.value.pk for block in news.related_pages if getattr(block.value, "pk", None)]
    institution_ids = set(institution_model.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
    institution_ids |= set(
        service_model.objects.filter(pk__in=page_ids, institution__isnull=False).values_list("institution_id", flat=True)
    )
    return institution_model.objects.filter(pk__in=institution_ids)


def _is_news(page):
    return isinstance(page, _model("news.NewsPage"))


def institution_choices(language):
    return list(_live_in(_model("catalogue.InstitutionPage"), language).order_by("title").values_list("catalogue_id", "title"))


def institution_label(value, language):
    return _live_in(_model("catalogue.InstitutionPage"), language).filter(catalogue_id=value).values_list(
        "title", flat=True
    ).first() or _model("catalogue.InstitutionPage").objects.filter(catalogue_id=value).values_list("title", flat=True).first()


def institution_news(page, first_publication):
    if not (first_publication and _is_news(page)):
        return []
    return sorted(set(_related_institutions(page).values_list("catalogue_id", flat=True)))


def region_choices(language):
    """The regions that have an institution on the site, in alphabetical order of their labels."""
    regions = set(_live_in(_model("catalogue.InstitutionPage"), language).values_list("region", flat=True))
    return sorted(((key, str(REGION_LABELS[key])) for key in regions if key in REGION_LABELS), key=lambda pair: pair[1])


def region_label(value, language):
    label = REGION_LABELS.get(value)
    return str(label) if label is not None else None


def region_news(page, first_publication):
    if not (first_publication and _is_news(page)):
        return []
    return sorted(set(_related_institutions(page).values_list("region", flat=True)) - {""})


def service_label(value, language):
    service_model = _model("catalogue.ServicePage")
    return _live_in(service_model, language).filter(catalogue_id=value).values_list("title", flat=True).first() or (
        service_model.objects.live().filter(catalogue_id=value).values_list("title", flat=True).first()
    )


def service_changes(page, first_publication):
    # A service's first publication is no change; every later publication of a language version is.
    if first_publication or not isinstance(page, _model("catalogue.ServicePage")):
        return []
    return [page.catalogue_id]


def _offered_on(model_name, attribute):
    def offered(page):
        return [getattr(page, attribute)] if isinstance(page, _model(model_name)) and getattr(page, attribute) else []

    return offered


def register_all():
    register(
        TopicKind(
            "institution-news", _("News of an institution"), institution_choices, institution_news, institution_label,
            offered_on=_offered_on("catalogue.InstitutionPage", "catalogue_id"),
        )
    )
    register(
        TopicKind(
            "region-news", _("News of a region"), region_choices, region_news, region_label,
            offered_on=_offered_on("catalogue.InstitutionPage", "region"),
        )
    )
    register(
        TopicKind(
            "service-changes", _("Changes to a service"), None, service_changes, service_label,
            offered_on=_offered_on("catalogue.ServicePage", "catalogue_id"),
        )
    )
