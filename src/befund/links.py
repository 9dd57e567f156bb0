"""The ``[[kind:id]]`` short link syntax: find, check and resolve per language."""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from dataclasses import dataclass

from .safety import md_escape
from .sitemap import LINK_KINDS, Target

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")
LINK = re.compile(r"\[\[([A-Za-z]+):([^\]|\s]+)(?:\|([^\]\n]+))?\]\]")


@dataclass(frozen=True)
class LinkRef:
    kind: str
    target: str
    label: str | None
    start: int
    end: int


@dataclass(frozen=True)
class LinkError:
    """A link whose target does not exist; *offset* is its position in the text."""

    link: LinkRef
    message: str
    hint: str


def find_links(text: str) -> list[LinkRef]:
    return [LinkRef(m.group(1), m.group(2), m.group(3), m.start(), m.end()) for m in LINK.finditer(text)]


def check_link(link: LinkRef, targets: dict[tuple[str, str], Target]) -> LinkError | None:
    """None when *link* resolves, else what is wrong with it and how to fix it."""
    if link.kind not in LINK_KINDS:
        return LinkError(link, f"unknown link kind '{link.kind}' in [[{link.kind}:{link.target}]]",
                         "use one of " + ", ".join(LINK_KINDS))
    if link.kind == "lang":
        if not LANGUAGE_CODE.fullmatch(link.target) or not link.label:
            return LinkError(link, f"[[lang:{link.target}…]] needs a language code and a text",
                             "write [[lang:de|auf Augenhöhe]]")
        return None
    if (link.kind, link.target) in targets:
        return None

    known = [ident for kind, ident in targets if kind == link.kind]
    close = difflib.get_close_matches(link.target, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"no {link.kind} has this id"
    return LinkError(link, f"link target {link.kind} '{link.target}' does not exist", hint)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of *offset* in *text*."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def resolve(text: str, lang: str, current_src: str, targets: dict[tuple[str, str], Target],
            page_titles: dict[str, str] | None = None) -> tuple[str, list[LinkError]]:
    """Replace every ``[[kind:id]]`` in *text* by a Markdown link relative to *current_src*."""
    problems: list[LinkError] = []

    def replace(match: re.Match[str]) -> str:
        link = LinkRef(match.group(1), match.group(2), match.group(3), match.start(), match.end())
        error = check_link(link, targets)
        if error is not None:
            problems.append(error)
            return match.group(0)
        if link.kind == "lang":
            # the passage's own language, for screen readers; the text stays Markdown-inert
            return f'<span lang="{link.target}">{html.escape(link.label or "", quote=False)}</span>'
        target = targets[(link.kind, link.target)]
        if link.label:  # written by the author in Markdown already
            label = link.label
        else:
            label = md_escape(target.label.get(lang) or (page_titles or {}).get(target.src_uri) or link.target)
        href = relative_href(current_src, target.src_uri, target.anchor)
        return f"[{label}]({href})"

    return LINK.sub(replace, text), problems


def relative_href(current_src: str, target_src: str, anchor: str = "") -> str:
    """Link from one page source to another (MkDocs turns ``.md`` links into URLs and checks them)."""
    same_page = target_src == current_src
    href = "" if same_page else posixpath.relpath(target_src, posixpath.dirname(current_src) or ".")
    return f"{href}#{anchor}" if anchor else (href or "#")
