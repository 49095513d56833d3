import pytest

from search.query import MAX_QUERY_LENGTH, clean_query

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  удостоверение   Русе ", "удостоверение Русе"),
        ('"certificat de naștere"', "certificat de naștere"),
        ("a\x00b\tc\u200bd", "a b c d"),
        ("title:* AND (x OR y)", "title AND x OR y"),
        ("E-GoverNet_2019", "E GoverNet 2019"),
        ("';--", ""),
    ],
)
def test_clean_query_keeps_words_only(raw, cleaned):
    assert clean_query(raw) == cleaned


def test_clean_query_is_bounded():
    assert len(clean_query("слово " * 1000)) <= MAX_QUERY_LENGTH
