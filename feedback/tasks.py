"""Background jobs of the feedback app (run by the scheduler, jobs.schedule)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def purge_page_feedback():
    """``purge_page_feedback``: answers older than FEEDBACK_RETENTION_DAYS."""
    output = io.StringIO()
    call_command("purge_page_feedback", stdout=output)
    return output.getvalue()
