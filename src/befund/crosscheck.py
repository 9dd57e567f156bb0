"""Checks that span files: references, cycles, languages, evidence, and what codebook Markdown publishes.

Each check reads what the converters collected; references, cycles and links are checked even when
study.yaml is unusable, so one broken file never hides the problems of the others.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .collect import Collector
from .kinds import ID_KIND_NAMES, LINK_KINDS
from .links import LINK_PATTERN, CodeAware, LinkIndex, check_link, find_links
from .model import Category, Codebook, Study
from .pages import SINGLE_PAGES
from .problems import Problem, field_name
from .safety import MAY_HOLD_URLS, locate, raw_html, unsafe_html
from .texts import Spot, TextField


@dataclass(frozen=True)
class PageLink:
    """A ``[[page:NAME]]`` link in a codebook text: prose pages differ per language, so it is checked
    once they are known (``check.py``)."""

    where: Problem
    """Located as the problem would be, should the page not exist."""
    name: str
    lang: str


def check_refs(c: Collector) -> None:
    for ref in c.refs:
        kind = c.kind_of(ref.ident)
        if kind is not None and (not ref.allowed or kind in ref.allowed):
            continue
        if kind is None and c.unreadable(ref.ident, ref.allowed):
            continue  # its file already has errors; do not report twice
        wanted = " or ".join(sorted(ID_KIND_NAMES.get(a, a) for a in ref.allowed)) or "item"
        if kind is not None:
            c.problems.append(ref.doc.problem(ref.path, "wrong-reference",
                                              f"'{ref.ident}' is a {ID_KIND_NAMES.get(kind, kind)}, "
                                              f"but a {wanted} is expected here", f"name a {wanted} id"))
            continue
        candidates = [i for i, d in c.defined.items() if not ref.allowed or d.kind in ref.allowed]
        close = difflib.get_close_matches(ref.ident, candidates, n=1)
        rule = "unknown-" + (sorted(ref.allowed)[0] if ref.allowed else "id")
        hint = f"did you mean '{close[0]}'?" if close else f"no {wanted} has this id"
        c.problems.append(ref.doc.problem(ref.path, rule, f"unknown {wanted} '{ref.ident}'", hint))


def check_redirects(c: Collector) -> None:
    """A redirect leads away from an id that is gone: one that still exists would hide it."""
    for redirect in c.redirects:
        if c.kind_of(redirect.source) is not None:
            c.problems.append(_at(redirect.origin, "redirect-from-exists",
                                  f"'{redirect.source}' still exists, so nothing needs to lead away from it",
                                  "remove the redirect, or rename the id it names"))


def check_cycles(c: Collector) -> None:
    """Parents must form trees: a cycle would make pages and the navigation endless."""
    def walk(parents: dict[str, str | None], report: Callable[[str, str], None]) -> None:
        for start in parents:
            seen = [start]
            parent = parents[start]
            while parent in parents:
                if parent == start:
                    report(start, " → ".join([*seen, start]))
                    break
                if parent in seen:
                    break  # a cycle that does not include start; reported from its own members
                seen.append(parent)
                parent = parents[parent]

    def report(what: str) -> Callable[[str, str], None]:
        def add(ident: str, chain: str) -> None:
            doc, path = c.places[ident]
            c.problems.append(doc.problem(path + ("parent",), "cycle", f"{what} parents form a cycle: {chain}",
                                          f"one {what} in the cycle must have another parent (or none)"))
        return add

    walk({k: v.parent for k, v in c.categories.items() if v.kind == "category"}, report("category"))
    walk({k: v.parent for k, v in c.concepts.items()}, report("concept"))


def check_languages(c: Collector, study: Study) -> None:
    """Every text in every site language (translations: every language but the data's own)."""
    doc = c.study_doc
    assert doc is not None
    if study.data_language not in study.languages:
        c.problems.append(doc.problem(("data_language",), "unknown-language",
                                      f"data_language '{study.data_language}' is not one of the site's "
                                      f"languages {study.languages}", "add it to 'languages'"))
    wanted = set(study.languages)
    translated = wanted - {study.data_language}
    for text in c.texts:
        if text.role == "verbatim":
            continue
        need = translated if text.role == "translation" else wanted
        if text.values.keys() == need:
            continue  # the usual case: exactly the languages it should have
        path = text.origin.data_path
        for lang in sorted(need - set(text.values)):
            c.problems.append(_at(text.origin, "missing-language", f"{field_name(path)} has no '{lang}' text",
                                  f"add '{lang}: …' (the site is built in {', '.join(study.languages)})",
                                  field_name(path)))
        for lang in sorted(set(text.values) - wanted):
            spot = text.spots[lang]
            c.problems.append(Problem(spot.path, spot.line, spot.column, "unknown-language",
                                      f"{field_name((*path, lang))} has text in '{lang}', which is not a site "
                                      "language", f"remove it or add '{lang}' to languages in study.yaml",
                                      "warning"))


def check_evidence(codebook: Codebook) -> list[Problem]:
    """Categories no quote is coded to. A codebook without any quote yet (one just imported from a QDA
    program) is not warned category by category: coding comes next."""
    if not codebook.quotes:
        return []
    evidenced: set[str] = set()
    for ident in {coding.id for q in codebook.quotes.values() for coding in q.codings}:
        while ident in codebook.categories and ident not in evidenced:  # it and every ancestor
            evidenced.add(ident)
            parent = codebook.categories[ident].parent
            if parent is None:
                break
            ident = parent
    problems = []
    for cat in codebook.categories.values():
        if cat.id not in evidenced:
            problems.append(_at(cat.origin, "no-evidence", f"{cat.kind} '{cat.id}' has no quote coded to it",
                                "code a quote to it, or check whether it belongs in the codebook", "",
                                "warning"))
    return problems


def descendants(codebook: Codebook, ident: str) -> list[Category]:
    found: list[Category] = []
    stack = [ident]
    while stack:
        for child in codebook.children(stack.pop()):
            if child not in found:
                found.append(child)
                stack.append(child.id)
    return found


def collected_index(c: Collector) -> LinkIndex:
    """What ``[[kind:id]]`` may name, from the ids every readable file defined."""
    index: LinkIndex = {kind: set() for kind in LINK_KINDS}
    for ident, defined in c.defined.items():
        for kind, id_kinds in LINK_KINDS.items():
            if defined.kind in id_kinds:
                index[kind].add(ident)
    index["page"] = set(SINGLE_PAGES)
    for kind, id_kinds in LINK_KINDS.items():  # ids in unreadable files: their files are reported already
        index[kind] |= c.unreadable_ids
        if id_kinds & c.unreadable_kinds:
            index[kind] = _Anything()
    return index


class _Anything(set[str]):
    """Every id: the file that defines this kind failed its schema, so no link to it is reported."""

    def __contains__(self, item: object) -> bool:
        return True


def check_markdown(texts: Iterable[TextField], index: LinkIndex, markdown: CodeAware | None,
                   render: Callable[[str], str] | None) -> tuple[list[Problem], list[PageLink]]:
    """Links, raw HTML and unsafe URLs in the codebook's Markdown texts, each located in its text."""
    problems: list[Problem] = []
    page_links: list[PageLink] = []
    for text in texts:
        if text.role != "markdown":
            continue
        for lang, value in text.values.items():
            spot = text.spots[lang]
            # most texts have no link, tag or URL: a substring test is far cheaper than each scan
            for link in find_links(value, markdown) if "[[" in value else ():
                if link.kind == "page":
                    page_links.append(PageLink(_in_text(spot, link.start, "unknown-link", "", ""), link.target, lang))
                    continue
                error = check_link(link, index)
                if error is not None:
                    problems.append(_in_text(spot, link.start, "unknown-link", error.message, error.hint))
            for offset, message in raw_html(value) if "<" in value else ():
                problems.append(_in_text(spot, offset, "unsafe-markup", message,
                                         "codebook texts are Markdown without raw HTML; remove the tag"))
            if render is not None and _may_hold_urls(value):
                for unsafe in unsafe_html(render(value)):
                    problems.append(_in_text(spot, locate(value, unsafe), "unsafe-markup", unsafe.message,
                                             "remove it: befund publishes only links to web pages, e-mail "
                                             "addresses and the site's own pages"))
    return problems, page_links


def _may_hold_urls(value: str) -> bool:
    """``MAY_HOLD_URLS``, with its characters looked for first (each alternative needs one of them).

    The brackets of befund's own links are left out: Markdown takes ``[[kind:id]]`` before any link
    syntax (``mdext.PRIORITY``; the check's Markdown takes every one), so the ``]]`` in „([[quote:IN_05-1]])“
    or „[[quote:A]] [[quote:B]]“ starts no link; unless a backslash escapes the first bracket.
    """
    if "[[" in value:
        value = _OWN_LINK.sub(_without_brackets, value)
    return ("]" in value or "<" in value or "{" in value or "&" in value) and MAY_HOLD_URLS.search(value) is not None


_OWN_LINK = re.compile(r"(?<!\\)" + LINK_PATTERN)


def _without_brackets(link: re.Match[str]) -> str:
    return "  " + link.group(0)[2:-2] + "  "


def _in_text(spot: Spot, offset: int, rule: str, message: str, hint: str) -> Problem:
    line, column = spot.at(offset)
    return Problem(spot.path, line, column, rule, message, hint)


def _at(origin: object, rule: str, message: str, hint: str, field: str = "", severity: str = "error") -> Problem:
    path, line, column = origin.path, origin.line, origin.column  # type: ignore[attr-defined]
    return Problem(path, line, column, rule, message, hint, severity, field)  # type: ignore[arg-type]
