"""The LOGGING setting: JSON lines (production) or plain text, on standard error.

Read by the settings (``LOG_FORMAT``, ``LOG_LEVEL``); kept here so the settings files hold one line.
"""

import logging

from bgro.personal_data import redact

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
JSON_FIELDS = "%(levelname)s %(name)s %(message)s"  # and "time": ISO 8601 in UTC
LOG_FORMATS = ("json", "text")


class PersonalDataFilter(logging.Filter):
    """Takes what may identify a visitor out of every record before it is written.

    Django's ``django.request`` records carry the request (its representation holds the query
    string): it is dropped. Messages are formatted and passed through bgro.personal_data.redact,
    so an e-mail address or an IP address never reaches the log (long numbers are left: dates and
    timings would be taken for them; the request log redacts them in paths itself).
    """

    def filter(self, record):
        if hasattr(record, "request"):
            del record.request
        message = record.getMessage()
        redacted = redact(message, numbers=False)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def log_format(raw):
    """The LOG_FORMAT variable, checked (settings read it with bgro.settings.env)."""
    value = raw.strip().lower()
    if value not in LOG_FORMATS:
        raise ValueError(f"expected one of {', '.join(LOG_FORMATS)}, got {raw!r}")
    return value


def logging_settings(output_format="text", level="WARNING"):
    output_format = log_format(output_format)
    formatters = {
        "text": {"format": TEXT_FORMAT},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "timestamp": "time",
            "rename_fields": {"levelname": "level", "name": "logger"},
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personal_data": {"()": "operations.log_settings.PersonalDataFilter"}},
        "formatters": {output_format: formatters[output_format]},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": output_format, "filters": ["personal_data"]}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # django_tasks logs every background task (two lines per page save) at INFO; bgro.jobs
            # writes one line per finished job instead.
            "django_tasks": {"level": "WARNING"},
            # Python's warnings (Django routes them to this logger) in the same format as the rest,
            # not through Django's default handler.
            "py.warnings": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
    }
