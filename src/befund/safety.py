"""What may be published: judged on the HTML a text becomes, not on how its source spells it.

A link can be written many ways (``java&#115;cript:``, a tab inside the scheme, an ``attr_list``
attribute), so URLs and attributes are checked after Markdown → HTML, with entities decoded, the
way a browser reads them. Also: the escapers that keep codebook strings from becoming markup.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from lxml import etree
from markupsafe import Markup, escape

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
"""Besides relative links: what a link or image may point to."""
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data",
                            "cite", "background", "ping", "lowsrc", "longdesc", "codebase", "manifest", "icon"})
SCRIPT_TAGS = frozenset({"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "meta",
                         "link", "style", "form", "svg", "math", "template"})
"""Tags that run code or change the page around them."""

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_STRIPPED_AROUND_URL = "".join(chr(c) for c in range(0x21))  # and these (C0 controls, space) around it


@dataclass(frozen=True)
class Unsafe:
    """One thing in published HTML that must not be there; *needle* helps find it in the source."""

    message: str
    kind: str
    """``url``, ``attribute`` or ``tag``."""
    needle: str


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in *url* (decoded attribute value), lower case; None if relative."""
    cleaned = _IGNORED_IN_URL.sub("", url).strip(_STRIPPED_AROUND_URL)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def unsafe_html(text: str) -> list[Unsafe]:
    """Script tags, event handlers and URLs outside the allowlist in an HTML fragment."""
    return _both_parsers(text, _scan(text))


def duplicate_ids(text: str) -> list[str]:
    """Ids that occur more than once in an HTML fragment: a permalink to them would land on the first."""
    return _repeated(_scan(text).ids)


def judge_page(text: str) -> tuple[list[Unsafe], list[str]]:
    """:func:`unsafe_html` and :func:`duplicate_ids` of a whole page (the build asks both)."""
    scanner = _scan(text)
    return _both_parsers(text, scanner), _repeated(scanner.ids)


def _repeated(ids: list[str]) -> list[str]:
    return sorted(ident for ident, n in Counter(ids).items() if n > 1)


def _scan(text: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner


def _both_parsers(text: str, scanner: _Scanner) -> list[Unsafe]:
    """What either parser finds. Neither is a browser: Python's ``HTMLParser`` (before CPython's
    2025 patch releases) ends a comment only at ``-->`` and skips ``<![CDATA[ … ]]>`` whole, where
    HTML 5 ends ``<!-->``, ``<!--->`` and ``--!>`` at once and ``<![CDATA[`` at the first ``>``, so
    markup a browser runs would hide in what it takes for a comment; libxml2 reads those as HTML 5
    does, but stops reporting below its nesting limit. tests/test_safety_parsers.py holds both to
    html5lib, the HTML 5 algorithm itself, on hostile fragments."""
    found = list(scanner.found)
    seen = {_same(unsafe) for unsafe in found}
    for unsafe in _libxml2_findings(text):
        if _same(unsafe) not in seen:  # libxml2 turns \r\n into \n in values: the same finding once
            seen.add(_same(unsafe))
            found.append(unsafe)
    return found


def _same(unsafe: Unsafe) -> tuple[str, str, str]:
    return unsafe.message, unsafe.kind, _clean(unsafe.needle)


NESTING_LIMIT = 250
"""Deeper than this a page is not judged but refused: libxml2 silently stops reporting elements below
its nesting limit (256 by default; 2048 with ``huge_tree``), and no page of a site nests so deep."""


def _libxml2_findings(text: str) -> list[Unsafe]:
    parser = etree.HTMLPullParser(events=("start", "end"), no_network=True)
    parser.feed(text)
    parser.close()
    found: list[Unsafe] = []
    depth = deepest = 0
    for event, element in parser.read_events():
        if event == "end":
            depth -= 1
            continue
        depth += 1
        deepest = max(deepest, depth)
        if isinstance(element.tag, str):
            found += judge_tag(element.tag.lower(), [(str(name).lower(), value) for name, value in element.items()])
    if deepest > NESTING_LIMIT:
        found.append(Unsafe(f"elements nested more than {NESTING_LIMIT} deep cannot be checked; nest them less "
                            "deeply", "tag", "<"))
    return found


_NO_SCHEME_START = frozenset("#/.?")
"""A URL that starts with one of these is relative (a scheme starts with a letter, maybe after spaces)."""
_WEB = ("https://", "http://")


def judge_tag(tag: str, attrs: list[tuple[str, str | None]]) -> list[Unsafe]:
    """What is wrong with one start tag (*tag* and attribute names lower case, values decoded)."""
    found = []
    if tag in SCRIPT_TAGS:
        found.append(Unsafe(f"<{tag}> is not allowed in published pages", "tag", tag))
    for name, value in attrs:
        if name.startswith("on"):
            found.append(Unsafe(f"event handler attribute '{name}' is not allowed", "attribute", name))
        elif name == "style" and value and re.search(r"url\s*\(|expression\s*\(", value, re.IGNORECASE):
            found.append(Unsafe("a style attribute may not load URLs", "attribute", name))
        elif name in URL_ATTRIBUTES and value:
            if name != "srcset" and (value[0] in _NO_SCHEME_START or value.startswith(_WEB)):
                continue  # one URL, relative or on the web: nearly every link
            urls = [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
            for url in urls:
                scheme = url_scheme(url)
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    found.append(Unsafe(f"{scheme}: URLs are not allowed (links and images may be "
                                        "relative or use http, https or mailto)", "url", url))
    return found


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Unsafe] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value]
        self.found += judge_tag(tag, attrs)

    handle_startendtag = handle_starttag


