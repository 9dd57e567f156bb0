"""The codebook as plain data: what the rest of befund reads, never the YAML itself."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Literal

Text = dict[str, str]
"""A human-readable text per language code, e.g. ``{"de": "…", "en": "…"}``."""


@dataclass(frozen=True)
class Basis:
    """Whose words a text or coding is: the article's (at *section*) or the editors' reading."""

    kind: Literal["article", "editors"]
    section: str | None = None


class Interpretation(dict[str, str]):
    """A text per language that says its basis (summaries, descriptions, contexts, definitions, …)."""

    def __init__(self, texts: dict[str, str], basis: Basis) -> None:
        super().__init__(texts)
        self.basis = basis


@dataclass(frozen=True)
class Coding:
    """A quote assigned to a category or dimension; the basis says whether the article makes it."""

    id: str
    basis: Basis


@dataclass(frozen=True)
class Origin:
    """Where an item was defined, for messages about it."""

    path: str
    line: int
    column: int
    data_path: tuple[str | int, ...] = ()
    """Where the item sits inside its file, e.g. ``("quotes", 3)``."""


Anchor = tuple[int, int, int]
"""``(offset in the text, line, column)``: where a stretch of a text stands in its file."""


@dataclass(eq=False)
class Spot:
    """Where a text begins in its file, and how to find any offset inside it.

    YAML folds and indents texts, so offset → line/column needs the source lines; *anchors* works
    that out only when a problem is actually reported (most texts never need it).
    """

    path: str
    line: int
    column: int
    anchors_of: Callable[[], list[Anchor]] | None = None
    """Computes one anchor per source line of the text; None: the text is one line as written."""

    @classmethod
    def of_text(cls, path: str, text: str, line: int = 1, column: int = 1) -> Spot:
        """A text that stands in its file as it is (line breaks kept, no indentation)."""
        return cls(path, line, column, partial(_line_anchors, text, line, column) if "\n" in text else None)

    @cached_property
    def _anchors(self) -> list[Anchor]:
        found = self.anchors_of() if self.anchors_of is not None else []
        return found or [(0, self.line, self.column)]

    def at(self, offset: int) -> tuple[int, int]:
        """Line and column of character *offset* of the text."""
        anchors = self._anchors
        index = bisect.bisect_right(anchors, (offset, 1 << 60, 0)) - 1
        start, line, column = anchors[max(0, index)]
        return line, column + max(0, offset - start)


def _line_anchors(text: str, line: int, column: int) -> list[Anchor]:
    """One anchor per line of *text*, which begins at *line*, *column* (a partial, so a Spot pickles)."""
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return [(start, line + n, column if n == 0 else 1) for n, start in enumerate(starts)]


TextRole = Literal["verbatim", "translation", "markdown", "plain"]


@dataclass(frozen=True)
class TextField:
    """One human-written text of the codebook: what language checks, link checks and the lint read.

    Converters register every text they read here, so no check can miss a field.
    """

    owner: str
    """The item it belongs to, for messages, e.g. ``quote GD_02-1``."""
    field: str
    """Which field, e.g. ``context`` or ``summary``."""
    values: dict[str, str]
    """Text per language; a quote's ``original`` has the single key ``""``."""
    role: TextRole
    spots: dict[str, Spot]
    """Where each language's text stands."""
    origin: Origin
    """The field itself (the mapping of languages)."""
    acknowledged: tuple[Acknowledgement, ...] = ()
    acknowledgeable: bool = False
    """Whether the owner has an ``acknowledge:`` list, so hints can offer it."""
    basis: Basis | None = None


@dataclass
class Author:
    name: str
    affiliation: Text = field(default_factory=dict)


@dataclass
class SourceType:
    id: str
    label: Text
    description: Text = field(default_factory=dict)


@dataclass
class MethodFact:
    id: str
    label: Text
    value: int | str


@dataclass
class Study:
    id: str
    title: Text
    authors: list[Author]
    year: int
    license_id: str
    license_name: Text
    license_url: Text
    languages: list[str]
    """Site languages; the first is the default and lives at the site root."""
    data_language: str
    abstract: Text
    changes: Text
    source_types: list[SourceType]
    subtitle: Text = field(default_factory=dict)
    site_name: Text = field(default_factory=dict)
    received: str | None = None
    accepted: str | None = None
    journal: str | None = None
    doi: str | None = None
    url: str | None = None
    """The article's own address, when known (never invented)."""
    copyright: str = ""
    keywords: dict[str, list[str]] = field(default_factory=dict)
    abstract_source: dict[str, str] = field(default_factory=dict)
    method_approach: Text = field(default_factory=dict)
    research_question: Text = field(default_factory=dict)
    method_facts: list[MethodFact] = field(default_factory=list)
    findings_intro: Text = field(default_factory=dict)
    how_to_read: Text = field(default_factory=dict)
    funding: Text = field(default_factory=dict)
    data_availability: Text = field(default_factory=dict)

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass
class Category:
    """A node of the category system: a (sub)category with a page, or a dimension inside one."""

    id: str
    kind: Literal["category", "dimension"]
    parent: str | None
    order: int
    label: Text
    summary: Text
    origin: Origin
    description: Text = field(default_factory=dict)
    section: str | None = None
    in_vivo: bool = False
    related: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    basis: Basis | None = None
    """Whether the article names and delimits this node, or the editors cut and named it."""


