"""Pagination of the site's lists."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told the number of objects, which it would otherwise count with a query
    (lists keep their counts per site or catalogue version: ``pagecache.site_version``)."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property
