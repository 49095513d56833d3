"""The WCAG 2.2 checks of tests/browser/wcag22.py find problems where there are some, so their
silence on the site's pages means something."""

import pytest

from tests.browser import wcag22

pytestmark = pytest.mark.browser

FAULTY = """<html lang="en"><body style="margin:0">
<div style="width:600px">a fixed width wider than the viewport</div>
<p style="height:20px;overflow:hidden;width:200px">a paragraph whose box cannot grow when the text spacing does</p>
<a href="#x" style="outline:none">no focus indicator</a>
<header style="position:fixed;top:0;left:0;right:0;height:120px;background:#fff">sticky</header>
<button style="position:relative;top:-10px">covered</button>
<style>a:focus, button:focus { outline: none; } body { padding-top: 0 }</style>
</body></html>"""


def test_the_checks_report_overflow_clipping_and_invisible_or_covered_focus(new_page):
    page = new_page(width=wcag22.REFLOW_WIDTH, height=400)
    page.set_content(FAULTY)

    assert any("document is" in problem for problem in wcag22.horizontal_overflow(page))
    assert any(problem.startswith("p.") for problem in wcag22.text_spacing_clipping(page))
    focus = wcag22.focus_indicator_problems(page)
    assert any("no focus indicator" in problem and "looks the same" in problem for problem in focus["problems"])
    assert any("covered by header" in problem for problem in focus["problems"])
