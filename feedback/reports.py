"""The admin's report of “Was this page useful?”: per page, language and month, with CSV.

Grouped in the database: the report costs the same few queries however many answers there are.
"""

import csv

from django import forms
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .models import PageFeedback

LANGUAGE_CHOICES = [("", _("All languages")), ("bg", "Български"), ("ro", "Română"), ("en", "English")]
ROWS = 200
COMMENTS = 200


class FeedbackReportFilter(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Empty: every month."),
    )
    page = forms.IntegerField(label=_("Page id"), required=False, min_value=1, max_value=2**31 - 1)


def filtered_answers(language="", month=None, page_id=None):
    answers = PageFeedback.objects.all()
    if language:
        answers = answers.filter(language=language)
    if month:
        answers = answers.filter(date__year=month.year, date__month=month.month)
    if page_id:
        answers = answers.filter(page_id=page_id)
    return answers


def report_rows(answers, limit=ROWS):
    """One row per page, language and month: answers, yes, share of yes (%), comments."""
    rows = list(
        answers.annotate(month=TruncMonth("date"))
        .values("page_id", "language", "month")
        .annotate(answers=Count("id"), yes=Count("id", filter=Q(useful=True)), comments=Count("id", filter=~Q(comment="")))
        .order_by("-month", "-answers", "page_id")[:limit]
    )
    titles = dict(Page.objects.filter(pk__in={row["page_id"] for row in rows}).values_list("pk", "title"))
    for row in rows:
        row["title"] = titles.get(row["page_id"], "")
        row["share_yes"] = round(100 * row["yes"] / row["answers"])
    return rows


def feedback_report(request):
    form = FeedbackReportFilter(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    answers = filtered_answers(criteria.get("language", ""), criteria.get("month"), criteria.get("page"))
    export = request.GET.get("export")
    if export == "csv":
        return _summary_csv(report_rows(answers, limit=None))
    if export == "comments":
        return _comments_csv(answers)
    comments = answers.exclude(comment="").select_related("page").order_by("-date", "-pk")[:COMMENTS]
    totals = answers.aggregate(answers=Count("id"), yes=Count("id", filter=Q(useful=True)))
    return render(
        request,
        "feedback/admin/feedback_report.html",
        {"form": form, "rows": report_rows(answers), "comments": comments, "totals": totals},
    )


def _csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _summary_csv(rows):
    response = _csv_response("page-feedback.csv")
    writer = csv.writer(response)
    writer.writerow(["page id", "page", "language", "month", "answers", "yes", "share of yes (%)", "comments"])
    for row in rows:
        writer.writerow(
            [row["page_id"], row["title"], row["language"], row["month"].strftime("%Y-%m"), row["answers"],
             row["yes"], row["share_yes"], row["comments"]]
        )
    return response


def _comments_csv(answers):
    response = _csv_response("page-feedback-comments.csv")
    writer = csv.writer(response)
    writer.writerow(["page id", "page", "language", "date", "useful", "comment"])
    for answer in answers.exclude(comment="").select_related("page").order_by("-date", "-pk").iterator():
        writer.writerow(
            [answer.page_id, answer.page.title, answer.language, answer.date.isoformat(),
             "yes" if answer.useful else "no", answer.comment]
        )
    return response
