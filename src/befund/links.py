"""The ``[[kind:id]]`` short-link syntax: its grammar, finding links in a text, checking their targets.

Rendering is a Markdown extension (``mdext.py``), so code spans and fenced blocks show the syntax
literally; finding links for checks uses the same extension whenever a text could hold code.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Protocol

from .cite.locator import LocatorError, parse_locator
from .kinds import LINK_KINDS

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")
LINK_PATTERN = (r"\[\[(?P<kind>[A-Za-z]+):(?P<target>[^\]|\s,]+)"
                r"(?:,\s*(?P<locator>[^\]|\n]+?))?(?:\|(?P<label>[^\]\n]+))?\]\]")
LINK = re.compile(LINK_PATTERN)
ALL_KINDS = (*LINK_KINDS, "page", "lang")
"""Every kind ``[[kind:…]]`` knows: codebook items, pages, and passages in another language."""

_MAYBE_CODE = re.compile(r"`|~~~|^(?: {4}|\t)", re.MULTILINE)

LinkIndex = dict[str, set[str]]
"""Link kind → the ids (or page names) a link of that kind may name."""


@dataclass(frozen=True)
class LinkRef:
    kind: str
    target: str
    label: str | None
    start: int
    end: int
    locator: str | None = None
    """``page 32`` in ``[[ref:burr2020, page 32]]``: where in the work (references only)."""
    raw: str = ""
    """The link as written."""

    @classmethod
    def of(cls, match: re.Match[str], offset: int = 0) -> LinkRef:
        return cls(match.group("kind"), match.group("target"), match.group("label"),
                   match.start() + offset, match.end() + offset, match.group("locator"), match.group(0))


@dataclass(frozen=True)
class LinkError:
    """A link whose target does not exist, or that is malformed."""

    link: LinkRef
    message: str
    hint: str


def find_links(text: str, code_aware: CodeAware | None = None) -> list[LinkRef]:
    """Every ``[[kind:id]]`` in *text* that is not inside code, with its offset."""
    found = [LinkRef.of(m) for m in LINK.finditer(text)]
    if not found or code_aware is None or not _MAYBE_CODE.search(text):
        return found
    seen = code_aware.links_outside_code(text)
    kept: list[LinkRef] = []
    for link in found:  # Markdown saw these, in this order; the others stood in code
        if seen and text[link.start:link.end] == seen[0]:
            kept.append(link)
            seen.pop(0)
    return kept


class CodeAware(Protocol):
    """Tells which ``[[…]]`` of a text Markdown treats as links, i.e. not in code (``mdext.Markdown``)."""

    def links_outside_code(self, text: str) -> list[str]: ...


def check_link(link: LinkRef, known: LinkIndex) -> LinkError | None:
    """None when *link* is well formed and resolves, else what is wrong with it and how to fix it."""
    if link.kind not in ALL_KINDS:
        return LinkError(link, f"unknown link kind '{link.kind}' in [[{link.kind}:{link.target}]]",
                         "use one of " + ", ".join(ALL_KINDS))
    if link.kind == "lang":
        if not LANGUAGE_CODE.fullmatch(link.target) or not link.label:
            return LinkError(link, f"[[lang:{link.target}…]] needs a language code and a text",
                             "write [[lang:de|auf Augenhöhe]]")
        return None
    if link.locator is not None and link.kind != "ref":
        return LinkError(link, f"[[{link.kind}:{link.target}, {link.locator}]]: only references take a locator",
                         f"write [[{link.kind}:{link.target}]]")
    if link.locator is not None:
        parsed = parse_locator(link.locator)
        if isinstance(parsed, LocatorError):
            return LinkError(link, f"[[ref:{link.target}, {link.locator}]]: {parsed.message}", parsed.hint)
    ids = known.get(link.kind, set())
    if link.target in ids:
        return None
    close = difflib.get_close_matches(link.target, sorted(ids), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"no {link.kind} has this id"
    return LinkError(link, f"link target {link.kind} '{link.target}' does not exist", hint)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of *offset* in *text*."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
