"""Accessibility in Chromium: axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page type, language,
palette and screen width, plus what axe cannot see: headings, quote markup, declared languages and
visible keyboard focus."""

from __future__ import annotations

import pytest

from befund_browser import (
    DEFAULT_LANG,
    HEADINGS_JS,
    HEIGHT,
    LANGS,
    PAGE_IDS,
    PAGE_TYPES,
    PHONE_EXTRA_PAGES,
    SCHEMES,
    WIDTHS,
    axe_schemes,
    describe,
    format_violations,
    heading_problems,
    run_axe,
    set_scheme,
    tab_to,
)

pytestmark = pytest.mark.browser


def open_page(page, site, page_type, lang, width="desktop"):
    page.set_viewport_size({"width": WIDTHS[width], "height": HEIGHT})
    response = page.goto(site.url(page_type.url_path(lang)))
    expected = 404 if page_type.notfound and page_type.path != "/404.html" else 200
    assert response is not None and response.status == expected, \
        f"{page_type.url_path(lang)} answered {response and response.status}"
    page.wait_for_selector("h1")
    return page


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violations(browser_page, site, axe_source, lang, page_type, width):
    """Zero WCAG 2.x A/AA violations, in the palettes axe_schemes() names (switched with the
    visible toggle, as a reader does)."""
    page = open_page(browser_page, site, page_type, lang, width)
    failures = []
    for scheme in axe_schemes(width, page_type):
        set_scheme(page, SCHEMES[scheme])
        violations = run_axe(page, axe_source)
        if violations:
            failures.append(f"{scheme} palette:\n" + format_violations(violations))
    assert not failures, f"axe: {page_type.url_path(lang)} at {WIDTHS[width]} px\n" + "\n".join(failures)


QUOTES_JS = """() => [...document.querySelectorAll('figure.befund-quote')].map(f => {
    const lang = el => (el.closest('[lang]') || document.documentElement).getAttribute('lang');
    const block = f.querySelector(':scope > blockquote');
    const caption = f.querySelector(':scope > figcaption');
    const original = f.querySelector('.befund-quote__original');
    const originalText = original && original.querySelector('[lang]');
    return {
        id: f.id,
        blockquote: !!block && block.textContent.trim().length > 0,
        blockquoteLang: block && lang(block),
        attribution: !!caption && !!caption.querySelector('a[href]'),
        original: original ? (originalText ? lang(originalText) : lang(original)) : null,
        originalText: original ? original.textContent.trim().slice(0, 50) : null,
    };
})"""


def quote_problems(quotes: list[dict], lang: str) -> list[str]:
    problems = []
    for q in quotes:
        if not (q["blockquote"] and q["attribution"]):
            problems.append(f"quote {q['id']}: needs a non-empty blockquote and a figcaption with the "
                            f"source (a link) in the same figure: {q}")
        if lang == DEFAULT_LANG:
            if q["blockquoteLang"] != DEFAULT_LANG:
                problems.append(f"quote {q['id']}: the quote's language is {q['blockquoteLang']!r}")
        else:
            if q["blockquoteLang"] != lang:
                problems.append(f"quote {q['id']}: the translation's language is {q['blockquoteLang']!r}, "
                                f"not {lang!r}")
            if q["original"] != DEFAULT_LANG:
                problems.append(f"quote {q['id']}: the German original {q['originalText']!r} is in "
                                f"lang={q['original']!r}, not lang={DEFAULT_LANG!r}")
    return problems


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_structure_and_languages(browser_page, site, lang, page_type):
    """What axe cannot judge: one h1 and no skipped heading level; <html lang> is the page's
    language; every quote is a figure with a blockquote and its attribution (figcaption); on
    pages in another language the German original is marked lang="de"."""
    page = open_page(browser_page, site, page_type, lang)
    problems = heading_problems(page.evaluate(HEADINGS_JS))
    html_lang = page.get_attribute("html", "lang")
    if html_lang != lang:
        problems.append(f"<html lang={html_lang!r}>, want {lang!r}")
    for link in page.query_selector_all("a.befund-lang-link"):
        if link.get_attribute("lang") != link.get_attribute("hreflang"):
            problems.append(f"language switcher entry {link.inner_text()!r} is not marked with its language")
    # Material's search dialog has no name of its own; befund's partials/search.html adds one
    for dialog in page.evaluate("() => [...document.querySelectorAll('[role=dialog]')]"
                                ".map(d => d.getAttribute('aria-label') || d.getAttribute('aria-labelledby') || '')"):
        if not dialog.strip():
            problems.append("a role=dialog element has no accessible name")
    quotes = page.evaluate(QUOTES_JS)
    if page_type.quotes and not quotes:
        problems.append("no figure.befund-quote on a page that shows quotes")
    problems += quote_problems(quotes, lang)
    assert not problems, f"{page_type.url_path(lang)}:\n" + "\n".join(problems)


FOCUS_CASES = [(lang, p, width) for lang in LANGS for p in PAGE_TYPES for width in WIDTHS
               if width == "desktop" or p.name in PHONE_EXTRA_PAGES]


@pytest.mark.parametrize("lang, page_type, width", FOCUS_CASES,
                         ids=[f"{lang}-{p.name}-{width}" for lang, p, width in FOCUS_CASES])
def test_keyboard_focus_is_always_visible(browser_page, site, lang, page_type, width):
    """Tab from the top of the page to the first link in the text: every element that takes the
    focus on the way is on screen and shows a focus indicator (outline or box-shadow)."""
    page = open_page(browser_page, site, page_type, lang, width)
    target = "article.md-content__inner a[href]:not(.headerlink)"
    try:
        stops = tab_to(page, target)
    except AssertionError as exc:
        pytest.fail(f"{page_type.url_path(lang)} at {WIDTHS[width]} px: {exc}")
    bad = [s for s in stops if not (s and s["visible"] and s["indicator"])]
    assert not bad, (f"{page_type.url_path(lang)} at {WIDTHS[width]} px: focus not visible on\n"
                     + "\n".join(f"  {describe(s)} visible={s and s['visible']} outline={s and s['outline']!r} "
                                 f"shadow={s and s['shadow']!r}" for s in bad))
