"""The consultation index's list: filters by state, institution and region (django-filter).

Queries do not depend on the number of consultations: one for the filter choices (every
institution with a consultation here), one naming those institutions in the visitor's language,
one count and one page of consultations. An institution is named by its catalogue id, which all
language versions share, so a filtered link works in the three languages. A value that is not
understood is left out, and the form says so beside the field.
"""

import django_filters
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ConsultationPage, ConsultationState, state_filter

InstitutionPage = ConsultationPage._meta.get_field("institution").related_model


class ConsultationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ConsultationState.choices, method="filter_state", empty_label=_("All")
    )
    institution = django_filters.ChoiceFilter(
        label=_("Institution"), field_name="institution__catalogue_id", empty_label=_("All institutions")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="institution__region", empty_label=_("All regions")
    )

    class Meta:
        model = ConsultationPage
        fields = []

    def __init__(self, *args, institution_choices=(), region_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["institution"].extra["choices"] = institution_choices
        self.filters["region"].extra["choices"] = region_choices

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_filter(value, timezone.localdate()))


class ConsultationListing:
    def __init__(self, index, request):
        self.index = index
        self.today = timezone.localdate()
        consultations = index.consultations()
        rows = list(
            consultations.filter(institution__isnull=False)
            .values_list("institution__translation_key", "institution__catalogue_id", "institution__region",
                         "institution__title")
            .distinct()
        )
        localized = {
            page.translation_key: page
            for page in InstitutionPage.objects.live()
            .filter(locale_id=index.locale_id, translation_key__in={row[0] for row in rows})
            .only("id", "title", "url_path", "path", "depth", "locale_id", "translation_key", "slug")
        }
        self.localized_institutions = localized
        names = {catalogue_id: (localized[key].title if key in localized else title)
                 for key, catalogue_id, _region, title in rows}
        regions = {region for _key, _id, region, _title in rows}
        self.filter = ConsultationFilter(
            request.GET or None,
            queryset=consultations.select_related("institution").order_by("-opening_date", "pk"),
            institution_choices=sorted(names.items(), key=lambda item: item[1]),
            region_choices=sorted(((region, InstitutionPage.region_label(region)) for region in regions),
                                  key=lambda item: str(item[1])),
        )
        paginator = Paginator(self.filter.qs, index.page_size)
        self.page = paginator.get_page(request.GET.get("page"))
        self.paginator = paginator
        for consultation in self.page:
            institution = consultation.institution
            consultation.shown_institution = (
                localized.get(institution.translation_key, institution) if institution else None
            )
            consultation.current_state = consultation.state_on(self.today)

    @property
    def form(self):
        return self.filter.form
