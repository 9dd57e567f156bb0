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

from markupsafe import Markup, escape
from selectolax.lexbor import LexborHTMLParser

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
"""Besides relative links: what a link or image may point to."""
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data",
                            "cite", "background", "ping", "lowsrc", "longdesc", "codebase", "manifest", "icon"})
SCRIPT_TAGS = frozenset({"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "meta",
                         "link", "style", "form", "svg", "math", "template", "noscript"})
"""Tags that run code or change the page around them. ``noscript`` too: a browser with scripting
on reads its content as text up to ``</noscript>``, a parser without scripting (Lexbor, html5lib)
as markup, so ``<noscript><p title="</noscript><img onerror=…>">`` hides an element from the judge
that the browser creates."""

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
    return _judge(text)[0]


def duplicate_ids(text: str) -> list[str]:
    """Ids that occur more than once in an HTML fragment: a permalink to them would land on the first."""
    return _repeated(_judge(text)[1])


def judge_page(text: str) -> tuple[list[Unsafe], list[str]]:
    """:func:`unsafe_html` and :func:`duplicate_ids` of a whole page in one parse (the build asks both)."""
    found, ids = _judge(text)
    return found, _repeated(ids)


def _repeated(ids: list[str]) -> list[str]:
    return sorted(ident for ident, n in Counter(ids).items() if n > 1)


def _judge(text: str) -> tuple[list[Unsafe], list[str]]:
    """Every element as a browser parses *text*, judged; and the ids, in order.

    The parser is Lexbor (through selectolax), which follows the HTML 5 parsing algorithm as
    browsers do: what looks like a comment, a CDATA section or an unclosed attribute ends where a
    browser ends it, entities decode as a browser decodes them, and nesting has no limit below
    which elements go unreported. Python's ``HTMLParser``, used before, read ``<!-->``, ``--!>``
    and ``<![CDATA[`` as the start of a longer comment and missed the markup after them
    (tests/test_safety_parsers.py holds the judge to html5lib, the algorithm in Python)."""
    found: list[Unsafe] = []
    ids: list[str] = []
    root = LexborHTMLParser(text).root
    if root is None:  # Lexbor always makes <html>: not seen, but never passed unjudged
        return [Unsafe("the HTML could not be parsed", "tag", "<")] if text.strip() else [], []
    for node in root.traverse(include_text=False):
        tag = node.tag
        if not tag or tag[0] == "-":  # comments
            continue
        attrs = [(name.lower(), value) for name, value in node.attributes.items()]
        ids += [value for name, value in attrs if name == "id" and value]
        found += _judge_tag(tag.lower(), attrs)
    return found, ids


_NO_SCHEME_START = frozenset("#/.?")
"""A URL that starts with one of these is relative (a scheme starts with a letter, maybe after spaces)."""
_WEB = ("https://", "http://")


def _judge_tag(tag: str, attrs: list[tuple[str, str | None]]) -> list[Unsafe]:
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
