"""The periodic jobs: run_schedule enqueues what is due (once), the real worker runs them, and
administrators see them under Reports → Background jobs."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.schedule import PERIODIC_JOBS, enqueue_due
from tests.committed import committed_then_restored
from tests.jobs.worker import DATABASE_QUEUE, run_worker_until_the_queue_is_empty


def run_schedule(*args):
    output = io.StringIO()
    call_command("run_schedule", *args, stdout=output)
    return output.getvalue()


def test_run_schedule_enqueues_each_due_job_once_and_the_worker_runs_them(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), committed_then_restored(), override_settings(TASKS=DATABASE_QUEUE):
        assert run_schedule("--list").count("last never") == len(PERIODIC_JOBS)

        output = run_schedule("--once")

        assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted(
            job.task_path for job in PERIODIC_JOBS
        )
        assert all(job.name in output for job in PERIODIC_JOBS)
        # Nothing is due again straight away, even from a second scheduler.
        assert run_schedule("--once") == ""
        assert DBTaskResult.objects.count() == len(PERIODIC_JOBS)

        run_worker_until_the_queue_is_empty()

        failed = {job.task_path: job.traceback for job in DBTaskResult.objects.exclude(status="SUCCESSFUL")}
        assert failed == {}
        # Two minutes later only the jobs due every minute are enqueued again.
        again = enqueue_due(timezone.now() + timedelta(minutes=2))
        assert sorted(job.name for job, _result in again) == ["publish-scheduled-pages", "search-node-sync"]
        listing = run_schedule("--list")
        assert "last never" not in listing

        client = Client()
        client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))
        response = client.get(reverse("background_jobs"))
        assert response.status_code == 200
        assert len(response.context["rows"]) == len(PERIODIC_JOBS) + 2
        assert b"search.tasks.update_search_index" in response.content
        response = client.get(reverse("background_jobs"), {"state": "READY"})
        assert {row["job"].status for row in response.context["rows"]} == {"READY"}


def test_background_jobs_are_for_administrators_only(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    group = Group.objects.create(name="Jobs test editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)

    response = client.get(reverse("background_jobs"))

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    group.permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    assert client.get(reverse("background_jobs")).status_code == 200


def test_a_bad_state_filter_lists_every_job(admin_client):
    response = admin_client.get(reverse("background_jobs"), {"state": "nonsense"})
    assert response.status_code == 200 and response.context["form"].errors
