"""Pagination of the site's lists."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told the number of objects, which it would otherwise count with a query
    (lists keep their counts per site or catalogue version: ``pagecache.site_version``)."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def page_number(requested, count, per_page):
    """The number of the page ``Paginator.get_page(requested)`` gives in a list of ``count``
    items (the first for what is not a number, the last past the end), without the list: what a
    listing's cached fragment is keyed by (``pagecache.site_version.fragment``)."""
    return Paginator(range(count), per_page).get_page(requested).number
