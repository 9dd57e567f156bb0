"""The concept map in Chromium, on the real category overview where the template embeds it: labels
fit their boxes in the fonts the browser really uses,
4.5:1 text contrast in both palettes, axe-clean, links with a visible focus, the list instead of
the map on a phone, and black on white in print."""

from __future__ import annotations

import pytest
from print_pages import ensure_print_css

from befund_browser import HEIGHT, format_violations, run_axe, set_scheme, tab_to

pytestmark = pytest.mark.browser



def with_map(page, site, lang: str, width: int = 1280):
    """The category overview, which shows the study's map and its text alternative."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(site.url(("" if lang == "de" else f"/{lang}") + "/categories/"))
    return page


# Text fill over box fill, both resolved by the browser; fills with alpha are blended over the box.
CONTRAST_JS = """() => {
    const rgba = s => { const m = s.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
    const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    return [...document.querySelectorAll('svg.befund-map a')].map(a => {
        const box = rgba(getComputedStyle(a.querySelector('rect')).fill);
        const ink = rgba(getComputedStyle(a.querySelector('text')).fill);
        const over = ink.slice(0, 3).map((v, i) => v * ink[3] + box[i] * (1 - ink[3]));
        const [l1, l2] = [lum(over), lum(box)].sort((x, y) => y - x);
        return {label: a.getAttribute('aria-label'), ratio: (l1 + 0.05) / (l2 + 0.05), box: box[3]};
    });
}"""

OVERFLOW_JS = """() => [...document.querySelectorAll('svg.befund-map a')].filter(a => {
    const r = a.querySelector('rect').getBBox(), t = a.querySelector('text').getBBox();
    return t.x < r.x || t.y < r.y || t.x + t.width > r.x + r.width || t.y + t.height > r.y + r.height;
}).map(a => a.getAttribute('aria-label'))"""


@pytest.mark.parametrize("lang", ["de", "en"])
def test_labels_fit_their_boxes_in_the_browsers_font(browser_page, site, lang: str) -> None:
    page = with_map(browser_page, site, lang)
    assert page.evaluate(OVERFLOW_JS) == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_map_text_contrast_and_axe_in_both_palettes(browser_page, site, axe_source: str, scheme: str) -> None:
    page = with_map(browser_page, site, "de")
    set_scheme(page, scheme)
    found = page.evaluate(CONTRAST_JS)
    assert len(found) == 17  # 2 main categories, 2 subcategories, 13 dimensions
    low = [f for f in found if f["ratio"] < 4.5 or f["box"] != 1]
    assert low == [], f"text below 4.5:1 (or a see-through box) in {scheme}: {low}"
    violations = run_axe(page, axe_source)
    assert violations == [], format_violations(violations)


def test_map_links_are_reached_by_keyboard_with_a_visible_focus(browser_page, site) -> None:
    page = with_map(browser_page, site, "en")
    page.focus("article h1")
    stops = tab_to(page, "svg.befund-map a")
    focus = stops[-1]
    assert focus["href"] == "grenzminimierungen/" and focus["visible"] and focus["indicator"], focus


def test_phone_shows_the_list_instead_of_the_map(browser_page, site) -> None:
    page = with_map(browser_page, site, "de", width=390)
    assert page.locator("svg.befund-map").is_hidden()
    assert page.locator(".befund-map-figure > ul a").first.is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways


def test_map_prints_black_on_white(browser_page, site) -> None:
    page = with_map(browser_page, site, "de", width=390)  # the phone rule does not hide it on paper
    ensure_print_css(page, site.url("/"))
    set_scheme(page, "slate")
    page.emulate_media(media="print")
    try:
        fills = page.evaluate("""() => {
            const a = document.querySelector('svg.befund-map .befund-map__node--main');
            const sub = document.querySelector('svg.befund-map .befund-map__node--category rect');
            return [getComputedStyle(a.querySelector('rect')).fill, getComputedStyle(a.querySelector('text')).fill,
                    getComputedStyle(sub).stroke, getComputedStyle(document.querySelector('svg.befund-map')).display];
        }""")
    finally:
        page.emulate_media(media="screen")
    assert fills == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(0, 0, 0)", "block"]
