"""Printing a page of the site as a reader does (Chromium's print-to-PDF, A4) and reading the PDF.

Plain functions on a Playwright page, shared by the print tests and by anyone measuring handouts.
Page counts come from pypdf (it reads the page tree); counting ``/Type /Page`` in the bytes also
works for Chromium's PDFs, which store no object streams, but must not count ``/Type /Pages``.
"""

from __future__ import annotations

import io
import re
import unicodedata

PRINT_CSS = "assets/befund/print.css"
"""Where the print stylesheet is served, relative to a language root."""

# Material's chrome and befund's controls: none of it may show on paper.
CHROME = (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-top", ".md-skip", ".md-path",
          ".md-dialog", ".md-select", "[data-md-component=palette]", ".md-typeset a.headerlink", ".befund-copy")


def ensure_print_css(page, root_url: str) -> None:
    """Load print.css into *page* unless the theme already links it (until the theme registers it)."""
    if not page.evaluate("() => [...document.styleSheets].some(s => (s.href || '').endsWith('/befund/print.css'))"):
        page.add_style_tag(url=root_url.rstrip("/") + "/" + PRINT_CSS)


def print_pdf(page, **options) -> bytes:
    """The page printed to A4 by Chromium, with the print stylesheet's @page margins and boxes."""
    page.emulate_media(media="print")
    try:
        return page.pdf(format="A4", prefer_css_page_size=True, **options)
    finally:
        page.emulate_media(media="screen")


def page_count(pdf: bytes) -> int:
    """Pages of *pdf*, from its page tree (pypdf)."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_objects(pdf: bytes) -> int:
    """Pages of *pdf* by counting its page objects in the raw bytes (no parser)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (pypdf breaks lines where the PDF does) and
    ligatures (ﬁ) taken apart."""
    from pypdf import PdfReader

    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def visible_in_print(page, selectors: tuple[str, ...] = CHROME) -> list[str]:
    """Those of *selectors* that match an element with a box in the print layout (should be none)."""
    page.emulate_media(media="print")
    try:
        return page.evaluate(
            """(selectors) => selectors.filter(s => [...document.querySelectorAll(s)].some(
                   e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'))""",
            list(selectors))
    finally:
        page.emulate_media(media="screen")


def chrome_texts(page) -> list[str]:
    """Distinctive texts of the chrome (footer links, skip link, copyright, search field, nav title)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
               '.md-footer__direction, .md-footer__title, .md-skip, .md-copyright, .md-nav--primary > .md-nav__title')]
           .map(e => e.textContent.trim().replace(/\\s+/g, ' ')).filter(t => t.length > 3)
           .concat([document.querySelector('.md-search__input')?.getAttribute('placeholder') || ''])
           .filter(Boolean)""")


def after_content(page, selector: str) -> list[str]:
    """Computed ``::after`` content of every element matching *selector*, in print."""
    page.emulate_media(media="print")
    try:
        return page.evaluate(
            "(s) => [...document.querySelectorAll(s)].map(e => getComputedStyle(e, '::after').content)", selector)
    finally:
        page.emulate_media(media="screen")


def insert_html(page, html: str, where: str = "afterbegin", anchor: str = "article.md-content__inner") -> None:
    """Put a block into the page as a template would (for features whose templates are not there yet)."""
    page.evaluate("([html, where, anchor]) => document.querySelector(anchor).insertAdjacentHTML(where, html)",
                  [html, where, anchor])


def decode_qr(page, selector: str = "svg.befund-qr") -> list[str]:
    """What a phone would read from the QR code as Chromium draws it in print (screenshot → zxing-cpp)."""
    import zxingcpp
    from PIL import Image

    page.emulate_media(media="print")
    try:
        png = page.locator(selector).first.screenshot(scale="device")
    finally:
        page.emulate_media(media="screen")
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]
