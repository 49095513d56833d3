"""Background jobs of the site's pages (django-tasks; run by the worker, ``manage.py db_worker``)."""

from django_tasks import task

from .renditions import make_renditions


@task()
def make_page_renditions(page_ids):
    """The renditions the images of these pages need (bgro.renditions); returns (images, made)."""
    return make_renditions(pages=page_ids)
