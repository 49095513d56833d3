"""Factories for consultations: an index under a home page, consultations of both countries."""

from datetime import timedelta

import factory
from django.utils import timezone

from catalogue.regions import Country
from consultations.models import ConsultationIndexPage, ConsultationPage, DraftType
from tests.factories import BasePageFactory


def draft_sections():
    return [
        {"type": "section", "value": {"heading": "Предмет", "text": "<p>Наредбата урежда пристанищата.</p>"}},
        {"type": "section", "value": {"heading": "Такси", "text": "<p>Таксите се определят ежегодно.</p>"}},
    ]


class ConsultationIndexPageFactory(BasePageFactory):
    title = "Обществени консултации"
    introduction = "Проекти на институциите от двата бряга, отворени за предложения."

    class Meta:
        model = ConsultationIndexPage


class ConsultationPageFactory(BasePageFactory):
    """A Bulgarian consultation open today for 30 days; pass ``institution=`` (required)."""

    title = factory.Sequence(lambda n: f"Проект на наредба {n}")
    draft_type = DraftType.LOCAL_REGULATION
    law_country = Country.BULGARIA
    summary = "Проектът променя таксите за ползване на общинските пристанища."
    opening_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    closing_date = factory.LazyAttribute(lambda page: page.opening_date + timedelta(days=30))
    contact_name = "Дирекция „Нормативно обслужване“"
    contact_email = "consultations@example.bg"
    contact_phone = "+359 82 826 100"
    sections = factory.LazyFunction(draft_sections)

    class Meta:
        model = ConsultationPage
