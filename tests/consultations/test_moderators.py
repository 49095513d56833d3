"""Consultation moderators per institution: the comment queue and the outcome reports of their
institutions' consultations only (the role from setup_roles, the assignment from an administrator)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from bgro import roles
from consultations.models import ConsultationComment, ConsultationPage, ModeratorAssignment
from tests.consultations.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(consultation_index, institutions):
    """A closed consultation of each institution, each with one published proposal."""
    today = timezone.localdate()
    pages, comments = {}, {}
    for country, institution in institutions.items():
        page = ConsultationPageFactory(
            parent=consultation_index, institution=institution, title=f"Проект {country}", law_country=country,
            opening_date=today - timedelta(days=40), closing_date=today - timedelta(days=5),
            adoption_date=today + timedelta(days=30) if country == "RO" else None,
        )
        page.save_revision().publish()
        pages[country] = ConsultationPage.objects.get(pk=page.pk)
        comments[country] = ConsultationComment.objects.create(
            consultation=page, author_name="Мария", email="maria@example.org", language="bg", text=f"Предложение {country}",
            status=ConsultationComment.Status.PUBLISHED,
        )
    return pages, comments


@pytest.fixture
def moderator(closed, institutions):
    roles.setup_roles()
    user = get_user_model().objects.create_user("ruse-moderator", password="x")
    user.groups.add(Group.objects.get(name=roles.CONSULTATION_MODERATORS.name))
    ModeratorAssignment.objects.create(user=user, institution=institutions["BG"])
    return user


def test_the_queue_lists_and_opens_only_the_comments_of_the_moderators_institutions(client, closed, moderator):
    _pages, comments = closed
    client.force_login(moderator)
    listing = client.get(reverse("consultation_comments:index"))
    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == [comments["BG"]]
    assert client.get(reverse("consultation_comments:edit", args=[comments["BG"].pk])).status_code == 200
    assert client.get(reverse("consultation_comments:edit", args=[comments["RO"].pk])).status_code in (302, 403)


def test_a_moderator_publishes_the_outcome_report_of_their_institution_only(client, closed, moderator):
    pages, comments = closed
    client.force_login(moderator)
    url = reverse("consultation_outcome_report", args=[pages["BG"].pk])
    report = {"outcome_published_on": timezone.localdate().isoformat(), "outcome_summary": rich_text("<p>Таксите остават.</p>")}

    # A published proposal without an outcome: refused with the page's own reason, nothing published.
    refused = client.post(url, report)
    assert refused.status_code == 400 and "outcome_published_on" in refused.context["form"].errors
    assert ConsultationPage.objects.get(pk=pages["BG"].pk).outcome_published_on is None

    ConsultationComment.objects.filter(pk=comments["BG"].pk).update(outcome="accepted", outcome_reason="Прието.")
    listing = client.get(reverse("consultation_outcome_reports")).content.decode()
    assert "Проект BG" in listing and "Проект RO" not in listing
    assert client.post(url, report).status_code == 302
    page = ConsultationPage.objects.get(pk=pages["BG"].pk)
    assert page.live and page.outcome_published_on == timezone.localdate()
    assert page.live_revision.user_id == moderator.pk and "Таксите остават" in page.outcome_summary

    other = client.post(reverse("consultation_outcome_report", args=[pages["RO"].pk]), report)
    assert other.status_code in (302, 403)
    assert ConsultationPage.objects.get(pk=pages["RO"].pk).outcome_published_on is None


def test_without_an_assignment_a_moderator_sees_nothing(client, closed, moderator):
    ModeratorAssignment.objects.all().delete()
    client.force_login(moderator)
    assert list(client.get(reverse("consultation_comments:index")).context["object_list"]) == []
    assert "Проект BG" not in client.get(reverse("consultation_outcome_reports")).content.decode()
