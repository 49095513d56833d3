"""The law refuses a consultation in the admin's publish, with the reason beside the field."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db


def page_form(institution, closing_in_days):
    opening = timezone.localdate()
    return nested_form_data({
        "title": "Проект на решение",
        "slug": "proekt-na-reshenie",
        "institution": institution.pk,
        "draft_type": "decision",
        "law_country": "BG",
        "summary": "Промени в таксите.",
        "opening_date": opening.isoformat(),
        "closing_date": (opening + timedelta(days=closing_in_days)).isoformat(),
        "adoption_date": "",
        "shortened_reason": "",
        "contact_name": "Деловодство",
        "contact_email": "office@example.bg",
        "contact_phone": "",
        "documents": streamfield([]),
        "sections": streamfield([("section", {"heading": "Предмет", "text": rich_text("<p>Текст.</p>")})]),
        "outcome_published_on": "",
        "outcome_summary": rich_text(""),
        "listing_summary": "",
        "comments": inline_formset([]),
        "action-publish": "publish",
    })


def test_the_admin_refuses_to_publish_a_consultation_that_breaks_the_law(client, consultation_index, institutions):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    url = f"/admin/pages/add/consultations/consultationpage/{consultation_index.pk}/"
    assert client.get(url).status_code == 200
    with translation.override("en"):
        refused = client.post(url, page_form(institutions["BG"], closing_in_days=20), HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "shortened_reason" in refused.context["form"].errors
    assert not ConsultationPage.objects.exists()

    published = client.post(url, page_form(institutions["BG"], closing_in_days=30))
    assert published.status_code == 302, published.context["form"].errors if published.context else ""
    assert ConsultationPage.objects.get(locale__language_code="bg").live
