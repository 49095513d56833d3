"""The headless API: Wagtail's API v2 at ``/api/v2/`` with the endpoints ``pages``, ``images``
and ``documents``, for apps and partner sites that show the platform's content themselves.

Wagtail's endpoints, with what this site needs on top:

- pages hide the aliases of private pages, as the site's own lists do
  (``SitePageQuerySet.visible()``): a view restriction on a Bulgarian page makes its Romanian
  and English aliases private too, although they carry no restriction of their own;
- a list costs the same queries for 5 pages as for 20 (the locale of each page is joined);
- fields Wagtail cannot serialise by itself get a serializer by their type, so a page type's
  ``api_fields`` need no serializer of their own: lists of codes (``MultipleChoiceField``) are
  JSON lists, and a foreign key to a page gives that page's id, title and, for catalogue
  records, its ``catalogue_id``, in the language of the page that chose it;
- bad input answers 400 with a message, never 500: an unknown ``locale``, a filter value
  the field cannot hold (``?date=yesterday``), a NUL character anywhere, an ``offset`` beyond ``MAX_OFFSET`` (the
  database refused one past its bigint range); unknown ids and paths answer a JSON 404;
- any origin may read it (CORS), as the catalogue's linked data.
"""

import functools

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.response import Response
from wagtail.api.utils import get_full_url
from wagtail.api.v2.filters import FieldsFilter, LocaleFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageDownloadUrlField, ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.utils.urlpatterns import decorate_urlpatterns

from bgro import framework_internals
from bgro.models import SitePageQuerySet
from catalogue.fields import MultipleChoiceField
from pagecache import site_version
from pagecache.routes import kept_site
from search.query import clean_query


class CodeListField(serializers.Field):
    """A list of codes (``["citizens", "businesses"]``) rather than the text of a Python list."""

    def to_representation(self, value):
        return list(value)


class PageReferenceField(serializers.Field):
    """A page chosen in a foreign key: its id, title and, for catalogue records, ``catalogue_id``
    (shared by every language version of the record), with Wagtail's ``meta`` of nested pages.

    The chosen page in the language of the page being serialised, when that version is live (a
    translation keeps the Bulgarian page its source chose); see ``localize_page_references``.
    """

    def get_attribute(self, instance):
        localized = instance.__dict__.get(_LOCALIZED_REFERENCES, {})
        if self.field_name in localized:
            return localized[self.field_name]
        return super().get_attribute(instance)

    def to_representation(self, page):
        data = {
            "id": page.pk,
            "meta": {
                "type": page.specific_class._meta.label if page.specific_class else None,
                "detail_url": get_object_detail_url(self.context["router"], self.context["request"], Page, page.pk),
                "html_url": page.full_url,
            },
            "title": page.title,
        }
        catalogue_id = getattr(page, "catalogue_id", None)
        if catalogue_id is not None:
            data["catalogue_id"] = catalogue_id
        return data


_LOCALIZED_REFERENCES = "_api_localized_references"


def _page_reference_fields(model, names):
    return [
        field
        for field in model._meta.concrete_fields
        if field.name in names and isinstance(field, models.ForeignKey) and issubclass(field.related_model, Page)
    ]


def localize_page_references(pages, field_names):
    """Give each page the pages its foreign keys ``field_names`` choose, in the page's language
    when that version is live: two queries per field for the whole list, none per page."""
    pages = list(pages)
    models_in_list = {type(page) for page in pages}
    for model in models_in_list:
        members = [page for page in pages if type(page) is model]
        for field in _page_reference_fields(model, field_names):
            chosen_ids = {getattr(page, field.attname) for page in members} - {None}
            if not chosen_ids:
                continue
            target = field.related_model
            chosen = target.objects.in_bulk(chosen_ids)
            localized = {
                (version.translation_key, version.locale_id): version
                for version in target.objects.live().filter(
                    translation_key__in={page.translation_key for page in chosen.values()},
                    locale_id__in={page.locale_id for page in members},
                )
            }
            for page in members:
                reference = chosen.get(getattr(page, field.attname))
                if reference is not None:
                    reference = localized.get((reference.translation_key, page.locale_id), reference)
                page.__dict__.setdefault(_LOCALIZED_REFERENCES, {})[field.name] = reference
    return pages


def prefetch_many_to_many(pages, field_names):
    """One query per many-to-many field of the listed pages (a service's life events), not one
    per page: the fields served read the relation (``life_event_slugs``)."""
    relations = {"life_event_slugs": "life_events"}
    for model in {type(page) for page in pages}:
        members = [page for page in pages if type(page) is model]
        for name in field_names:
            relation = relations.get(name)
            if relation and any(field.name == relation for field in model._meta.get_fields()):
                prefetch_related_objects(members, relation)


class AbsoluteImageDownloadUrlField(ImageDownloadUrlField):
    """The original image's absolute URL, as documents give theirs (Wagtail gives images a path)."""

    def to_representation(self, image):
        return get_full_url(self.context["request"], super().to_representation(image))


