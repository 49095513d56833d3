"""The one place where settings read the environment.

Every variable the platform understands is read through :func:`env` and listed in
the README's settings table and in ``.env.example``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


def env(name, default=_MISSING, cast=str):
    """Return the environment variable ``name`` converted by ``cast``.

    Without a default, a missing variable stops start-up with a message that names it.
    """
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _MISSING:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required in this configuration "
                "(see the settings table in README.md)."
            )
        return default
    try:
        return cast(raw)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"The environment variable {name} is invalid: {error}") from error


def as_bool(raw):
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true/false, got {raw!r}")


def as_list(raw):
    return [item.strip() for item in raw.split(",") if item.strip()]
