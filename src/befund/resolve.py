"""``[[kind:id]]`` on a rendered page: the element each link becomes, in the page's language."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from .links import LinkError, LinkRef, check_link
from .mdext import language_element, link_element
from .model import Codebook
from .targets import Targets, link_index


def relative_href(current_src: str, target_src: str, anchor: str = "") -> str:
    """Link from one page source to another (MkDocs turns ``.md`` links into URLs and checks them)."""
    same_page = target_src == current_src
    href = "" if same_page else relative_path(target_src, posixpath.dirname(current_src))
    return f"{href}#{anchor}" if anchor else (href or "#")


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath(target, start or ".")`` for page sources (relative, normalised POSIX
    paths) without its two ``abspath`` calls, a ``getcwd`` each: a build at 10 000 quotes makes
    150 000 links per language. Anything else goes to ``posixpath.relpath``."""
    to, here = target.split("/"), start.split("/") if start and start != "." else []
    if _ODD_PARTS.intersection(to) or _ODD_PARTS.intersection(here):
        return posixpath.relpath(target, start or ".")
    common = 0
    for a, b in zip(here, to, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


_ODD_PARTS = frozenset({"", ".", ".."})
"""Path parts that mean a path is absolute or not normalised."""


@dataclass
class LinkResolver:
    """Resolves the links of the page being rendered (set :attr:`page` before each page)."""

    targets: Targets
    lang: str
    page_titles: dict[str, str] = field(default_factory=dict)
    """Page source → title, the label of ``[[page:…]]`` links to prose pages."""
    page: str = ""
    errors: list[LinkError] = field(default_factory=list)
    cite: Callable[[str, str | None], str] | None = None
    """In-text citation of a reference (with its locator), in this language's citation style."""
    speak: Callable[[str, str], str | None] | None = None
    """How a screen reader should say a link to a source or quote ("Einzelinterview 14, Zitat 1")."""

    def __post_init__(self) -> None:
        self.index = link_index(self.targets)

    def __call__(self, link: LinkRef) -> etree.Element | None:
        error = check_link(link, self.index)
        if error is not None:  # checked before the build: a template or codebook defect
            self.errors.append(error)
            return None
        if link.kind == "lang":
            return language_element(link.target, link.label or "")
        target = self.targets[(link.kind, link.target)]
        href = relative_href(self.page, target.src_uri, target.anchor)
        if link.label:  # written by the author, in Markdown
            return link_element(href, link.label, literal=False)
        if link.kind == "ref" and self.cite is not None:
            return link_element(href, self.cite(link.target, link.locator), literal=True)
        label = target.label.get(self.lang) or self.page_titles.get(target.src_uri) or link.target
        element = link_element(href, f"{label}, {link.locator}" if link.locator else label, literal=True)
        spoken = self.speak(link.kind, link.target) if self.speak is not None else None
        if spoken:
            element.set("aria-label", spoken)
        return element


def abbreviations(codebook: Codebook, lang: str, links: LinkResolver) -> list[tuple[str, str, str]]:
    """(short form, written out, link to its glossary entry from the current page) for every abbreviation."""
    found = []
    for term in codebook.terms.values():
        short, long = term.abbreviation.get(lang), (term.expansion or term.term).get(lang)
        target = links.targets.get(("term", term.id))
        if short and long and short != long and target is not None:
            found.append((short, long, relative_href(links.page, target.src_uri, target.anchor)))
    return found
