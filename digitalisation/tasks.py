from django_tasks import task

from .snapshots import record_snapshot


@task()
def record_indicator_snapshot():
    """The periodic job ``digitalisation-snapshot`` (jobs.schedule): today's indicators."""
    return record_snapshot()