class SiteImageSerializer(ImageSerializer):
    download_url = AbsoluteImageDownloadUrlField(read_only=True)


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?date=2025-06-30``); a value the field cannot hold is a 400.

    Wagtail converts booleans, integers and foreign keys itself; any other value would reach
    the database query as it is, and a date or a number the field cannot read raised there.
    """

    def filter_queryset(self, request, queryset, view):
        filterable = set(view.get_available_fields(queryset.model, db_fields_only=True)) - {"locale"}
        for name, value in request.GET.items():
            if name not in filterable:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation or isinstance(field, models.BooleanField):
                continue
            try:
                python_value = field.to_python(value)
                if isinstance(field, models.IntegerField):
                    field.run_validators(python_value)  # the database's range
            except ValidationError as error:
                raise BadRequestError(
                    _("field filter error. '%(value)s' is not a valid value for %(field)s: %(reason)s")
                    % {"value": value, "field": name, "reason": " ".join(error.messages)}
                ) from error
        return super().filter_queryset(request, queryset, view)


class CleanSearchFilter(SearchFilter):
    """``?search=`` reaches the backend as words only (see search.query), and an unknown
    ``search_operator`` is a 400; quotes or NUL in a query raised in the database before."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            operator = request.GET.get("search_operator")
            if operator not in (None, "and", "or"):
                raise BadRequestError(_("search_operator must be “and” or “or”"))
            parameters = request._request.GET.copy()
            parameters["search"] = clean_query(parameters["search"])
            request._request.GET = parameters
        return super().filter_queryset(request, queryset, view)


class KnownLocaleFilter(LocaleFilter):
    """``?locale=ro``: the pages of one language tree; an unknown language is a 400, not a 404
    (the list exists, the parameter is wrong)."""

    def filter_queryset(self, request, queryset, view):
        code = request.GET.get("locale")
        if code is None:
            return super().filter_queryset(request, queryset, view)
        known_codes = list(Locale.objects.order_by("pk").values_list("language_code", flat=True))
        if code not in known_codes:
            known = ", ".join(known_codes)
            raise BadRequestError(
                _("locale '%(code)s' does not exist; use one of: %(known)s") % {"code": code, "known": known}
            )
        return super().filter_queryset(request, queryset, view)


# A million items into a list: beyond any site this platform serves (300,000 pages for 100,000
# services in three languages), and far inside the database's bigint OFFSET.
MAX_OFFSET = 1_000_000


class BoundedPagination(WagtailPagination):
    """Wagtail's ``offset`` and ``limit``, with ``offset`` at most ``MAX_OFFSET`` (a 400 beyond)."""

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.GET.get("offset", "").strip()
        try:
            # Wagtail reads it with int(), as here; longer text is never a usable offset.
            too_far = len(raw) > len(str(MAX_OFFSET)) + 1 or int(raw or 0) > MAX_OFFSET
        except ValueError:
            too_far = False  # not a number: Wagtail's own message
        if too_far:
            raise BadRequestError(_("offset can be at most %(maximum)s") % {"maximum": MAX_OFFSET})
        return super().paginate_queryset(queryset, request, view)


class CheckedFindMixin:
    """``find/?id=``: an id that is not a whole number is a 400 (``?id=`` reached the database
    lookup, a 500 found by the fuzz test); one past every row a 404 as before."""

    def find_object(self, queryset, request):
        raw = request.GET.get("id")
        if raw is not None and not (raw.isascii() and raw.isdigit() and len(raw) <= 19):
            raise BadRequestError(_("id must be a whole number of at most 19 digits"))
        try:
            return super().find_object(queryset, request)
        except ObjectDoesNotExist:
            # With ?type=, the queryset's model raises its own DoesNotExist, which Wagtail's
            # find view does not catch (a 500, found by the fuzz test): nothing found, a 404.
            return None


