"""Printed pages: Chromium's print-to-PDF on A4 with befund's print stylesheet.

No Material chrome on paper, link targets and abbreviations written out, headings kept with what
follows, black on white whatever the palette, the print block (study, licence, URL, QR code that
decodes to the URL) and page counts measured per page (reported at the end of the run).
"""

from __future__ import annotations

import json
import re

import pytest
from print_pages import (
    after_content,
    chrome_texts,
    decode_qr,
    ensure_print_css,
    insert_html,
    page_count,
    page_objects,
    page_texts,
    print_pdf,
    visible_in_print,
)

from befund_browser import set_scheme, wait_for_transitions

pytestmark = pytest.mark.browser

CATEGORY = "/categories/grenzziehungen-von-aussen/"
HANDOUTS = [f"/categories/{c}/handout/" for c in ("grenzminimierungen", "grenzziehungen", "grenzziehungen-von-aussen",
                                                  "grenzziehungen-von-innen")]
# A4 pages at most (measured counts: see the report at the end of the run). A handout fits on two.
PAGE_BOUNDS = {CATEGORY: 6, "/categories/grenzminimierungen/": 7, "/categories/": 5, "/": 5,
               **dict.fromkeys(HANDOUTS, 2)}
LICENCE = "CC BY 4.0 – Lammers 2026"
TITLE = "„In dem Augenblick ist es ein Zwei-Mann-Team, was diese eine Person betreut“"


def open_page(page, site, path: str, lang: str = "de"):
    prefix = "" if lang == "de" else f"/{lang}"
    page.goto(site.url(prefix + path))
    ensure_print_css(page, site.url(prefix + "/"))
    return page


@pytest.fixture(scope="module")
def print_report(request, site):
    """Page counts per page, written to print-pages.json and shown at the end of the run."""
    counts: dict[str, int] = {}
    yield counts
    if counts:
        (site.tmp / "print-pages.json").write_text(json.dumps(counts, indent=2, sort_keys=True), encoding="utf-8")
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        if reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
                reporter.write_line("\nA4 pages printed by Chromium: "
                                    + ", ".join(f"{k} {v}" for k, v in counts.items()))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_category_page_prints_without_material_chrome(browser_page, site, lang: str) -> None:
    page = open_page(browser_page, site, CATEGORY, lang)
    assert visible_in_print(page) == []
    text = " ".join(page_texts(print_pdf(page)))
    assert page.inner_text("article h1").replace("¶", "").strip() in text
    site_name = page.inner_text(".befund-print-meta__title")  # the print block names the site on purpose
    leaked = [t for t in chrome_texts(page) if len(t) >= 8 and t in text and t != site_name]
    assert leaked == [], f"Material's chrome is printed: {leaked}"


@pytest.mark.parametrize("path", list(PAGE_BOUNDS))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_page_counts(browser_page, site, print_report, path: str, lang: str) -> None:
    page = open_page(browser_page, site, path, lang)
    pdf = print_pdf(page)
    pages = page_count(pdf)
    print_report[f"{lang} {path}"] = pages
    assert page_objects(pdf) == pages  # both ways of counting agree on Chromium's PDFs
    assert pages <= PAGE_BOUNDS[path], f"{lang} {path}: {pages} A4 pages"


@pytest.mark.parametrize("path", [CATEGORY, HANDOUTS[0]])
def test_print_block_shows_study_licence_url_and_a_qr_code_that_decodes(browser_page, site, path: str) -> None:
    page = open_page(browser_page, site, path)
    url = site.url(path)
    assert page.locator(".befund-print-meta").first.is_hidden()  # on screen: print only
    texts = page_texts(print_pdf(page))
    site_name = page.text_content(".befund-print-meta__title")
    first = texts[0][texts[0].index(site_name):]  # after the running footer, which the PDF text puts first
    heading = page.inner_text("article h1").replace("¶", "").strip()
    assert first.index(TITLE) < first.index(LICENCE) < first.index(url) < first.index(heading)
    assert f"({url})" not in first  # the print block's own link does not repeat its address
    assert f"{LICENCE} · {url}" in texts[-1]
    assert decode_qr(page) == [url]  # the QR code on paper leads to this page


def test_every_page_has_a_page_number_and_the_running_footer(browser_page, site) -> None:
    page = open_page(browser_page, site, CATEGORY)
    footer = f"{LICENCE} · {site.url(CATEGORY)}"  # set by befund.js from the print block
    texts = page_texts(print_pdf(page))
    for number, text in enumerate(texts, 1):
        assert f"{number} / {len(texts)}" in text.replace("\u2009", " ")
        assert footer in text


def test_link_targets_and_abbreviations_are_written_out(browser_page, site) -> None:
    page = open_page(browser_page, site, "/")
    external = page.evaluate("() => [...document.querySelectorAll('article a[href^=\"http\"]')]"
                             ".map(a => a.getAttribute('href'))")
    assert external, "the home page links the licence"
    page = open_page(browser_page, site, CATEGORY)
    label = page.evaluate("() => { const a = document.querySelector("
                          "'article p a[href^=\"../\"]:not(.befund-abbr-expansion)');"
                          " a.setAttribute('data-print-href', 'https://example.org/s/x/'); return a.textContent; }")
    assert after_content(page, "article a[data-print-href]") == ['" (https://example.org/s/x/)"']
    assert set(after_content(page, "article a.headerlink, article a[href^='#']")) == {"none"}
    assert set(after_content(page, "article abbr")) == {"none"}  # written out where first used, on paper too
    text = " ".join(page_texts(print_pdf(page)))
    assert re.search(r"PU \(Peer-\s?Unterstützer\*innen\)", text), text[:600]  # a line may break at the hyphen
    assert f"{label} (https://example.org/s/x/)" in text


def test_headings_stay_with_what_follows(browser_page, site) -> None:
    page = open_page(browser_page, site, CATEGORY)
    headings = page.evaluate("() => [...document.querySelectorAll('article :is(h2, h3, h4)')]"
                             ".map(h => h.textContent.replace('¶', '').trim())")
    texts = page_texts(print_pdf(page))
    ends = [t for t in texts[:-1] if any(t.endswith(h) for h in headings)]
    assert ends == [], "a page ends with a heading"


def test_dark_palette_prints_black_on_white(browser_page, site) -> None:
    page = open_page(browser_page, site, "/categories/")
    set_scheme(page, "slate")
    page.emulate_media(media="print")
    wait_for_transitions(page)  # Material fades link colours; the printer takes the final ones
    try:
        colours = page.evaluate("""() => ({
            text: getComputedStyle(document.querySelector('article p')).color,
            link: getComputedStyle(document.querySelector('article :is(p, li) a')).color,
            ground: getComputedStyle(document.body).backgroundColor})""")
    finally:
        page.emulate_media(media="screen")
    assert colours == {"text": "rgb(0, 0, 0)", "link": "rgb(0, 0, 0)", "ground": "rgb(255, 255, 255)"}


def test_collapsed_details_print_open(browser_page, site) -> None:
    page = open_page(browser_page, site, CATEGORY)
    insert_html(page, "<details><summary>Mehr</summary><p>Verborgener Absatz zum Drucken</p></details>",
                "beforeend")
    assert "Verborgener Absatz zum Drucken" in " ".join(page_texts(print_pdf(page)))
