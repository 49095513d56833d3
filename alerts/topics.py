"""The registry of alert topics: what a visitor can subscribe to, and which pages concern it.

A topic is a kind (``institution-news``) and a value (an institution's catalogue id). Each kind
says which values the subscription form lists and which topics a newly published page concerns;
the alerts app knows nothing else about pages. Another app adds its own kind from its
``AppConfig.ready``::

    from alerts.topics import TopicKind, register
    register(TopicKind(key="new-consultations", label=_("New public consultations"),
                       choices=lambda language: [("", _("All consultations"))],
                       topics_for_page=lambda page, first_publication: [""] if first_publication
                       and isinstance(page, ConsultationPage) else [],
                       value_label=lambda value, language: _("All consultations")))
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class TopicKind:
    key: str
    label: str  # shown as the group's heading on the form and in the messages
    # (value, label) pairs the subscription form lists in ``language``; None: offered only from
    # a page's own link (a service: the catalogue has thousands).
    choices: Callable[[str], list[tuple[str, str]]] | None
    # The values of this kind that ``page`` (specific) concerns, just published;
    # ``first_publication`` is true for the first language version ever published.
    topics_for_page: Callable[[object, bool], Iterable[str]]
    # The value's label in ``language`` (the manage page, the form from a page link); None: unknown.
    value_label: Callable[[str, str], str | None]
    # The values a page's "Get e-mail alerts" link preselects (a service: its own changes).
    offered_on: Callable[[object], Iterable[str]] = lambda page: ()


_kinds = {}


def register(kind):
    if kind.key in _kinds and _kinds[kind.key] != kind:
        raise ImproperlyConfigured(f"Two alert topic kinds are called {kind.key!r}.")
    _kinds[kind.key] = kind


def registered_kinds():
    return list(_kinds.values())


def get_kind(key):
    return _kinds.get(key)


def topics_offered_on(page):
    """["kind:value"] that a page's "Get e-mail alerts" link preselects."""
    return [f"{kind.key}:{value}" for kind in _kinds.values() for value in kind.offered_on(page)]


def topics_for_page(page, first_publication):
    """[(kind key, value)] that a just-published page concerns, across every kind."""
    return [
        (kind.key, str(value))
        for kind in _kinds.values()
        for value in kind.topics_for_page(page, first_publication)
    ]
