"""End to end, the way readers use the site: search in each language, the language switcher, a quote's
permanent link, keyboard-only use, and every page without JavaScript."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from befund_browser import (
    BY_NAME,
    DEFAULT_LANG,
    HEIGHT,
    LANGS,
    PAGE_IDS,
    PAGE_TYPES,
    WIDTHS,
    describe,
    focused,
    quote_translation_word,
    set_scheme,
    settled_hash,
    tab_to,
    wait_for_search_result,
)

pytestmark = pytest.mark.browser

CATEGORY = BY_NAME["category"]
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
SEARCH_QUOTE = "IN_26-1"  # a quote on the category page (dimension "gemeinsames-team")
SEARCH_QUOTE_PAGES = ["/categories/grenzminimierungen/", "/sources/IN_26/"]


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"/{lang}"


def search_by_keyboard(page, word: str) -> tuple[str, list[str]]:
    """Open the search with its keyboard shortcut, type *word*; returns the result summary and the
    paths of the results."""
    page.wait_for_selector("[data-md-component=search-query]", state="attached")
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.md-search__input')")
    page.keyboard.type(word)
    summary = wait_for_search_result(page)
    hrefs = page.eval_on_selector_all(".md-search-result__item a.md-search-result__link", "els => els.map(e => e.href)")
    return summary, [urlsplit(h).path for h in hrefs]


def test_german_search_finds_a_german_quote_and_nothing_english(browser_page, site):
    page = browser_page
    page.goto(site.url("/"))
    _word, original = quote_translation_word(SEARCH_QUOTE)
    german = "Weltmeister"
    assert german in original
    summary, paths = search_by_keyboard(page, german)
    assert paths, f"no result for {german!r}: {summary!r}"
    assert set(paths) & set(SEARCH_QUOTE_PAGES), f"{german!r} did not find the quote's page: {paths}"
    assert not [p for p in paths if p.startswith("/en/")], f"English pages in German results: {paths}"
    # keyboard only: arrow down to the first result, Enter opens it
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.md-search-result__link')")
    target = urlsplit(page.evaluate("() => document.activeElement.href")).path
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(site.base + target)))
    assert german in page.inner_text("article")


def test_german_search_shows_no_english_translation(browser_page, site):
    page = browser_page
    page.goto(site.url("/"))
    english, _original = quote_translation_word(SEARCH_QUOTE)
    summary, paths = search_by_keyboard(page, english)
    assert not paths, f"the German site finds the English word {english!r}: {paths} ({summary})"


def test_english_search_finds_the_translation(browser_page, site):
    page = browser_page
    page.goto(site.url("/en/"))
    english, _original = quote_translation_word(SEARCH_QUOTE)
    summary, paths = search_by_keyboard(page, english)
    expected = {"/en" + p for p in SEARCH_QUOTE_PAGES}
    assert set(paths) & expected, f"{english!r} did not find the quote's page: {paths} ({summary})"
    assert all(p.startswith("/en/") for p in paths), f"German pages in English results: {paths}"


@pytest.mark.parametrize("anchor", ["#augenhoehe", "#IN_14-1"])
def test_language_switcher_keeps_page_and_anchor_by_keyboard(browser_page, site, anchor):
    page = browser_page
    page.goto(site.url(CATEGORY.path + anchor))
    assert page.evaluate("() => location.hash") == anchor
    tab_to(page, "a.befund-lang-link[hreflang=en]")
    here = settled_hash(page)  # navigation.tracking: the address follows the section in view
    page.keyboard.press("Enter")
    page.wait_for_url(site.url("/en" + CATEGORY.path + here))
    assert page.get_attribute("html", "lang") == "en"
    tab_to(page, "a.befund-lang-link[hreflang=de]")
    here = settled_hash(page)
    page.keyboard.press("Enter")
    page.wait_for_url(site.url(CATEGORY.path + here))
    assert page.get_attribute("html", "lang") == "de"


class SwitcherLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "a" and "befund-lang-link" in (a.get("class") or "").split():
            self.links[a.get("hreflang", "")] = a.get("href", "")


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_leads_to_the_same_page(site, lang, page_type):
    """Checked on the served HTML (the links are plain links, JavaScript only adds the #anchor)."""
    url = site.url(page_type.url_path(lang))
    with _opener.open(url, timeout=10) as response:
        parser = SwitcherLinks()
        parser.feed(response.read().decode("utf-8"))
    assert set(parser.links) == set(LANGS), parser.links
    for other, href in parser.links.items():
        target = urlsplit(urljoin(url, href)).path
        # a page that does not exist has no counterpart: its switcher leads to the home pages
        expected = BY_NAME["home"].url_path(other) if page_type.notfound else page_type.url_path(other)
        assert target == expected, f"{page_type.url_path(lang)}: the {other} link leads to {target}"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_palette_toggle_by_keyboard(browser_page, site, width):
    page = browser_page
    page.set_viewport_size({"width": WIDTHS[width], "height": HEIGHT})
    page.goto(site.url("/"))
    set_scheme(page, "default")
    page.reload()
    tab_to(page, "form[data-md-component=palette] input.md-option")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")


@pytest.mark.parametrize("lang", LANGS)
def test_quote_permalink_scrolls_to_the_quote_and_marks_it(browser_page, site, lang):
    page = browser_page
    page.goto(site.url(prefix(lang) + CATEGORY.path + "#IN_14-1"))
    page.wait_for_selector("#IN_14-1:target")
    page.wait_for_function("""() => {
        const r = document.getElementById('IN_14-1').getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return r.top >= header - 1 && r.top < innerHeight;
    }""")
    style = page.evaluate("""() => {
        const css = el => { const s = getComputedStyle(el);
            return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, background: s.backgroundColor}; };
        return {target: css(document.getElementById('IN_14-1')), other: css(document.getElementById('IN_26-1'))};
    }""")
    assert style["target"]["outline"] != style["other"]["outline"], style
    assert not style["target"]["outline"].startswith("none"), style


@pytest.mark.parametrize("width", list(WIDTHS))
def test_navigation_by_keyboard(browser_page, site, width):
    """Reach the navigation with Tab (on a phone: open the menu first) and follow a link with Enter."""
    page = browser_page
    page.set_viewport_size({"width": WIDTHS[width], "height": HEIGHT})
    page.goto(site.url("/"))
    if page.is_visible("label.md-header__button[for=__drawer]"):
        tab_to(page, "label.md-header__button[for=__drawer]")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        assert page.get_attribute("label.md-header__button[for=__drawer]", "aria-expanded") == "true"
    link = ".md-nav--primary a.md-nav__link[href$='theory/']"
    stops = tab_to(page, link)
    assert page.is_visible(link), f"the focused navigation link is not visible: {stops[-1]}"
    page.keyboard.press("Enter")
    page.wait_for_url(site.url("/theory/"))


@pytest.mark.parametrize("lang", LANGS)
def test_menu_by_keyboard_on_a_phone(browser_page, site, lang):
    """On a phone the menu is a drawer with a panel per section. By keyboard alone: open it, walk
    through it (every stop visible, none hidden under the panel), leave it (it closes), open it
    again, go back from the section's panel to the top level and follow a link there."""
    page = browser_page
    page.set_viewport_size({"width": WIDTHS["phone"], "height": HEIGHT})
    page.goto(site.url(prefix(lang) + CATEGORY.path))
    menu = "label.md-header__button[for=__drawer]"
    tab_to(page, menu)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    stops = [focused(page)]
    for _ in range(40):
        if not page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')"):
            break
        page.keyboard.press("Tab")
        stops.append(focused(page))
    inside = stops[:-1]
    assert len(inside) > 3, [describe(s) for s in stops]
    bad = [s for s in inside if not (s and s["visible"] and s["indicator"])]
    assert not bad, "focus not visible in the menu: " + "; ".join(describe(s) for s in bad)
    page.wait_for_function("() => !document.getElementById('__drawer').checked")  # left: closed
    # again, and from the section's panel back to the top level
    page.focus(menu)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('label.md-nav__title[for^=__nav_]')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('label.md-nav__link[for^=__nav_]')")
    link = ".md-nav--primary a.md-nav__link[href$='theory/']"
    stops = tab_to(page, link, key="Shift+Tab")
    assert stops[-1]["visible"], describe(stops[-1])
    page.keyboard.press("Enter")
    page.wait_for_url(site.url(prefix(lang) + "/theory/"))


# -- without JavaScript ---------------------------------------------------------------------------
class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


_fetched: dict[str, tuple[int, set[str]]] = {}


def fetch(url: str) -> tuple[int, set[str]]:
    """Status and element ids of *url* (cached for the session)."""
    if url not in _fetched:
        parser = Links()
        try:
            with _opener.open(url, timeout=10) as response:
                status = response.status
                if "html" in response.headers.get("Content-Type", ""):
                    parser.feed(response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as exc:
            status = exc.code
        _fetched[url] = (status, parser.ids)
    return _fetched[url]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_pages_are_readable_and_links_work(nojs_page, site, lang, page_type):
    page = nojs_page
    page.goto(site.url(page_type.url_path(lang)))
    assert page.evaluate("() => document.documentElement.classList.contains('no-js')")
    h1 = page.locator("article h1")
    assert h1.count() == 1 and h1.is_visible(), "no visible h1 in the article"
    text = page.inner_text("article")
    assert len(text) > (40 if page_type.notfound else 200), f"the article shows too little text: {text!r}"
    if page_type.quotes:
        assert page.locator("figure.befund-quote blockquote").first.is_visible()
    hrefs = page.eval_on_selector_all(  # SVG links (the concept map) have no string .href
        "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)")
    problems = []
    for href in sorted(set(hrefs)):
        if not site.is_local(href) or not href.startswith("http"):
            continue
        url, fragment = urldefrag(href)
        status, ids = fetch(url)
        if status != 200:
            problems.append(f"{href}: HTTP {status}")
        elif fragment and fragment not in ids:
            problems.append(f"{href}: no element with id {fragment!r}")
    assert not problems, f"broken links on {page_type.url_path(lang)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_cite_this_page_copies_by_keyboard_and_is_announced(browser_page, site, lang):
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base)
    page.goto(site.url(prefix(lang) + CATEGORY.path))
    page.click("details.befund-cite > summary")  # opens the block (the keyboard works as on any <details>)
    tab_to(page, "button.befund-copy[data-copy-target=befund-cite-bibtex]")
    page.keyboard.press("Enter")
    status = page.locator("p.befund-copy-status[role=status]")
    expected = {"de": "In die Zwischenablage kopiert", "en": "Copied to the clipboard"}[lang]
    page.wait_for_function("t => document.querySelector('p.befund-copy-status').textContent === t", arg=expected)
    assert status.get_attribute("aria-live") == "polite" and status.is_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("@misc{") and "Lammers, Klara" in copied


def test_copy_buttons_are_hidden_without_javascript(nojs_page, site):
    nojs_page.goto(site.url(CATEGORY.path))
    assert nojs_page.locator("button.befund-copy").first.is_hidden()
    assert "@misc{" in nojs_page.text_content("#befund-cite-bibtex")  # selectable by hand (in <details>)


@pytest.mark.parametrize("lang", LANGS)
def test_copy_link_gives_the_permanent_address_by_keyboard(browser_page, site, lang):
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base)
    page.goto(site.url(prefix(lang) + "/sources/IN_14/"))
    tab_to(page, "figure#IN_14-1 button.befund-copy--link")
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert "IN_14-1" in label
    page.keyboard.press("Enter")
    expected = {"de": "Dauerhafter Link in die Zwischenablage kopiert", "en": "Permanent link copied to the clipboard"}
    page.wait_for_function("t => document.querySelector('p.befund-copy-status').textContent === t",
                           arg=expected[lang])
    # a quote's canonical address is where it is interpreted, whichever page the reader copies it from
    assert page.evaluate("() => navigator.clipboard.readText()") == \
        site.url(prefix(lang) + "/categories/grenzminimierungen/#IN_14-1")