_URL_IN_SOURCE = re.compile(
    r"\]\(\s*<?(?P<a>[^)\s>]+)"  # [text](url), ![alt](url)
    r"|^\s{0,3}\[[^\]]+\]:\s*<?(?P<b>[^\s>]+)"  # [label]: url
    r"|<(?P<c>[A-Za-z][\w+.\-]*:[^>\s]*)>"  # <scheme:…>
    r"|\b[\w:-]+\s*=\s*[\"']?(?P<d>[^\"'>\s]+)",  # attribute=url (raw HTML, attr_list)
    re.MULTILINE)


def locate(source: str, unsafe: Unsafe) -> int:
    """Offset in the Markdown *source* where *unsafe* was written (0 when it cannot be told)."""
    if unsafe.kind == "url":
        wanted = _clean(unsafe.needle)
        for m in _URL_IN_SOURCE.finditer(source):
            group = next(g for g in ("a", "b", "c", "d") if m.group(g) is not None)
            found = _clean(html.unescape(m.group(group)))
            if found and (wanted.startswith(found) or found.startswith(wanted)):  # the source's may stop at ")"
                return m.start(group)
        return 0
    pattern = rf"\b{re.escape(unsafe.needle)}\s*=" if unsafe.kind == "attribute" else rf"<\s*{unsafe.needle}\b"
    match = re.search(pattern, source, re.IGNORECASE)
    return match.start() if match else 0


def _clean(url: str) -> str:
    return _IGNORED_IN_URL.sub("", url).strip(_STRIPPED_AROUND_URL).lower()


# -- codebook texts: Markdown without raw HTML -------------------------------------------------------

_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?\s*>|<!--")
_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
MAY_HOLD_URLS = re.compile(r"\]\s*[(:\[]|<|\{|&")
"""A text without any of these cannot become a link, image, tag or attribute: no need to render it."""


def raw_html(text: str) -> list[tuple[int, str]]:
    """Offsets and descriptions of raw HTML in *text* (code spans excepted): codebook texts are Markdown."""
    masked = _CODE.sub(lambda m: " " * len(m.group(0)), text)
    return [(m.start(), f"raw HTML '{_clip(m.group(0))}' is not allowed") for m in _TAG.finditer(masked)]


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def neutralise_html(markdown_text: str) -> str:
    """Escape every ``<`` outside code so Python-Markdown cannot emit raw HTML from codebook data."""
    parts = []
    last = 0
    for m in _CODE.finditer(markdown_text):
        parts.append(markdown_text[last:m.start()].replace("<", "&lt;"))
        parts.append(m.group(0))
        last = m.end()
    parts.append(markdown_text[last:].replace("<", "&lt;"))
    return "".join(parts)


_MD_SPECIAL = "\\`*_{}[]()#+-.!>"
"""Backslash first: it must not escape the backslashes the others add."""


def md_escape(text: str) -> Markup:
    """Plain text made safe to drop into Markdown: shows literally, carries no markup."""
    escaped = str(escape(text))  # & < > " ' → entities
    for char in _MD_SPECIAL:  # one C-level scan per character: 5× faster than str.translate's dict lookups
        if char in escaped:
            escaped = escaped.replace(char, "\\" + char)
    return Markup(escaped)
