"""The consultation rules of each country, checked before a consultation is published.

Bulgaria — Закон за нормативните актове, чл. 26, ал. 4: proposals are collected for at least
30 days; in exceptional cases, with the reason stated (and published), for at least 14 days.

Romania — Legea nr. 52/2003 privind transparența decizională, art. 7: the draft is announced
at least 30 working days before it is submitted for adoption, and proposals are collected for
at least 10 calendar days from the announcement. Working days exclude Saturdays, Sundays and
the public holidays of the Labour Code (``data/romanian_public_holidays.json``, with its source).

Durations are counted the cautious way: between the opening date and the closing date in
calendar days (a consultation open from 1 to 31 March lasts 30 days); the working days before
adoption are the full working days strictly between the announcement and the adoption date
("zile libere": neither end counts).

Each check returns a list of problems (field name or None, message); empty when the dates obey.
"""

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "romanian_public_holidays.json"

BULGARIA_MINIMUM_DAYS = 30
BULGARIA_SHORTENED_MINIMUM_DAYS = 14
ROMANIA_MINIMUM_WORKING_DAYS_BEFORE_ADOPTION = 30
ROMANIA_MINIMUM_DAYS_FOR_PROPOSALS = 10


class HolidaysNotKnown(Exception):
    """The holiday list does not cover a year the count needs."""

    def __init__(self, year):
        super().__init__(year)
        self.year = year


@cache
def romanian_public_holidays():
    """{year: frozenset of dates} from the shipped list."""
    data = json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))
    return {
        int(year): frozenset(date.fromisoformat(day["date"]) for day in days) for year, days in data["years"].items()
    }


def is_romanian_working_day(day):
    holidays = romanian_public_holidays()
    if day.year not in holidays:
        raise HolidaysNotKnown(day.year)
    return day.weekday() < 5 and day not in holidays[day.year]


def romanian_working_days_between(start, end):
    """Working days strictly after ``start`` and strictly before ``end``."""
    count = 0
    day = start + timedelta(days=1)
    while day < end:
        if is_romanian_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def calendar_days(opening_date, closing_date):
    return (closing_date - opening_date).days


def bulgarian_problems(opening_date, closing_date, shortened_reason):
    days = calendar_days(opening_date, closing_date)
    if days >= BULGARIA_MINIMUM_DAYS:
        return []
    if days < BULGARIA_SHORTENED_MINIMUM_DAYS:
        return [(
            "closing_date",
            _("Under Bulgarian law (Law on Normative Acts, art. 26(4)) a consultation lasts at least "
              "%(minimum)d days, never less than %(shortest)d; this one lasts %(days)d.")
            % {"minimum": BULGARIA_MINIMUM_DAYS, "shortest": BULGARIA_SHORTENED_MINIMUM_DAYS, "days": days},
        )]
    if not (shortened_reason or "").strip():
        return [(
            "shortened_reason",
            _("This consultation lasts %(days)d days, less than %(minimum)d: Bulgarian law allows that only "
              "in exceptional cases, with the reason written here (it is shown to the public).")
            % {"days": days, "minimum": BULGARIA_MINIMUM_DAYS},
        )]
    return []


def romanian_problems(opening_date, closing_date, adoption_date):
    problems = []
    days = calendar_days(opening_date, closing_date)
    if days < ROMANIA_MINIMUM_DAYS_FOR_PROPOSALS:
        problems.append((
            "closing_date",
            _("Under Romanian law (Law 52/2003, art. 7) proposals are collected for at least %(minimum)d "
              "calendar days; this consultation collects them for %(days)d.")
            % {"minimum": ROMANIA_MINIMUM_DAYS_FOR_PROPOSALS, "days": days},
        ))
    if adoption_date is None:
        problems.append((
            "adoption_date",
            _("Romanian law counts from the planned adoption date: give it (the draft is announced at least "
              "%(minimum)d working days before).") % {"minimum": ROMANIA_MINIMUM_WORKING_DAYS_BEFORE_ADOPTION},
        ))
        return problems
    if adoption_date < closing_date:
        problems.append(("adoption_date", _("The draft cannot be adopted before the consultation closes.")))
    try:
        working_days = romanian_working_days_between(opening_date, adoption_date)
    except HolidaysNotKnown as unknown:
        problems.append((
            "adoption_date",
            _("The list of Romanian public holidays does not cover %(year)d yet, so the working days cannot be "
              "counted; ask the site's operators to add the year.") % {"year": unknown.year},
        ))
        return problems
    if working_days < ROMANIA_MINIMUM_WORKING_DAYS_BEFORE_ADOPTION:
        problems.append((
            "adoption_date",
            _("Under Romanian law (Law 52/2003, art. 7) the draft is announced at least %(minimum)d working days "
              "before adoption; between the opening date and this adoption date there are %(days)d.")
            % {"minimum": ROMANIA_MINIMUM_WORKING_DAYS_BEFORE_ADOPTION, "days": working_days},
        ))
    return problems


def problems_for(country, opening_date, closing_date, adoption_date=None, shortened_reason=""):
    """Every problem with these dates under the law of ``country`` ("BG" or "RO")."""
    if opening_date is None or closing_date is None:
        return []  # the fields' own "required" messages say it
    if closing_date < opening_date:
        return [("closing_date", _("The closing date is before the opening date."))]
    if country == "BG":
        return bulgarian_problems(opening_date, closing_date, shortened_reason)
    if country == "RO":
        return romanian_problems(opening_date, closing_date, adoption_date)
    return []