def test_the_quote_index_reorders_by_category(browser_page, site):
    page = browser_page
    page.goto(site.url("/quotes/"))
    first = page.eval_on_selector(".befund-quote-entry h2", "h => h.id")
    assert first == "IN_14-1"  # the article's order
    tab_to(page, ".befund-quote-order button[data-order=category]")
    page.keyboard.press("Enter")
    assert page.get_attribute(".befund-quote-order button[data-order=category]", "aria-pressed") == "true"
    order = page.eval_on_selector_all(".befund-quote-entry", "es => es.map(e => Number(e.dataset.category))")
    assert order == sorted(order) and order != page.eval_on_selector_all(
        ".befund-quote-entry", "es => es.map(e => Number(e.dataset.article))")


def test_an_old_anchor_of_a_moved_dimension_is_followed(browser_page, site):
    """An alias planted for a renamed id (see tests/test_practice.py) is followed to its new page."""
    page = browser_page
    page.goto(site.url("/categories/grenzminimierungen/"))
    page.evaluate("""() => { const s = document.createElement('span'); s.id = 'alt';
        s.setAttribute('data-befund-moved-to', '../grenzziehungen-von-aussen/#selbstabwertung');
        document.querySelector('article').prepend(s); location.hash = 'alt'; }""")
    page.wait_for_url(site.url("/categories/grenzziehungen-von-aussen/#selbstabwertung"))


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_a_category_starts_with_its_title_then_in_short(browser_page, site, lang):
    """No empty line under the title (its ¶ wrapped alone), the basis and copy-link line right
    below it, and the "in short" box begins on the first screen."""
    page = browser_page
    page.set_viewport_size({"width": WIDTHS["phone"], "height": HEIGHT})
    page.goto(site.url(prefix(lang) + CATEGORY.path))
    title = page.locator("article h1").first.bounding_box()
    line = page.eval_on_selector("article h1", "h => parseFloat(getComputedStyle(h).lineHeight)")
    linkbar = page.locator("article .befund-linkbar").first.bounding_box()
    in_short = page.locator("article .befund-inshort").first.bounding_box()
    assert title and linkbar and in_short
    assert title["height"] < 1.5 * line, f"the title takes {title['height']:.0f} px for a {line:.0f} px line"
    assert linkbar["y"] - (title["y"] + title["height"]) < 16
    assert in_short["y"] < HEIGHT / 2
