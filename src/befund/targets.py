"""Where every codebook item lives on the site: page source path and anchor.

Paths are the same in every language (only the language prefix differs), so a link handed out in
German works in English after swapping the prefix, and anchors are the permanent codebook ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from .links import LinkIndex
from .model import Codebook, Text
from .pages import PAGE, SINGLE_PAGES


@dataclass(frozen=True)
class Target:
    """A linkable thing: which page it is on, its anchor there, and its default link text."""

    src_uri: str
    anchor: str
    label: Text


def category_page(category_id: str) -> str:
    return PAGE["category"].src(category_id)


def source_page(source_id: str) -> str:
    return PAGE["source"].src(source_id)


Targets = dict[tuple[str, str], Target]


def build_targets(codebook: Codebook, prose_titles: dict[str, Text] | None = None) -> Targets:
    """Every ``(kind, id)`` that ``[[kind:id]]`` may name, with its location."""
    langs = codebook.study.languages
    same = lambda text: {lang: text for lang in langs}  # noqa: E731 - tiny local helper
    targets: Targets = {}
    for cat in codebook.categories.values():
        page = codebook.page_category(cat.id)
        anchor = "" if page.id == cat.id else cat.id
        targets[("category", cat.id)] = Target(category_page(page.id), anchor, cat.label)
    for quote in codebook.quotes.values():
        targets[("quote", quote.id)] = Target(primary_page(codebook, quote.id), quote.id, same(quote.id))
    for source in codebook.sources.values():
        targets[("source", source.id)] = Target(source_page(source.id), "", same(source.id))
    for concept in codebook.concepts.values():
        targets[("concept", concept.id)] = Target(SINGLE_PAGES["theory"], concept.id, concept.label)
    for rec in codebook.recommendations.values():
        targets[("recommendation", rec.id)] = Target(SINGLE_PAGES["recommendations"], rec.id, rec.label)
    for term in codebook.terms.values():
        targets[("term", term.id)] = Target(SINGLE_PAGES["glossary"], term.id, term.abbreviation or term.term)
    for ref in codebook.references.values():
        targets[("ref", ref.id)] = Target(SINGLE_PAGES["references"], ref.id, same(ref.id))  # label: citations
    for name, path in SINGLE_PAGES.items():
        targets[("page", name)] = Target(path, "", {})
    for name, titles in (prose_titles or {}).items():
        targets[("page", name)] = Target(f"{name}.md", "", titles)
    return targets


def link_index(targets: Targets) -> LinkIndex:
    index: LinkIndex = {}
    for kind, ident in targets:
        index.setdefault(kind, set()).add(ident)
    return index


def primary_page(codebook: Codebook, quote_id: str) -> str:
    """The page where a quote is interpreted: its canonical home."""
    quote = codebook.quotes[quote_id]
    return category_page(codebook.page_category(quote.codings[0].id).id)
