"""Background jobs of the security app (run by the scheduler, jobs.schedule)."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def purge_login_records():
    """``purge_login_records``: sign-in records past their retention (LOGIN_RECORDS_RETENTION_DAYS)."""
    output = io.StringIO()
    call_command("purge_login_records", stdout=output)
    return output.getvalue()
