"""Background jobs of the network app (enqueued by the scheduler, jobs.schedule)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def purge_network_join_requests():
    """``purge_network_requests``: join requests declined or left waiting past their retention."""
    output = io.StringIO()
    call_command("purge_network_requests", stdout=output)
    return output.getvalue()
