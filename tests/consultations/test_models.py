"""The law checked when a consultation is saved or published, and the states of a consultation."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from catalogue.regions import Country
from consultations.models import ConsultationComment, ConsultationState
from tests.consultations.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db


def test_a_bulgarian_consultation_of_twenty_days_without_a_reason_is_refused(open_consultation):
    open_consultation.closing_date = open_consultation.opening_date + timedelta(days=20)
    with pytest.raises(ValidationError) as refused:
        open_consultation.full_clean()
    assert "shortened_reason" in refused.value.message_dict
    open_consultation.shortened_reason = "Спешна промяна заради срок по европейски регламент."
    open_consultation.full_clean()


def test_a_romanian_consultation_is_checked_in_working_days(open_consultation, institutions):
    page = open_consultation
    page.institution = institutions["RO"]
    page.law_country = Country.ROMANIA
    page.opening_date, page.closing_date = date(2026, 2, 2), date(2026, 2, 12)
    page.adoption_date = date(2026, 3, 16)  # 29 working days after the announcement
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "29" in refused.value.message_dict["adoption_date"][0]
    page.adoption_date = date(2026, 3, 17)
    page.full_clean()


def test_the_law_must_be_the_institutions_country(open_consultation):
    open_consultation.law_country = Country.ROMANIA
    open_consultation.adoption_date = open_consultation.opening_date + timedelta(days=90)
    with pytest.raises(ValidationError) as refused:
        open_consultation.full_clean()
    assert "law_country" in refused.value.message_dict


@translation.override("en")
def test_the_outcome_report_needs_every_proposal_decided(open_consultation):
    page = open_consultation
    page.opening_date = timezone.localdate() - timedelta(days=60)
    page.closing_date = page.opening_date + timedelta(days=30)
    comment = ConsultationComment.objects.create(
        consultation=page, author_name="Иван", email="ivan@example.org", language="bg", text="Предлагам...",
        status=ConsultationComment.Status.PENDING,
    )
    page.outcome_published_on = timezone.localdate()
    with pytest.raises(ValidationError, match="wait for moderation"):
        page.full_clean()
    comment.status = ConsultationComment.Status.PUBLISHED
    comment.save()
    with pytest.raises(ValidationError, match="no outcome"):
        page.full_clean()
    comment.outcome, comment.outcome_reason = ConsultationComment.Outcome.NOT_ACCEPTED, "Извън обхвата на наредбата."
    comment.full_clean()
    comment.save()
    page.full_clean()
    assert page.state == ConsultationState.CONCLUDED


def test_states_follow_the_dates(open_consultation):
    page = open_consultation
    assert page.state_on(page.opening_date - timedelta(days=1)) == ConsultationState.UPCOMING
    assert page.state_on(page.opening_date) == ConsultationState.OPEN
    assert page.state_on(page.closing_date) == ConsultationState.OPEN
    assert page.state_on(page.closing_date + timedelta(days=1)) == ConsultationState.AWAITING_REPORT


def test_a_rejected_comment_needs_a_ground_of_the_policy(open_consultation):
    comment = ConsultationComment(
        consultation=open_consultation, author_name="X", email="x@example.org", language="bg", text="...",
        status=ConsultationComment.Status.REJECTED,
    )
    with pytest.raises(ValidationError) as refused:
        comment.full_clean()
    assert "rejection_reason" in refused.value.message_dict


def test_a_consultation_is_created_only_under_the_index(consultation_index, home_page):
    from consultations.models import ConsultationPage

    assert ConsultationPage.can_create_at(consultation_index)
    assert not ConsultationPage.can_create_at(home_page)
    assert ConsultationPageFactory._meta.model is ConsultationPage
