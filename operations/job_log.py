"""One log line per background job (django-tasks' signals): task, state, duration, attempt.

The job's arguments are never logged: they may hold personal data (an e-mail address to notify).
"""

import logging

logger = logging.getLogger("bgro.jobs")


def log_job_finished(sender, task_result, **kwargs):
    started, finished = task_result.started_at, task_result.finished_at
    duration_ms = round((finished - started).total_seconds() * 1000, 1) if started and finished else None
    state = str(getattr(task_result.status, "value", task_result.status))
    task = task_result.task.module_path
    level = logging.ERROR if state == "FAILED" else logging.INFO
    logger.log(
        level,
        "job %s %s %s ms",
        task,
        state,
        duration_ms,
        extra={
            "job_id": str(task_result.id),
            "task": task,
            "state": state,
            "duration_ms": duration_ms,
            "backend": task_result.backend,
        },
    )


def connect():
    """Listen to django-tasks' signals when it is installed (Wagtail brings it)."""
    try:
        from django_tasks.signals import task_finished
    except ImportError:  # pragma: no cover - django-tasks comes with Wagtail
        return
    task_finished.connect(log_job_finished, dispatch_uid="bgro.operations.job_log")
