"""What the page templates ask of the codebook: where quotes stand, what rests on a category, how to
say an id aloud. Plain queries over the model; the Renderer offers them to templates as ``r``."""

from __future__ import annotations

import posixpath
import re
from functools import cached_property
from typing import Any

from markupsafe import Markup, escape

from ..codeindex import article_order
from ..model import Category, Codebook, Coding, Quote, Recommendation
from ..pages import PAGE
from ..resolve import relative_path
from ..targets import primary_page
from .labels import Labels


def page_url(src: str) -> str:
    """The directory URL MkDocs gives a page source (``categories/x/index.md`` → ``categories/x/``)."""
    path = src[:-3]
    if path == "index" or path.endswith("/index"):
        return path[:-5]
    return path + "/"


def relative_url(from_src: str, to_src: str, anchor: str = "") -> str:
    """A link in raw HTML (which MkDocs does not rewrite) from one page to another, by their URLs."""
    here, there = page_url(from_src), page_url(to_src)
    href = "" if here == there else relative_path(there.rstrip("/") or ".", here.rstrip("/")) + "/"
    return f"{href}#{anchor}" if anchor else (href or "./")


class Queries:
    codebook: Codebook
    lang: str
    labels: Labels

    def t(self, key: str, **values: Any) -> str:  # pragma: no cover - provided by the Renderer
        raise NotImplementedError

    # -- quotes on a page -------------------------------------------------------------------------------
    def placements(self, page: Category) -> dict[str, str]:
        """Quote id → the category or dimension on *page* under which it stands in full: its first
        coding on this page. Elsewhere on the page it is referred to briefly, so every id is unique."""
        here = {page.id} | {d.id for d in self.codebook.children(page.id, "dimension")}
        return {quote.id: next(c.id for c in quote.codings if c.id in here)
                for quote in self.codebook.quotes_coded_to_any(here)}


    def coding_of(self, quote: Quote, node_id: str) -> Coding:
        return next(c for c in quote.codings if c.id == node_id)


    def quote_page(self, quote: Quote) -> str:
        """Where a quote is interpreted: its permanent home."""
        return primary_page(self.codebook, quote.id)


    def quotes_in_article_order(self) -> list[Quote]:
        return sorted(self.codebook.quotes.values(), key=article_order)


    def quotes_of_source(self, source_id: str) -> list[Quote]:
        return [self.codebook.quotes[q] for q in self.codebook.sources[source_id].quotes]


    def categories_with_concept(self, concept_id: str) -> list[Any]:
        return [c for c in self.codebook.categories.values() if concept_id in c.concepts]


    def link_any(self, ident: str) -> str:
        """``[[kind:id]]`` for an id of any kind (glossary 'see also' may point anywhere)."""
        cb = self.codebook
        for kind, table in (("term", cb.terms), ("concept", cb.concepts), ("category", cb.categories),
                            ("recommendation", cb.recommendations), ("source", cb.sources),
                            ("quote", cb.quotes), ("ref", cb.references)):
            if ident in table:
                return f"[[{kind}:{ident}]]"
        raise KeyError(ident)  # validation guarantees the id exists


    def source_type(self, type_id: str) -> Any:
        return next(s for s in self.codebook.study.source_types if s.id == type_id)

    def subtree(self, category: Category) -> list[Category]:
        """The category, its dimensions and its subcategories (with theirs): everything its page covers."""
        found = [category]
        for child in self.codebook.children(category.id):
            found += self.subtree(child) if child.kind == "category" else [child]
        return found

    def dimensions_with_counts(self, category: Category) -> list[tuple[Category, int]]:
        dimensions = self.codebook.children(category.id, "dimension")
        return [(dim, len(self.codebook.quotes_coded(dim.id))) for dim in dimensions]

    def key_quote(self, category: Category) -> Quote | None:
        """The quote the "in short" box shows: the codebook's choice (``key_quote``), else the first quote the
        article cites for this category or one of its dimensions (its primary coding there)."""
        if category.key_quote:
            return self.codebook.quotes.get(category.key_quote)
        ids = {node.id for node in self.subtree(category)}
        primary = [q for q in self.codebook.quotes_coded_to_any(ids) if q.codings[0].id in ids]
        return min(primary, key=article_order) if primary else None

    def practice_for(self, category: Category) -> tuple[list[Recommendation], list[tuple[Recommendation, Any]]]:
        """The practice recommendations and reflection questions that rest on this category's findings
        (the reverse of their ``categories``)."""
        ids = {node.id for node in self.subtree(category)}
        recs = sorted(self.codebook.recommendations.values(), key=lambda r: (r.kind != "practice", r.order))
        resting = [r for r in recs if r.kind == "practice" and ids & set(r.categories)]
        questions = [(r, q) for r in recs for q in r.questions if ids & set(q.categories)]
        return resting, questions

    @cached_property
    def _tree_order(self) -> dict[str, int]:
        """Every category and dimension's position in the category tree, depth first."""
        order: list[str] = []

        def visit(parent: str | None) -> None:
            for node in self.codebook.children(parent):
                order.append(node.id)
                visit(node.id)

        visit(None)
        return {ident: n for n, ident in enumerate(order)}

    def category_position(self, quote: Quote) -> int:
        """Where the quote's primary category or dimension stands in the category tree (for sorting)."""
        first = quote.codings[0].id if quote.codings else ""
        return self._tree_order.get(first, len(self._tree_order))

    def quote_page_href(self, here: str, quote: Quote) -> str:
        """Markdown link to a quote's permanent place (its primary page and anchor)."""
        return relative_path(primary_page(self.codebook, quote.id), posixpath.dirname(here)) + f"#{quote.id}"

    def practice_links(self, recs: list[Recommendation]) -> str:
        return " · ".join(f"[[recommendation:{rec.id}]]" for rec in recs)

    def questions_href(self, here: str, questions: list[tuple[Recommendation, Any]]) -> str:
        """Where the first of these reflection questions stands (Markdown link to the recommendations)."""
        rec = questions[0][0]
        target = PAGE["recommendations"].path
        return relative_path(target, posixpath.dirname(here)) + f"#{rec.id}-questions"

    # -- ids as a screen reader says them -----------------------------------------------------------------
    def speakable_source(self, source_id: str) -> str:
        """``IN_14`` → „Einzelinterview 14“: the source type's name and the source's number."""
        if source_id not in self._speakable_sources:  # every quote block asks; sources are few
            self._speakable_sources[source_id] = self._speak_source(source_id)
        return self._speakable_sources[source_id]

    @cached_property
    def _speakable_sources(self) -> dict[str, str]:
        return {}

    def _speak_source(self, source_id: str) -> str:
        source = self.codebook.sources.get(source_id)
        kind = next((s for s in self.codebook.study.source_types if source and s.id == source.type), None)
        if source is None or kind is None:
            return source_id
        rest = re.sub(rf"^{re.escape(kind.id)}[\s_-]*", "", source.id) if source.id.startswith(kind.id) else source.id
        name = kind.label.get(self.lang) or kind.id
        return f"{name} {rest}".strip()

    def speakable_quote(self, quote: Quote) -> str:
        """``IN_14-1`` → „Einzelinterview 14, Zitat 1“."""
        number = quote.id[len(quote.source):].lstrip("-_ ") if quote.id.startswith(quote.source) else quote.id
        return self.t("quote.speakable", source=self.speakable_source(quote.source), n=number)

    def speakable(self, kind: str, ident: str) -> str | None:
        """The accessible name of a link to a source or a quote (its visible id stays part of it)."""
        if kind == "source" and ident in self.codebook.sources:  # the visible id first (WCAG 2.5.3)
            return f"{ident} ({self.speakable_source(ident)})"
        if kind == "quote" and ident in self.codebook.quotes:
            return f"{ident} ({self.speakable_quote(self.codebook.quotes[ident])})"
        return None

    # -- permanent links -------------------------------------------------------------------------------------
    def copy_link(self, here: str, anchor: str, what: str, target_src: str | None = None) -> Markup:
        """A button that copies the permanent address of *anchor* (on *target_src*, default: this page)."""
        href = relative_url(here, target_src or here, anchor)
        done, failed, text = self._copy_words
        return Markup('<button type="button" class="befund-copy befund-copy--link md-button" '
                      f'data-copy-href="{escape(href)}" data-copy-done="{done}" data-copy-failed="{failed}" '
                      f'aria-label="{escape(self.t("copy.link_label", what=what))}" hidden>{text}</button>')

    @cached_property
    def _copy_words(self) -> tuple[Markup, Markup, Markup]:
        """The copy button's fixed words, escaped once (every section and quote has a button)."""
        done, failed, text = (escape(self.t(key)) for key in ("copy.link_done", "copy.failed", "copy.link"))
        return done, failed, text
