"""The directory's filters and the partner search (django-filter), read from the query string:
``?q=digital+skills&kind=ngo&country=RO&region=Giurgiu&sector=digital``.

The partner search finds members whose name, description, offers or needs contain every word
of ``q`` (case-insensitive): "digital skills" finds an NGO that offers "training in digital
skills". A value the filter does not know (``?country=XX``) is reported by the form and
ignored, never an error page.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogue.regions import REGION_CHOICES, Country

from .models import Member, MemberKind, Sector

MAX_QUERY_WORDS = 8


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search partners"), method="search_words", max_length=200,
        help_text=_("For example: digital skills, tourism, e-services."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind of organisation"), choices=MemberKind.choices, empty_label=_("Any kind"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=Country.choices, empty_label=_("Both countries"))
    region = django_filters.ChoiceFilter(label=_("Region"), choices=REGION_CHOICES, empty_label=_("Any region"))
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices, empty_label=_("Any sector"))

    class Meta:
        model = Member
        fields = ["q", "kind", "country", "region", "sector"]

    def search_words(self, queryset, name, value):
        for word in value.split()[:MAX_QUERY_WORDS]:
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(description__icontains=word)
                | Q(offers__icontains=word) | Q(seeks__icontains=word)
                # Their translations too: a visitor searches in the language they read.
                | Q(translations__description__icontains=word) | Q(translations__offers__icontains=word)
                | Q(translations__seeks__icontains=word)
            )
        return queryset.distinct()

    @property
    def qs(self):
        # An invalid value (an unknown country) is dropped and shown as a problem; the valid
        # filters still apply, as the service finder does.
        if not hasattr(self, "_qs"):
            form = self.form
            if not form.is_valid():
                for name in form.errors:
                    form.cleaned_data.pop(name, None)
            queryset = self.queryset.all()
            for name, value in form.cleaned_data.items():
                queryset = self.filters[name].filter(queryset, value)
            self._qs = queryset
        return self._qs

    @property
    def problems(self):
        return [
            f"{self.filters[name].label}: {' '.join(str(message) for message in messages)}"
            for name, messages in self.form.errors.items()
        ]

    @property
    def is_active(self):
        return any(self.data.get(name) for name in self.filters)


