"""Wagtail's own search (admin, API ``?search=``) on the search node, whichever product it is.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.wagtail_backend"``: the product is
read from ``PRODUCT`` (``ELASTICSEARCH_PRODUCT``) when the operator names it, otherwise asked of
the node once per process, and the matching modelsearch backend is used — OpenSearch 2/3 through
opensearch-py, Elasticsearch 8/9 through elasticsearch-py (which refuses other products).
"""

from django.utils.module_loading import import_string

from .node import configured_product


def SearchBackend(params):  # noqa: N802 - modelsearch looks up this name in the backend module
    params = dict(params)
    product = configured_product(params)
    params.pop("PRODUCT", None)
    backend = import_string(f"{product.backend}.SearchBackend")(params)
    backend.node_product = product
    return backend
