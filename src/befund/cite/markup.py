"""Repairs and additions to citeproc-py's HTML that the library cannot do itself.

citeproc-py (0.11) inserts variable text into its HTML verbatim, knows nothing of ``lang`` attributes or
links, and collapses doubled punctuation only when both marks are plain text side by side. Everything
here works on the rendered entry; the data that went in is known, so every search is for exact text.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

from .csl import CslItem

# Fields citeproc-py reads as plain strings (or name parts) and would print unescaped.
_RAW = {"id", "type", "language"}

_STYLE_PERIOD_AFTER_MARK = re.compile(r"(?<=[?!])((?:</[a-z]+>)*)\.(?=\s|$|<)")
_STYLE_PERIOD_AFTER_PERIOD = re.compile(r"(?<=\.)((?:</[a-z]+>)+)\.(?=\s|$|<)")


def escape_item(item: CslItem) -> CslItem:
    """A copy of *item* with every text HTML-escaped, because citeproc-py's HTML formatter does not."""
    def esc(value: Any) -> Any:
        if isinstance(value, str):
            return html.escape(value, quote=False)
        if isinstance(value, list):
            return [esc(v) for v in value]
        if isinstance(value, dict):
            return value if "date-parts" in value else {k: esc(v) for k, v in value.items()}
        return value
    return {key: value if key in _RAW else esc(value) for key, value in item.items()}


def fix_punctuation(text: str) -> str:
    """Drop the style's period after a title that ends in ``?``, ``!`` or ``.`` inside markup.

    CSL processors should not print "?." (citeproc-js does not); citeproc-py only merges identical marks
    that meet as plain text, so "Dienstleistungsberufen?." and "<i>Ein Buch.</i>." get through.
    """
    return _STYLE_PERIOD_AFTER_PERIOD.sub(r"\1", _STYLE_PERIOD_AFTER_MARK.sub(r"\1", text))


def _inside_tag(text: str, position: int) -> bool:
    return text.rfind("<", 0, position) > text.rfind(">", 0, position)


def _find(text: str, needle: str, taken: list[tuple[int, int]], ignore_case: bool) -> tuple[int, int] | None:
    """First occurrence of *needle* in the text of *text* (not in a tag) that overlaps nothing *taken*."""
    if not needle:
        return None
    for found in re.finditer(re.escape(needle), text, re.IGNORECASE if ignore_case else 0):
        start, end = found.span()
        if not _inside_tag(text, start) and all(end <= s or start >= e for s, e in taken):
            return start, end
    return None


def _insert(text: str, wraps: list[tuple[int, int, str, str]]) -> str:
    for start, end, before, after in sorted(wraps, reverse=True):
        text = text[:start] + before + text[start:end] + after + text[end:]
    return text


def decorate(text: str, item: CslItem, page_lang: str, links: bool = True) -> str:
    """Mark titles in another language than the page (WCAG 3.1.2) and link the DOI and URL.

    *item* is the item as given (unescaped); its texts appear in *text* escaped, titles possibly
    re-cased by the style, hence the case-blind search for them.
    """
    taken: list[tuple[int, int]] = []
    wraps: list[tuple[int, int, str, str]] = []
    lang = str(item.get("language", ""))
    if lang and lang.split("-")[0].lower() != page_lang.split("-")[0].lower():
        for variable in ("title", "container-title", "collection-title"):
            span = _find(text, html.escape(str(item.get(variable, "")), quote=False), taken, ignore_case=True)
            if span:
                taken.append(span)
                wraps.append((*span, f'<span lang="{html.escape(lang)}">', "</span>"))
    if links:
        doi = str(item.get("DOI", ""))
        if doi:
            href = "https://doi.org/" + quote(doi, safe="/:;()[]._-")
            span = (_find(text, html.escape("https://doi.org/" + doi, quote=False), taken, ignore_case=True)
                    or _find(text, html.escape(doi, quote=False), taken, ignore_case=True))
            if span:
                taken.append(span)
                wraps.append((*span, f'<a href="{html.escape(href)}">', "</a>"))
        url = str(item.get("URL", ""))
        if re.match(r"https?://", url, re.IGNORECASE):
            span = _find(text, html.escape(url, quote=False), taken, ignore_case=False)
            if span:
                wraps.append((*span, f'<a href="{html.escape(url)}">', "</a>"))
    return _insert(text, wraps)
