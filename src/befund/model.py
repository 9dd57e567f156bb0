"""The codebook as plain data: what the rest of befund reads, never the YAML itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .codeindex import CodebookIndex
from .texts import TextField

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
    site_version: str = ""
    lead: Text = field(default_factory=dict)
    """Two or three plain sentences on what the study is and whom the site is for (the home page's start)."""
    perspective: Text = field(default_factory=dict)
    """Whose view the findings are (e.g. "as the interviewed PU see it"), shown with each summary."""
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
    guid: str | None = None
    """The code's GUID in a QDA program (kept from an import, so exports keep it too)."""
    color: str | None = None
    """The code's colour in a QDA program (``#RRGGBB``)."""
    key_quote: str | None = None
    """The quote its "in short" box shows (default: the first the article cites for it)."""


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
    expansion: Text = field(default_factory=dict)
    """The abbreviation written out in running text (default: the term)."""


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


@dataclass(frozen=True)
class Redirect:
    """A renamed id or moved page: old permanent links to *source* lead to *target* now."""

    source: str
    target: str
    origin: Origin


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
    redirects: list[Redirect] = field(default_factory=list)

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

    def quotes_coded_to_any(self, category_ids: Iterable[str]) -> list[Quote]:
        """Quotes coded to any of *category_ids*, each once (a quote may be coded to several)."""
        return list({q.id: q for ident in category_ids for q in self.quotes_coded(ident)}.values())

    def _index(self) -> CodebookIndex:
        return CodebookIndex.of_codebook(self)

    def ancestors(self, category_id: str) -> list[Category]:
        """From the main category down to the parent of *category_id*."""
        chain: list[Category] = []
        parent = self.categories[category_id].parent
        while parent is not None and parent in self.categories and len(chain) < len(self.categories):
            chain.append(self.categories[parent])
            parent = self.categories[parent].parent
        return list(reversed(chain))
