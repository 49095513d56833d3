"""What the search backends receive: words, nothing they could read as syntax.

The database backends hand the query to SQLite FTS5 or PostgreSQL full-text search, whose
query languages give quotes, operators and control characters a meaning (and PostgreSQL
refuses NUL outright); visitors mean none of that.
"""

import re
import unicodedata

MAX_QUERY_LENGTH = 200
_NOT_A_WORD_CHARACTER = re.compile(r"[^\w\s]+|_")


def clean_query(raw):
    """The words of ``raw`` separated by single spaces, at most MAX_QUERY_LENGTH characters."""
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in raw)
    text = _NOT_A_WORD_CHARACTER.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()
