"""``[[kind:id]]`` as a Python-Markdown extension, and Markdown as the checks see it.

An inline processor (priority between code spans and links) turns each short link into an element;
code spans and fenced blocks are tokenised earlier, so they show the syntax literally. The same
extension, in collecting mode, tells the checks which links a text really has.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .links import LINK_PATTERN, LinkRef

Resolve = Callable[[LinkRef], "etree.Element | None"]
"""Turns a link into the element that stands for it (None: leave the text as written)."""

PRIORITY = 175
"""After code spans (190) and backslash escapes (180), before Markdown's own links (170, 160)."""


class ShortLinks(Extension):
    """Registers the ``[[kind:id]]`` inline processor; *resolve* decides what each link becomes."""

    def __init__(self, resolve: Resolve, **kwargs: Any) -> None:
        self.resolve = resolve
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_ShortLinkProcessor(LINK_PATTERN, md, self), "befund-links", PRIORITY)


class _ShortLinkProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, ext: ShortLinks) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(self, m: Any, data: str) -> tuple[Any, Any, Any]:
        element = self.ext.resolve(LinkRef.of(m))
        if element is None:
            return None, None, None
        return element, m.start(0), m.end(0)


def link_element(href: str, label: str, literal: bool, title: str | None = None) -> etree.Element:
    """``<a>`` for a resolved link; a codebook label is *literal*, an author's label is Markdown."""
    element = etree.Element("a", {"href": href})
    if title:
        element.set("title", title)
    element.text = AtomicString(label) if literal else label
    return element


def language_element(lang: str, text: str) -> etree.Element:
    """A passage in another language, marked for screen readers (WCAG 3.1.2); its text stays literal."""
    element = etree.Element("span", {"lang": lang})
    element.text = AtomicString(text)
    return element


@dataclass
class Markdown:
    """The site's Markdown (its extensions and their settings) as the checks use it.

    One converter, reused for every text of a check run (building one costs far more than a text).
    """

    extensions: list[Any] = field(default_factory=list)
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    _md: markdown.Markdown | None = None
    _seen: list[str] = field(default_factory=list)

    def _converter(self) -> markdown.Markdown:
        if self._md is None:
            collect = ShortLinks(self._collect)
            try:
                self._md = markdown.Markdown(extensions=[*self.extensions, collect], extension_configs=self.configs)
            except Exception:  # an extension MkDocs would refuse anyway: check with plain Markdown
                self._md = markdown.Markdown(extensions=[collect])
        return self._md

    def _collect(self, link: LinkRef) -> etree.Element:
        self._seen.append(link.raw)
        if link.kind == "lang":
            return language_element(link.target, link.label or "")
        return link_element("#", link.label or link.target, literal=link.label is None)

    def to_html(self, text: str) -> str:
        """*text* as the site would publish it (short links point nowhere: they are checked apart)."""
        md = self._converter()
        md.reset()
        self._seen.clear()
        return md.convert(text)

    def links_outside_code(self, text: str) -> list[str]:
        """The short links Markdown sees in *text*, in order, as written (``links.CodeAware``)."""
        self.to_html(text)
        return list(self._seen)


Abbreviation = tuple[str, str, str]
"""(short form, written out, link to its explanation) — e.g. ("PU", "Peer-Unterstützer*innen", "../glossary.md#pu")."""

SKIP_TAGS = frozenset({"code", "pre", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "title",
                       "button", "summary"})
VERBATIM_CLASSES = ("befund-quote", "befund-keyquote", "befund-quote__original")
"""Verbatim data: quotes are never changed, not even to explain an abbreviation."""


class Abbreviations(Extension):
    """Each abbreviation written out, linked to its explanation, where a page first uses it; later uses
    are marked ``<abbr>``. A title attribute alone reaches neither keyboards nor, by default, screen
    readers ("P U und M A"); the written-out form does."""

    def __init__(self, terms: Callable[[], list[Abbreviation]], **kwargs: Any) -> None:
        self.terms = terms
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_AbbreviationProcessor(md, self), "befund-abbreviations", 5)


class _AbbreviationProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, ext: Abbreviations) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        terms = {short: (long, href) for short, long, href in self.ext.terms() if short}
        if not terms:
            return
        pattern = re.compile(r"(?<![\w\[])(" + "|".join(re.escape(s) for s in sorted(terms, key=len, reverse=True))
                             + r")(?![\w\]])")
        seen: set[str] = set()
        self._walk(root, pattern, terms, seen)

    def _walk(self, element: etree.Element, pattern: re.Pattern[str], terms: dict[str, tuple[str, str]],
              seen: set[str]) -> None:
        skip = element.tag in SKIP_TAGS or any(c in (element.get("class") or "").split() for c in VERBATIM_CLASSES)
        if not skip:
            element.text, made = self._mark(element.text, pattern, terms, seen)
            for index, new in enumerate(made):
                element.insert(index, new)
            for child in list(element):
                self._walk(child, pattern, terms, seen)
        for child in list(element):
            if skip:
                continue
            child.tail, made = self._mark(child.tail, pattern, terms, seen)
            position = list(element).index(child) + 1
            for offset, new in enumerate(made):
                element.insert(position + offset, new)

    @staticmethod
    def _mark(text: str | None, pattern: re.Pattern[str], terms: dict[str, tuple[str, str]],
              seen: set[str]) -> tuple[str | None, list[etree.Element]]:
        """*text* up to the first abbreviation, and the elements that follow it (each with its tail)."""
        if not text or isinstance(text, AtomicString) or "\x02" in text or not pattern.search(text):
            return text, []
        parts = pattern.split(text)
        head, made = parts[0], []
        before = head
        for short, rest in zip(parts[1::2], parts[2::2], strict=True):
            long, href = terms[short]
            abbr = etree.Element("abbr", {"title": long})
            abbr.text = AtomicString(short)
            written_out = before.endswith("(") and rest.startswith(")")  # the author's own "Peer-… (PU)"
            before = rest
            if short in seen or written_out:
                seen.add(short)
                abbr.tail = rest
                made.append(abbr)
                continue
            seen.add(short)
            abbr.tail = " ("
            link = etree.Element("a", {"href": href, "class": "befund-abbr-expansion"})
            link.text = AtomicString(long)
            link.tail = ")" + rest
            made += [abbr, link]
        return head, made
