"""The consultations' alert topics (alerts.topics registry): new public consultations of an
institution, and of a region. A consultation is announced once, when its first language version
is published; subscribers get it through the alerts' queue like any other alert (at once, or in
their daily or weekly digest)."""

from django.utils.translation import gettext_lazy as _

from alerts.catalogue_topics import institution_choices, institution_label, region_choices, region_label
from alerts.topics import TopicKind, register


def _institution_of(page):
    from .models import ConsultationPage

    if not isinstance(page, ConsultationPage) or page.institution_id is None:
        return None
    return page.institution


def new_consultation_of_institution(page, first_publication):
    institution = _institution_of(page) if first_publication else None
    return [institution.catalogue_id] if institution is not None and institution.catalogue_id else []


def new_consultation_in_region(page, first_publication):
    institution = _institution_of(page) if first_publication else None
    return [institution.region] if institution is not None and institution.region else []


def offered_on_consultation(page):
    """A consultation's "Get e-mail alerts" link preselects its institution's next consultations."""
    institution = _institution_of(page)
    return [institution.catalogue_id] if institution is not None and institution.catalogue_id else []


def register_all():
    register(
        TopicKind(
            "institution-consultations", _("New public consultations of an institution"),
            institution_choices, new_consultation_of_institution, institution_label,
            offered_on=offered_on_consultation,
        )
    )
    register(
        TopicKind(
            "region-consultations", _("New public consultations in a region"),
            region_choices, new_consultation_in_region, region_label,
        )
    )