class SitePagesAPIViewSet(CheckedFindMixin, PagesAPIViewSet):
    pagination_class = BoundedPagination
    _base_queryset = None  # built on first use; a view instance serves one request
    filter_backends = [
        {LocaleFilter: KnownLocaleFilter, FieldsFilter: CheckedFieldsFilter, SearchFilter: CleanSearchFilter}.get(
            backend, backend
        )
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        # Wagtail asks for it up to three times a request (the list, the serializers' context,
        # ?child_of=), and each time it is built from queries of its own (the view restrictions,
        # the site, the private pages' aliases): built once per request (one view instance
        # serves one request), a fresh copy handed out each time.
        if self._base_queryset is None:
            self._base_queryset = self._kept_public_pages()
        return self._base_queryset.all()

    def _public_pages(self):
        # An alias has no view restriction of its own: it is private when its source is. The
        # ids are listed because the search backend (?search=) can filter on id but not on
        # alias_of.
        queryset = super().get_base_queryset()
        return queryset.exclude(pk__in=SitePageQuerySet.aliases_of_private_pages())

    def _kept_public_pages(self):
        """The public pages, as Wagtail's ``get_public_pages_queryset`` builds them (four to six
        queries: the view restrictions, the site, its root's translations, the private pages'
        aliases), built once per site version, host, ``?site=`` and set of restrictions the
        request passes; what is kept is the queryset's SQL description (``QuerySet.query``, which
        Django's documentation gives as the way to pickle a queryset without its rows)."""
        request = self.request
        restrictions = site_version.remember(
            request, ("view-restrictions",), lambda: list(PageViewRestriction.objects.select_related("page"))
        )
        passed = tuple(sorted(restriction.pk for restriction in restrictions if restriction.accept_request(request)))
        query = site_version.remember(
            request, ("public-pages", request.GET.get("site", ""), passed), lambda: self._public_pages().query
        )
        queryset = Page.objects.all()
        queryset.query = query
        return queryset

    def get_queryset(self):
        # "locale" is a default field of lists: one join rather than one query per page.
        return super().get_queryset().select_related("locale")

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        serializer_class = self.get_serializer_class()
        pages = localize_page_references(self.paginate_queryset(queryset), serializer_class.Meta.fields)
        prefetch_many_to_many(pages, serializer_class.Meta.fields)
        serializer = serializer_class(pages, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        serializer_class = self.get_serializer_class()
        [page] = localize_page_references([self.get_object()], serializer_class.Meta.fields)
        return Response(serializer_class(page, context=self.get_serializer_context()).data)

    @classmethod
    def get_field_serializer_overrides(cls, model):
        overrides = super().get_field_serializer_overrides(model)
        for name in cls.get_body_fields_names(model):
            if name in overrides:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, MultipleChoiceField):
                overrides[name] = CodeListField(read_only=True)
            elif isinstance(field, models.ForeignKey) and issubclass(field.related_model, Page):
                overrides[name] = PageReferenceField(read_only=True)
        return overrides


def _with_clean_search(filter_backends):
    return [CleanSearchFilter if backend is SearchFilter else backend for backend in filter_backends]


class SiteImagesAPIViewSet(CheckedFindMixin, ImagesAPIViewSet):
    base_serializer_class = SiteImageSerializer
    pagination_class = BoundedPagination
    filter_backends = _with_clean_search(ImagesAPIViewSet.filter_backends)


class SiteDocumentsAPIViewSet(CheckedFindMixin, DocumentsAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = _with_clean_search(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SitePagesAPIViewSet)
api_router.register_endpoint("images", SiteImagesAPIViewSet)
api_router.register_endpoint("documents", SiteDocumentsAPIViewSet)

# --- Issue 15: the network and the digitalisation indicators (network.api, digitalisation.api) ---
from digitalisation.api import IndicatorsAPIViewSet  # noqa: E402
from network.api import AgreementsAPIViewSet, MembersAPIViewSet  # noqa: E402


class SiteMembersAPIViewSet(CheckedFindMixin, MembersAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = [CheckedFieldsFilter, OrderingFilter]


class SiteAgreementsAPIViewSet(CheckedFindMixin, AgreementsAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = [CheckedFieldsFilter, OrderingFilter]


class SiteIndicatorsAPIViewSet(CheckedFindMixin, IndicatorsAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = [CheckedFieldsFilter, OrderingFilter]


api_router.register_endpoint("network-members", SiteMembersAPIViewSet)
api_router.register_endpoint("network-agreements", SiteAgreementsAPIViewSet)
api_router.register_endpoint("digitalisation-indicators", SiteIndicatorsAPIViewSet)


def _json_not_found(request, path=""):
    return JsonResponse({"message": _("not found")}, status=404)


def _answered_here(view):
    """Keep the API's 404s: LocaleMiddleware answers a 404 outside the language prefixes with a
    redirect to the same path under ``/bg/`` when that path resolves, and Wagtail's page route
    resolves every path. It looks for language prefixes in ``request.urlconf``: this module has none.

    Open to every origin, as the catalogue's linked data (django-cors-headers, CORS_URLS_REGEX in
    the settings): the content is public and read-only, and partner sites read it from their own pages."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.urlconf = __name__
        # PostgreSQL refuses NUL in text (?site=%00 reached Wagtail's site lookup: a 500);
        # ``search`` keeps its words only (CleanSearchFilter), so a NUL there is no error.
        if any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            if key != "search"
            for value in values
        ):
            response = JsonResponse({"message": _("parameters cannot contain NUL characters")}, status=400)
        else:
            # The request's site kept per site version (the serve view's, pagecache.routes):
            # Wagtail asks for it for the list's ?site= scope, ?child_of=root and every page's URL.
            site = kept_site(request)
            if site is not None:
                framework_internals.give_request_its_site(request, site)
            response = view(request, *args, **kwargs)
        return response

    return wrapped


# Included by the project at ``api/v2/`` (``include("bgro.api")``), outside the language prefixes:
# the pages of every language are there, chosen with ``?locale=``.
app_name = api_router.url_namespace
urlpatterns = api_router.get_urlpatterns() + [re_path(r"^(?P<path>(?:.+/)?)$", _json_not_found)]
decorate_urlpatterns(urlpatterns, _answered_here)
