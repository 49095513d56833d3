"""The consultation rules of Bulgaria and Romania at their edges (no database)."""

from datetime import date, timedelta

import pytest

from consultations import law

pytestmark = pytest.mark.smoke


def fields(problems):
    return [field for field, _message in problems]


# --- Bulgaria: 30 days; 14 with a written reason ----------------------------------------------


def test_bulgaria_thirty_days_pass_and_twenty_nine_need_a_reason():
    opening = date(2026, 3, 1)
    assert law.problems_for("BG", opening, opening + timedelta(days=30)) == []
    assert fields(law.problems_for("BG", opening, opening + timedelta(days=29))) == ["shortened_reason"]


def test_bulgaria_fourteen_days_with_a_reason_pass_thirteen_never():
    opening = date(2026, 3, 1)
    assert law.problems_for("BG", opening, opening + timedelta(days=14), shortened_reason="Спешна промяна") == []
    assert fields(law.problems_for("BG", opening, opening + timedelta(days=14), shortened_reason="  ")) == [
        "shortened_reason"
    ]
    [(field, message)] = law.problems_for("BG", opening, opening + timedelta(days=13), shortened_reason="Спешно")
    assert field == "closing_date" and "13" in str(message)


def test_a_closing_date_before_the_opening_date_is_refused():
    assert fields(law.problems_for("BG", date(2026, 3, 10), date(2026, 3, 9))) == ["closing_date"]
    assert fields(law.problems_for("RO", date(2026, 3, 10), date(2026, 3, 9), date(2026, 6, 1))) == ["closing_date"]


# --- Romania: 30 working days before adoption, 10 calendar days of proposals -----------------------


def test_working_days_skip_weekends_and_public_holidays():
    # 2026: 1 and 2 January (Thursday, Friday), 6 and 7 January (Tuesday, Wednesday) are holidays.
    assert law.romanian_working_days_between(date(2025, 12, 31), date(2026, 1, 9)) == 2  # Monday 5 and Thursday 8
    # Orthodox Easter 2026 is 12 April: Good Friday 10 April and Easter Monday 13 April are off.
    assert law.romanian_working_days_between(date(2026, 4, 9), date(2026, 4, 15)) == 1  # only Tuesday 14 April


def test_romania_thirty_working_days_before_adoption_pass_twenty_nine_do_not():
    opening = date(2026, 2, 2)  # a Monday; no holiday until Good Friday, 10 April
    closing = opening + timedelta(days=10)
    # Working days strictly between: Tuesday 3 February ... ; 30 of them end on Monday 16 March.
    adoption = date(2026, 3, 17)
    assert law.romanian_working_days_between(opening, adoption) == 30
    assert law.problems_for("RO", opening, closing, adoption) == []
    [(field, message)] = law.problems_for("RO", opening, closing, adoption - timedelta(days=1))
    assert field == "adoption_date" and "29" in str(message)


def test_romania_holidays_push_the_adoption_date_later():
    # Announced on Wednesday 1 April 2026: Good Friday, Easter Monday, 1 May, 1 June (Monday) and
    # Whit Monday (1 June as well) fall in between, so 30 working days need more calendar days.
    opening = date(2026, 4, 1)
    weekdays_only = sum(1 for n in range(1, 47) if (opening + timedelta(days=n)).weekday() < 5)
    assert weekdays_only == 32  # by weekdays alone 18 May would do ...
    assert law.romanian_working_days_between(opening, date(2026, 5, 18)) == 29  # ... the holidays say no


def test_romania_ten_calendar_days_of_proposals():
    opening = date(2026, 2, 2)
    assert law.problems_for("RO", opening, opening + timedelta(days=10), date(2026, 4, 1)) == []
    assert fields(law.problems_for("RO", opening, opening + timedelta(days=9), date(2026, 4, 1))) == ["closing_date"]


def test_romania_needs_an_adoption_date_after_the_closing_date():
    opening = date(2026, 2, 2)
    assert fields(law.problems_for("RO", opening, date(2026, 3, 1), None)) == ["adoption_date"]
    assert "adoption_date" in fields(law.problems_for("RO", opening, date(2026, 5, 1), date(2026, 4, 1)))


def test_a_year_missing_from_the_holiday_list_is_said_not_guessed():
    [(field, message)] = law.problems_for("RO", date(2030, 12, 1), date(2030, 12, 20), date(2031, 2, 1))
    assert field == "adoption_date" and "2031" in str(message)


def test_the_holiday_list_names_its_source_and_has_seventeen_days_a_year():
    holidays = law.romanian_public_holidays()
    # Seventeen days, sixteen dates when Whit Monday is 1 June (Children's Day), as in 2026.
    assert {year: len(days) for year, days in holidays.items() if len(days) != 17} == {2026: 16}
    assert date(2027, 5, 3) in holidays[2027]  # Easter Monday 2027 (Orthodox Easter: 2 May)
    assert "Codul muncii" in law.HOLIDAYS_FILE.read_text(encoding="utf-8")
