"""``[[kind:id]]`` as a Python-Markdown extension, and Markdown as the checks see it.

An inline processor (priority between code spans and links) turns each short link into an element;
code spans and fenced blocks are tokenised earlier, so they show the syntax literally. The same
extension, in collecting mode, tells the checks which links a text really has.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
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
