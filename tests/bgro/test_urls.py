"""Every public URL carries its language; "/" sends visitors to theirs."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        (None, "/bg/"),
        ("ro-RO,ro;q=0.9", "/ro/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("bg-BG,bg;q=0.9,en;q=0.8", "/bg/"),
        ("de-DE,de;q=0.9", "/bg/"),
        ("de-DE,de;q=0.9,ro;q=0.5", "/ro/"),
    ],
)
def test_root_redirects_to_the_visitors_language(client, site, accept_language, expected):
    headers = {"accept-language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_unknown_language_prefix_is_not_found(client, site):
    response = client.get("/de/", follow=True)

    assert response.redirect_chain == [("/bg/de/", 302)]
    assert response.status_code == 404
