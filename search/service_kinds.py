"""Kinds of service in everyday words: synonym rings across Bulgarian, Romanian and English.

Each ring (``search/service_kinds.json``) gathers the words people use for one kind of service
or life situation — the legal term, the everyday word, the verbs as they are typed ("почина",
"a murit", "passed away") — in the three languages. A query that holds every key of one of a
ring's entries also looks for the ring's other entries (``search.engine``), so a service named
with the legal term at one institution is found by the everyday word, in any language.
"""

import json
from functools import lru_cache
from pathlib import Path

from .analysis import LANGUAGES, document_keys

RINGS_FILE = Path(__file__).resolve().parent / "service_kinds.json"


@lru_cache(maxsize=1)
def service_kind_terms(path=RINGS_FILE):
    """((key set of an entry, (key tuples of the ring's other entries)), …), read once per process."""
    rings = json.loads(Path(path).read_text(encoding="utf-8"))["rings"]
    terms = []
    for ring in rings:
        entries = []
        for language in LANGUAGES:
            for text in ring.get(language, ()):
                keys = tuple(dict.fromkeys(document_keys(text, language)))
                if keys and keys not in entries:
                    entries.append(keys)
        for keys in entries:
            terms.append((frozenset(keys), tuple(other for other in entries if other != keys)))
    return tuple(terms)


@lru_cache(maxsize=1)
def service_kind_terms_by_key():
    """{key: the ``service_kind_terms`` entries holding it}: a query looks up its own keys only."""
    found = {}
    for term in service_kind_terms():
        for key in term[0]:
            found.setdefault(key, []).append(term)
    return {key: tuple(terms) for key, terms in found.items()}
