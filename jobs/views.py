"""Reports → Background jobs: the recent jobs of the queue with their state, and the schedule.

Administrators only (the permission to view django-tasks-db's job records, which only the
Administrators role and superusers hold)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from .schedule import PERIODIC_JOBS, last_runs, next_due

VIEW_PERMISSION = "django_tasks_database.view_dbtaskresult"
JOBS_SHOWN = 100
STATE_LABELS = {
    "READY": _("Waiting"),
    "RUNNING": _("Running"),
    "SUCCESSFUL": _("Done"),
    "FAILED": _("Failed"),
}


class JobFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *STATE_LABELS.items()]
    )


def can_view_jobs(user):
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def background_jobs(request):
    if not can_view_jobs(request.user):
        raise PermissionDenied
    form = JobFilter(request.GET or None)
    jobs = DBTaskResult.objects.order_by("-enqueued_at")
    if form.is_valid() and form.cleaned_data["state"]:
        jobs = jobs.filter(status=form.cleaned_data["state"])
    rows = [_row(job) for job in jobs[:JOBS_SHOWN]]
    runs = last_runs()
    now = timezone.now()
    schedule = []
    for job in PERIODIC_JOBS:
        run = runs.get(job.name)
        due = next_due(job, run)
        schedule.append({"job": job, "last": run.last_enqueued_at if run else None, "next": due, "due": due is None or due <= now})
    waiting = DBTaskResult.objects.filter(status="READY").count()
    return TemplateResponse(
        request,
        "jobs/admin/background_jobs.html",
        {"form": form, "rows": rows, "schedule": schedule, "waiting": waiting, "shown": JOBS_SHOWN},
    )


def _row(job):
    duration = job.finished_at - job.started_at if job.finished_at and job.started_at else None
    error = ""
    if job.status == "FAILED":
        lines = [line for line in job.traceback.strip().splitlines() if line.strip()]
        error = lines[-1] if lines else job.exception_class_path
    return {
        "job": job,
        "name": job.task_path,
        "arguments": ", ".join(repr(arg) for arg in job.args_kwargs.get("args", [])),
        "state": STATE_LABELS.get(job.status, job.status),
        "duration": round(duration.total_seconds(), 1) if duration else None,
        "error": error,
    }
