"""The periodic jobs and the scheduler that enqueues them (``manage.py run_schedule``).

A periodic job names a django-tasks task by its dotted path — the jobs live beside their
domain (``catalogue/tasks.py``, ``search/tasks.py``); naming them keeps this app free of
imports from the domains — and how often it is due. The scheduler only enqueues: the worker
(``manage.py db_worker``) runs the job, and the admin's Reports → Background jobs shows it.

When each job was last enqueued is kept in the database (``PeriodicJobRun``), so a restarted
scheduler, or ``run_schedule --once`` from cron, enqueues only what is due. Two schedulers at
once do not enqueue a job twice: the job's row is locked while it is enqueued.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import PeriodicJobRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task_path: str
    every: timedelta
    description: str

    @cached_property
    def task(self):
        return import_string(self.task_path)

    @property
    def every_label(self):
        """"every 6 hours", in the admin's language."""
        seconds = int(self.every.total_seconds())
        if seconds % 86400 == 0:
            days = seconds // 86400
            return ngettext("every %(count)d day", "every %(count)d days", days) % {"count": days}
        if seconds % 3600 == 0:
            hours = seconds // 3600
            return ngettext("every %(count)d hour", "every %(count)d hours", hours) % {"count": hours}
        minutes = max(seconds // 60, 1)
        return ngettext("every %(count)d minute", "every %(count)d minutes", minutes) % {"count": minutes}


PERIODIC_JOBS = (
    PeriodicJob(
        "publish-scheduled-pages",
        "jobs.tasks.publish_scheduled_pages",
        timedelta(minutes=1),
        _("Publishes pages whose go-live time has come and unpublishes expired ones (Wagtail's publish_scheduled)."),
    ),
    PeriodicJob(
        "search-node-sync",
        "search.tasks.sync_search_node",
        timedelta(minutes=1),
        _("Sends the search node the edits it missed while it was down (nothing to do without a node)."),
    ),
    PeriodicJob(
        "search-lexicon",
        "search.tasks.rebuild_search_lexicon",
        timedelta(hours=6),
        _("Relearns the search lexicon from the translation memory (also run after each catalogue import)."),
    ),
    PeriodicJob(
        "search-index",
        "search.tasks.update_search_index",
        timedelta(days=1),
        _("Rebuilds every search index and the lexicon (update_index)."),
    ),
    PeriodicJob(
        "prune-catalogue-uploads",
        "catalogue.tasks.prune_catalogue_uploads",
        timedelta(hours=1),
        _("Deletes uploaded catalogue files that were never confirmed (after a day) or were imported long ago."),
    ),
    PeriodicJob(
        "prune-job-results",
        "jobs.tasks.prune_job_results",
        timedelta(days=1),
        _("Deletes the records of finished background jobs older than 30 days."),
    ),
    PeriodicJob(
        "purge-login-records",
        "security.tasks.purge_login_records",
        timedelta(days=1),
        _("Deletes sign-in records (with their addresses) older than their retention period."),
    ),
    # --- Civic participation (issue 14): alerts and page feedback ---
    PeriodicJob(
        "send-alerts",
        "alerts.tasks.send_due_alerts",
        timedelta(hours=1),
        _("Sends the daily and weekly e-mail alerts that are due, in batches."),
    ),
    PeriodicJob(
        "purge-alert-subscriptions",
        "alerts.tasks.purge_unconfirmed_subscriptions",
        timedelta(days=1),
        _("Deletes e-mail alert subscriptions never confirmed, with their addresses."),
    ),
    PeriodicJob(
        "purge-page-feedback",
        "feedback.tasks.purge_page_feedback",
        timedelta(days=1),
        _("Deletes answers to “Was this page useful?” older than their retention period."),
    ),
    # --- Issues 14 and 15: consultation comments and network join requests never followed up ---
    PeriodicJob(
        "purge-unconfirmed-comments",
        "consultations.tasks.purge_unconfirmed_comments",
        timedelta(days=1),
        _("Deletes consultation comments whose author never confirmed the e-mail address, with the address."),
    ),
    PeriodicJob(
        "purge-network-requests",
        "network.tasks.purge_network_join_requests",
        timedelta(days=1),
        _("Deletes requests to join the network that were declined or left waiting past their retention period."),
    ),
    # --- Issue 15: the digitalisation map's history ---
    PeriodicJob(
        "digitalisation-snapshot",
        "digitalisation.tasks.record_indicator_snapshot",
        timedelta(days=1),
        _("Records the day's digitalisation indicators per country, district and county (record_indicators)."),
    ),
)


def get_job(name):
    for job in PERIODIC_JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


def last_runs():
    """Job name → PeriodicJobRun, for the jobs that ran at least once."""
    return {run.name: run for run in PeriodicJobRun.objects.filter(name__in=[job.name for job in PERIODIC_JOBS])}


def next_due(job, run):
    """When ``job`` is next due; None when it never ran (it is due at once)."""
    return None if run is None else run.last_enqueued_at + job.every


def enqueue_due(now=None):
    """Enqueue every job that is due; returns [(job, task result)] of those enqueued."""
    now = now or timezone.now()
    runs = last_runs()
    enqueued = []
    for job in PERIODIC_JOBS:
        due = next_due(job, runs.get(job.name))
        if due is None or due <= now:
            result = run_now(job.name, now=now, only_if_due=True)
            if result is not None:
                enqueued.append((job, result))
    return enqueued


def run_now(name, now=None, only_if_due=False):
    """Enqueue the job called ``name`` now (e.g. the lexicon after an import) and record it.
    With ``only_if_due``, another scheduler that enqueued it meanwhile wins: returns None."""
    job = get_job(name)
    now = now or timezone.now()
    with transaction.atomic():
        run = PeriodicJobRun.objects.select_for_update().filter(name=name).first()
        if only_if_due and run is not None and run.last_enqueued_at + job.every > now:
            return None
        result = job.task.enqueue()
        PeriodicJobRun.objects.update_or_create(
            name=name, defaults={"last_enqueued_at": now, "last_result_id": str(result.id)}
        )
    return result
