"""The front cache's purge (wagtail.contrib.frontend_cache), as a background job: the requests
it sends to nginx come back to the site to fetch the fresh pages, which must not tie up the web
worker that published (with two workers, two editors publishing would wait for each other)."""

import logging

from django.conf import settings
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

logger = logging.getLogger(__name__)


@task()
def purge_front_cache(urls, whole_site=False):
    """Purge ``urls`` from the configured front caches. Beyond FRONTEND_CACHE_PURGE_MAX_URLS (a
    catalogue import) or for a site-wide change, nothing is sent: the front cache's entries
    expire after PAGE_CACHE_SHARED_MAX_AGE seconds. Returns the number of URLs purged."""
    if whole_site or len(urls) > settings.FRONTEND_CACHE_PURGE_MAX_URLS:
        logger.info("Front cache left to expire (%d URLs, whole site: %s)", len(urls), whole_site)
        return 0
    purge_urls_from_cache(urls)
    return len(urls)
