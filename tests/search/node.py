"""The real search node for tests: its URL, and settings that put a test's indexes on it.

``make test`` starts a single-node OpenSearch (bin/engine) and exports ``SEARCH_NODE_URL``.
Without a node the node tests are skipped with the reason, or fail when ``CI`` is set: a CI
run that silently skipped them would claim what it never checked.
"""

import os
import uuid

import pytest

from search.node import detect_product, node_overrides

NODE_URL = os.environ.get("SEARCH_NODE_URL", "http://127.0.0.1:9200")


def require_node():
    product = detect_product(NODE_URL)
    if product is None:
        detect_product.cache_clear()
        message = f"no search node answers at {NODE_URL} (start one with `make engine`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return product


def node_settings(prefix=None, url=NODE_URL):
    """Settings that run Wagtail's and the platform's search on the node, under a fresh prefix."""
    return node_overrides(url, prefix or f"bgro_test_{uuid.uuid4().hex[:10]}")


def drop_indexes(client, prefix):
    """Every index of a test's prefix (the alias targets and Wagtail's)."""
    client.drop_prefixed(prefix)
