"""Jobs that belong to no domain app: Wagtail's scheduled publishing, pruning the job records."""

import io

from django.core.management import call_command
from django_tasks import task

JOB_RESULTS_KEPT_DAYS = 30


@task()
def publish_scheduled_pages():
    """Wagtail's ``publish_scheduled``: go-live and expiry times of pages and snippets."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()[-2000:]


@task()
def prune_job_results():
    """Finished job records older than JOB_RESULTS_KEPT_DAYS (django-tasks-db's command)."""
    call_command("prune_db_task_results", f"--min-age-days={JOB_RESULTS_KEPT_DAYS}", "--queue-name=*", verbosity=0)
