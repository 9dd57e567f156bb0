"""Where every codebook item lives on the site: page source path and anchor.

Paths are the same in every language (only the language prefix differs), so a link handed out in
German works in English after swapping the prefix, and anchors are the permanent codebook ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Codebook, Text

GENERATED_PAGES = {
    "home": "index.md",
    "categories": "categories/index.md",
    "sources": "sources/index.md",
    "quotes": "quotes/index.md",
    "theory": "theory.md",
    "recommendations": "recommendations.md",
    "glossary": "glossary.md",
    "references": "references.md",
    "about": "about.md",
}
"""Page name (as in ``[[page:NAME]]``) → page source path, for the pages befund generates."""

LINK_KINDS = ("category", "quote", "source", "concept", "recommendation", "term", "ref", "page", "lang")
"""``[[lang:de|auf Augenhöhe]]`` is no link: it marks a passage in another language (WCAG 3.1.2)."""


@dataclass(frozen=True)
class Target:
    """A linkable thing: which page it is on, its anchor there, and its default link text."""

    src_uri: str
    anchor: str
    label: Text


def category_page(category_id: str) -> str:
    return f"categories/{category_id}.md"


def source_page(source_id: str) -> str:
    return f"sources/{source_id}.md"


def build_targets(codebook: Codebook, prose_titles: dict[str, Text] | None = None) -> dict[tuple[str, str], Target]:
    """Every ``(kind, id)`` that ``[[kind:id]]`` may name, with its location."""
    langs = codebook.study.languages
    same = lambda text: {lang: text for lang in langs}  # noqa: E731 - tiny local helper
    targets: dict[tuple[str, str], Target] = {}
    for cat in codebook.categories.values():
        page = codebook.page_category(cat.id)
        anchor = "" if page.id == cat.id else cat.id
        targets[("category", cat.id)] = Target(category_page(page.id), anchor, cat.label)
    for quote in codebook.quotes.values():
        home = primary_page(codebook, quote.id)
        targets[("quote", quote.id)] = Target(home, quote.id, same(quote.id))
    for source in codebook.sources.values():
        targets[("source", source.id)] = Target(source_page(source.id), "", same(source.id))
    for concept in codebook.concepts.values():
        targets[("concept", concept.id)] = Target(GENERATED_PAGES["theory"], concept.id, concept.label)
    for rec in codebook.recommendations.values():
        targets[("recommendation", rec.id)] = Target(GENERATED_PAGES["recommendations"], rec.id, rec.label)
    for term in codebook.terms.values():
        label = term.abbreviation or term.term
        targets[("term", term.id)] = Target(GENERATED_PAGES["glossary"], term.id, label)
    for ref in codebook.references.values():
        targets[("ref", ref.id)] = Target(GENERATED_PAGES["references"], ref.id, short_citation(ref, langs))
    for name, path in GENERATED_PAGES.items():
        targets[("page", name)] = Target(path, "", {})
    for name, titles in (prose_titles or {}).items():
        targets[("page", name)] = Target(f"{name}.md", "", titles)
    return targets


def primary_page(codebook: Codebook, quote_id: str) -> str:
    """The page where a quote is interpreted: its canonical home."""
    quote = codebook.quotes[quote_id]
    return category_page(codebook.page_category(quote.codings[0]).id)


_AND = {"de": "und", "en": "and"}


def short_citation(ref, langs: list[str]) -> Text:  # type: ignore[no-untyped-def]
    """Author–year label, e.g. ``Reiter und Witzel 2022`` / ``Burr et al. 2020``."""
    names = [a.family for a in ref.author]
    out: Text = {}
    for lang in langs:
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} {_AND.get(lang, '&')} {names[1]}"
        else:
            who = f"{names[0]} et al."
        out[lang] = f"{who} {ref.issued}"
    return out
