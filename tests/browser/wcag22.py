"""The WCAG 2.2 AA success criteria that axe-core's rules do not decide, measured in the page
itself (chromium): reflow at 320 CSS px (1.4.10), the text-spacing override (1.4.12), a visible
focus indicator that nothing covers (2.4.7, 2.4.11) and usable 200 % zoom (1.4.4). Target size
(2.5.8) is axe-core's ``target-size`` rule, run with the ``wcag22aa`` tag.

Each function returns a list of problems, empty when the page passes."""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
REFLOW_WIDTH = 320  # 1.4.10: 1280 CSS px at 400 % zoom
ZOOM_200_WIDTH = 640  # 1.4.4: 1280 CSS px at 200 % zoom

# Elements wider than the viewport, or a document that scrolls sideways. Tables and code may
# scroll inside their own box (1.4.10 allows two-dimensional content to), the page may not.
HORIZONTAL_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width + 1) {
        problems.push(`the document is ${document.documentElement.scrollWidth} px wide in a ${width} px viewport`);
    }
    for (const element of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(element);
        if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue;
        if (element.closest('table, pre, .table-scroll, [aria-hidden="true"], .visually-hidden, .honeypot')) continue;
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.right > width + 1 || box.left < -1) {
            if (element.closest('.skip-link')) continue;  // off screen until focused, by design
            problems.push(`${element.tagName.toLowerCase()}.${element.className} reaches ${Math.round(box.left)}…${Math.round(box.right)} px`);
        }
        if (problems.length > 5) break;
    }
    return problems;
}"""

# 1.4.12's override: line height 1.5, paragraph spacing 2 em, letter spacing 0.12 em, word
# spacing 0.16 em. Then no text may be cut off: a box that hides its overflow must still hold
# its content. A constructed style sheet, not a <style> element: the pages' Content-Security-Policy
# refuses inline style, as it would a bookmarklet's.
TEXT_SPACING = """() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
        word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const problems = [];
    for (const element of document.body.querySelectorAll('*')) {
        const computed = getComputedStyle(element);
        if (computed.display === 'none' || computed.visibility === 'hidden') continue;
        if (element.closest('.visually-hidden, .honeypot, .skip-link, [aria-hidden="true"]')) continue;
        if (!element.textContent.trim()) continue;
        const clipsX = ['hidden', 'clip'].includes(computed.overflowX);
        const clipsY = ['hidden', 'clip'].includes(computed.overflowY);
        if (clipsY && element.scrollHeight > element.clientHeight + 1 && computed.textOverflow !== 'ellipsis') {
            problems.push(`${element.tagName.toLowerCase()}.${element.className}: ${element.scrollHeight} px of text in ${element.clientHeight} px`);
        }
        if (clipsX && element.scrollWidth > element.clientWidth + 1 && computed.textOverflow !== 'ellipsis') {
            problems.push(`${element.tagName.toLowerCase()}.${element.className}: ${element.scrollWidth} px wide text in ${element.clientWidth} px`);
        }
        if (problems.length > 5) break;
    }
    if (getComputedStyle(document.body).letterSpacing === 'normal') problems.push('the override did not apply');
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter(adopted => adopted !== sheet);
    return problems;
}"""

# Every element in the tab order, focused in turn: its look must change (outline, box shadow,
# border, background or text decoration), and the centre of it must be the topmost element
# there (no sticky header or banner covering it: 2.4.11).
FOCUS_INDICATORS = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const look = element => {
        const style = getComputedStyle(element);
        const before = getComputedStyle(element, '::before'), after = getComputedStyle(element, '::after');
        return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow, style.borderColor,
                style.backgroundColor, style.color, style.textDecorationLine, style.textDecorationThickness,
                before.boxShadow, before.outlineStyle, after.boxShadow, after.outlineStyle].join('|');
    };
    const problems = [];
    let checked = 0;
    for (const element of document.querySelectorAll(selector)) {
        if (element.tabIndex < 0 || element.disabled || element.closest('[aria-hidden="true"], .honeypot, [inert]')) continue;
        const style = getComputedStyle(element);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (!element.getClientRects().length) continue;
        if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
        const unfocused = look(element);
        element.focus({focusVisible: true});
        if (document.activeElement !== element) continue;
        checked += 1;
        const focused = look(element);
        const name = `${element.tagName.toLowerCase()}.${element.className} "${(element.innerText || element.value || element.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
        if (focused === unfocused) problems.push(`${name}: looks the same with focus`);
        const box = element.getBoundingClientRect();
        const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
        const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
        const top = document.elementFromPoint(x, y);
        if (top && !element.contains(top) && !top.contains(element) && !(element.labels && [...element.labels].some(label => label.contains(top)))) {
            problems.push(`${name}: covered by ${top.tagName.toLowerCase()}.${top.className} when focused`);
        }
    }
    if (document.activeElement) document.activeElement.blur();
    return {checked, problems};
}"""


def horizontal_overflow(page):
    return page.evaluate(HORIZONTAL_OVERFLOW)


def text_spacing_clipping(page):
    return page.evaluate(TEXT_SPACING)


def focus_indicator_problems(page):
    """Keyboard focus (``:focus-visible``) is what shows the indicator: Playwright's focus() from
    the page is not a keyboard focus, so the page first gets one real Tab press."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_INDICATORS)
