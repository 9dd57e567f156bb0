"""A tiny HTML reader for tests: text of every element with an id, links, and the <html lang>."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    @property
    def content(self) -> str:
        return " ".join("".join(self.text).split())

    def find_all(self, tag: str) -> list[Element]:
        found = [c for c in self.children if c.tag == tag]
        for child in self.children:
            found += child.find_all(tag)
        return found


class Scan(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.by_id: dict[str, Element] = {}
        self.ids: list[str] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.lang = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "source") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel", "") not in ("canonical", "alternate"):
            self.resources.append(a["href"])  # stylesheets, icons, preconnects: things a browser fetches
        element = Element(tag, a)
        self.stack[-1].children.append(element)
        if "id" in a:
            self.ids.append(a["id"])
            self.by_id.setdefault(a["id"], element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text.append(data)


def normalise(text: str) -> str:
    return " ".join(text.split())
