"""Background jobs of the site search (enqueued by jobs.schedule and after catalogue imports)."""

import io

from django.core.management import call_command
from django_tasks import task

from .lexicon import rebuild_lexicon


@task()
def rebuild_search_lexicon():
    """Relearn the word translations of the lexicon from the translation memory; returns how many."""
    return rebuild_lexicon()


@task()
def update_search_index():
    """``update_index``: Wagtail's index, the site search's index and the lexicon, rebuilt."""
    output = io.StringIO()
    call_command("update_index", stdout=output, stderr=output)
    return output.getvalue()[-2000:]


@task()
def sync_search_node():
    """The node's backlog (edits made while it was down); nothing to do without a node.
    Returns [groups sent, groups still waiting]."""
    from .engine import search_engine
    from .node import NodeSearchEngine, sync_backlog

    if not isinstance(search_engine(), NodeSearchEngine):
        return [0, 0]
    return list(sync_backlog())
