"""The codebook's category tree and codings as lookup tables, and the article's order of quotes.

Pages ask per category for its children and the quotes coded to it; scanning every quote each
time made rendering 10 000 quotes take minutes (``Codebook.children``/``quotes_coded`` use this).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Category, Codebook, Quote


def article_order(quote: Quote) -> tuple[int, int, str]:
    """Sort key: where the article cites the quote; quotes it does not cite follow, by id."""
    return (0, quote.order, quote.id) if quote.order is not None else (1, 0, quote.id)


@dataclass(frozen=True)
class CodebookIndex:
    """What pages ask of the codebook per category, answered from tables made once."""

    key: tuple[int, int, int, int]
    children: dict[str | None, list[Category]]
    """Parent id (None: main categories) → its children by (order, id)."""
    coded: dict[str, list[Quote]]
    """Category or dimension id → the quotes coded to it, in the article's order."""

    @classmethod
    def of_codebook(cls, codebook: Codebook) -> CodebookIndex:
        """Made on first use; remade when the tables are replaced or grow (tests build codebooks)."""
        key = (id(codebook.categories), len(codebook.categories), id(codebook.quotes), len(codebook.quotes))
        index: CodebookIndex | None = codebook.__dict__.get("_befund_index")
        if index is None or index.key != key:
            index = cls.of(codebook, key)
            codebook.__dict__["_befund_index"] = index  # not a dataclass field: equality and repr stay as they were
        return index

    @classmethod
    def of(cls, codebook: Codebook, key: tuple[int, int, int, int]) -> CodebookIndex:
        children: dict[str | None, list[Category]] = {}
        for category in codebook.categories.values():
            children.setdefault(category.parent, []).append(category)
        for found in children.values():
            found.sort(key=lambda c: (c.order, c.id))
        coded: dict[str, list[Quote]] = {}
        for quote in codebook.quotes.values():
            for ident in dict.fromkeys(coding.id for coding in quote.codings):  # once per quote, as any() did
                coded.setdefault(ident, []).append(quote)
        for quotes in coded.values():
            quotes.sort(key=article_order)
        return cls(key, children, coded)
