"""Background jobs of the consultations app (enqueued by the scheduler, jobs.schedule)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def purge_unconfirmed_comments():
    """``purge_unconfirmed_comments``: comments never confirmed once their link has expired."""
    output = io.StringIO()
    call_command("purge_unconfirmed_comments", stdout=output)
    return output.getvalue()