@dataclass
class Acknowledgement:
    rule: str
    reason: str
    match: str | None = None
    origin: Origin | None = None


@dataclass
class Quote:
    id: str
    source: str
    original: str
    """Verbatim, in the study's data language."""
    translation: Text
    """The editors' translations into the other site languages."""
    codings: list[Coding]
    """Categories or dimensions; the first is where the passage is interpreted (its page)."""
    origin: Origin
    section: str | None = None
    order: int | None = None
    """Position among the quotes the article cites (1 = the first)."""
    in_vivo: bool = False
    context: Text = field(default_factory=dict)
    note: Text = field(default_factory=dict)
    acknowledge: list[Acknowledgement] = field(default_factory=list)

    def text(self, lang: str, data_language: str) -> str:
        return self.original if lang == data_language else self.translation[lang]


@dataclass
class Source:
    id: str
    type: str
    origin: Origin
    description: Text = field(default_factory=dict)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Concept:
    id: str
    label: Text
    summary: Text
    origin: Origin
    parent: str | None = None
    order: int = 0
    description: Text = field(default_factory=dict)
    section: str | None = None
    references: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass
class Recommendation:
    id: str
    kind: Literal["practice", "research"]
    label: Text
    summary: Text
    origin: Origin
    order: int = 0
    description: Text = field(default_factory=dict)
    section: str | None = None
    categories: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    practice: Text = field(default_factory=dict)
    """What it could mean in practice: the editors' reading."""
    questions: list[Question] = field(default_factory=list)


@dataclass
class Question:
    """A reflection question for practice and training, with the categories it rests on."""

    text: Text
    categories: list[str]


@dataclass
class Term:
    id: str
    term: Text
    definition: Text
    origin: Origin
    abbreviation: Text = field(default_factory=dict)
    related: list[str] = field(default_factory=list)


@dataclass
class Name:
    family: str
    given: str = ""


@dataclass
class Reference:
    """A bibliography entry; fields follow CSL-JSON so exporters can pass them on."""

    id: str
    type: str
    author: list[Name]
    issued: int
    title: str
    origin: Origin
    editor: list[Name] = field(default_factory=list)
    container_title: str = ""
    collection_title: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    edition: str = ""
    publisher: str = ""
    publisher_place: str = ""
    url: str = ""
    accessed: str = ""
    doi: str = ""
    language: str = ""
    """Language of the work, so its title can be marked where the page is in another language."""


@dataclass
class Codebook:
    """Everything a site is built from, with all references resolved and checked."""

    study: Study
    categories: dict[str, Category]
    sources: dict[str, Source]
    quotes: dict[str, Quote]
    concepts: dict[str, Concept]
    recommendations: dict[str, Recommendation]
    terms: dict[str, Term]
    references: dict[str, Reference]
    concepts_intro: Text = field(default_factory=dict)
    recommendations_intro: Text = field(default_factory=dict)
    texts: list[TextField] = field(default_factory=list)
    """Every human-written text, located: what the anonymisation lint and text checks read."""

    def children(self, parent: str | None, kind: str | None = None) -> list[Category]:
        """Direct children of *parent* (None: the main categories), in codebook order."""
        return [c for c in self._index().children.get(parent, ()) if kind is None or c.kind == kind]

    def page_category(self, category_id: str) -> Category:
        """The category whose page shows *category_id* (a dimension lives on its parent's page)."""
        category = self.categories[category_id]
        while category.kind == "dimension" and category.parent is not None:
            category = self.categories[category.parent]
        return category

    def quotes_coded(self, category_id: str) -> list[Quote]:
        """Quotes coded to *category_id*, in the article's order (those it does not cite after, by id)."""
        return list(self._index().coded.get(category_id, ()))

    def _index(self) -> _Index:
        """Children and coded quotes of every category, made on first use: pages ask for them per
        category, and scanning every quote each time made rendering 10 000 quotes take minutes.

        Remade when the tables are replaced or grow (a codebook is not changed once validated)."""
        key = (id(self.categories), len(self.categories), id(self.quotes), len(self.quotes))
        index: _Index | None = self.__dict__.get("_befund_index")
        if index is None or index.key != key:
            index = _Index.of(self, key)
            self.__dict__["_befund_index"] = index  # not a dataclass field: equality and repr stay as they were
        return index

    def ancestors(self, category_id: str) -> list[Category]:
        """From the main category down to the parent of *category_id*."""
        chain: list[Category] = []
        parent = self.categories[category_id].parent
        while parent is not None and parent in self.categories and len(chain) < len(self.categories):
            chain.append(self.categories[parent])
            parent = self.categories[parent].parent
        return list(reversed(chain))


def article_order(quote: Quote) -> tuple[int, int, str]:
    """Sort key: where the article cites the quote; quotes it does not cite follow, by id."""
    return (0, quote.order, quote.id) if quote.order is not None else (1, 0, quote.id)


@dataclass(frozen=True)
class _Index:
    key: tuple[int, int, int, int]
    children: dict[str | None, list[Category]]
    """Parent id (None: main categories) → its children by (order, id)."""
    coded: dict[str, list[Quote]]
    """Category or dimension id → the quotes coded to it, in the article's order."""

    @classmethod
    def of(cls, codebook: Codebook, key: tuple[int, int, int, int]) -> _Index:
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
