"""Personal data that visitors may type where the site keeps or logs text, and its removal.

Visitors sometimes type their e-mail address, phone number or personal identification number
(Bulgarian ЕГН: 10 digits, Romanian CNP: 13 digits) into a search box. The anonymous search log
and the logs keep such text only with these replaced by a placeholder.
"""

import re

EMAIL = re.compile(r"[^\s@/?&=]+@[^\s@/?&=]+\.[^\s@/?&=]+")
# Seven digits or more, possibly grouped by spaces, dots, dashes or slashes, with an optional +:
# phone numbers, ЕГН, CNP, IBAN digits. Years and house numbers (up to six digits) stay.
LONG_NUMBER = re.compile(r"\+?\d(?:[\s./-]?\d){6,}")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")

EMAIL_PLACEHOLDER = "[e-mail]"
NUMBER_PLACEHOLDER = "[number]"
ADDRESS_PLACEHOLDER = "[address]"


def redact(text, numbers=True):
    """``text`` with e-mail addresses, IP addresses and (unless ``numbers`` is false: log messages,
    where dates and timings look like long numbers) long numbers replaced by placeholders."""
    text = EMAIL.sub(EMAIL_PLACEHOLDER, text)
    text = IPV4.sub(ADDRESS_PLACEHOLDER, text)
    return LONG_NUMBER.sub(NUMBER_PLACEHOLDER, text) if numbers else text
