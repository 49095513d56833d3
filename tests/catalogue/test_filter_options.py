"""The finder's <option> elements, rendered in Python (catalogue_tags.filter_options): the same
markup the template loop gave, escaped as Django's autoescape would."""

import pytest
from django.template import Context, Template

from catalogue.finder import FilterOption

pytestmark = pytest.mark.smoke


def render(options):
    return Template("{% load catalogue_tags %}{% filter_options options %}").render(Context({"options": options}))


def test_each_option_has_its_value_label_count_language_and_choice():
    html = render(
        [
            FilterOption("vidin-municipality", "Община Видин", 12, False),
            FilterOption("calarasi-city-hall", "Primăria Călărași", 3, True, lang="ro"),
        ]
    )

    assert html == (
        '<option value="vidin-municipality">Община Видин (12)</option>\n'
        '<option value="calarasi-city-hall" lang="ro" selected>Primăria Călărași (3)</option>'
    )


def test_names_and_values_are_escaped_as_autoescape_would():
    html = render([FilterOption('x"><script>', "<b>A & B</b> 'C'", 1, False)])

    assert "<script>" not in html and "<b>" not in html
    assert html == ('<option value="x&quot;&gt;&lt;script&gt;">&lt;b&gt;A &amp; B&lt;/b&gt; &#x27;C&#x27; (1)</option>')
    # The template engine's own escaping gives the same text.
    assert Template("{{ label }}").render(Context({"label": "<b>A & B</b> 'C'"})) in html
