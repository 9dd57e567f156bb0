"""Bookkeeping while codebook files are converted: ids, texts, references, and the items themselves.

Converters (``convert.py``) only read one file and call this; everything that spans files is
checked afterwards (``crosscheck.py``) from what was collected here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .load import DataPath, Document
from .model import (
    Acknowledgement,
    Basis,
    Category,
    Concept,
    Interpretation,
    Origin,
    Quote,
    Recommendation,
    Redirect,
    Reference,
    Source,
    Term,
    Text,
)
from .problems import Problem
from .texts import Spot, TextField, TextRole

BASIS_KEYS = frozenset({"basis", "section"})
"""Keys of an interpretive text that are not languages."""


@dataclass(frozen=True)
class Ref:
    """A reference from one item to another by id, located for messages."""

    doc: Document
    path: DataPath
    ident: str
    allowed: frozenset[str]
    """Id kinds it may name (``category``, ``dimension``, …); empty: any kind."""


@dataclass
class Defined:
    kind: str
    doc: Document
    path: DataPath


@dataclass
class Collector:
    """Everything converters found, plus the problems they reported."""

    problems: list[Problem]
    study_doc: Document | None = None
    study_data: dict[str, Any] | None = None
    defined: dict[str, Defined] = field(default_factory=dict)
    unreadable_ids: set[str] = field(default_factory=set)
    """Ids in files that failed their schema: references to them are not reported again."""
    unreadable_kinds: set[str] = field(default_factory=set)
    """Id kinds whose only file failed its schema (glossary.yaml, …): their ids are all unknown."""
    categories: dict[str, Category] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    intros: dict[str, Text] = field(default_factory=dict)
    texts: list[TextField] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)
    places: dict[str, tuple[Document, DataPath]] = field(default_factory=dict)
    """Item id → where it is defined, for messages about it."""

    def origin(self, doc: Document, path: DataPath) -> Origin:
        line, column = doc.where(path)
        return Origin(doc.display, line, column, tuple(path))

    def define(self, kind: str, ident: str, doc: Document, path: DataPath) -> bool:
        """Claim *ident* for an item of *kind*; False (and a problem) when it is taken."""
        first = self.defined.get(ident)
        if first is not None:
            line = first.doc.where(first.path)[0]
            self.problems.append(doc.problem(path + ("id",), "duplicate-id",
                                             f"id '{ident}' is already used by a {first.kind} "
                                             f"in {first.doc.display}:{line}",
                                             "ids are permanent and unique across the codebook; choose another"))
            return False
        self.defined[ident] = Defined(kind, doc, path)
        self.places[ident] = (doc, path)
        return True

    def kind_of(self, ident: str) -> str | None:
        found = self.defined.get(ident)
        return found.kind if found else None

    def unreadable(self, ident: str, kinds: frozenset[str]) -> bool:
        """Whether *ident* may exist in a file that failed its schema (then it is not reported missing)."""
        return ident in self.unreadable_ids or bool(kinds & self.unreadable_kinds)

    def text(self, doc: Document, path: DataPath, value: dict[str, Any] | None, owner: str,
             role: TextRole = "markdown", acknowledged: list[Acknowledgement] | None = None,
             section: str | None = None) -> Text:
        """A text field per language, registered so every text check and the lint see it.

        A text that says its basis becomes an Interpretation; *section* is the item's own, which an
        article-based text without a section of its own refers to.
        """
        if not value and role != "translation":  # a missing translation is reported per language it lacks
            return {}
        value = value or {}
        texts = {lang: text for lang, text in value.items() if lang not in BASIS_KEYS and isinstance(text, str)}
        basis = self.basis(doc, path, value, section) if "basis" in value else None
        spots: dict[str, Spot] = {lang: doc.spot(path + (lang,)) for lang in texts}
        self.texts.append(TextField(owner, _field(path), texts, role, spots, self.origin(doc, path),
                                    tuple(acknowledged or ()), acknowledged is not None, basis))
        return Interpretation(texts, basis) if basis is not None else texts

    def basis(self, doc: Document, path: DataPath, value: dict[str, Any], section: str | None) -> Basis:
        """What *value* says of its basis; the article's section is required where it is the article's."""
        kind = value["basis"]
        own = value.get("section", section) if kind == "article" else value.get("section")
        if kind == "article" and own is None:
            self.problems.append(doc.problem(path + ("basis",), "missing-section",
                                             "the text restates the article but does not say where",
                                             "add 'section: \"5.1\"' (the article's section) next to 'basis'"))
        return Basis(kind, own)

    def verbatim(self, doc: Document, path: DataPath, value: str, owner: str,
                 acknowledged: list[Acknowledgement]) -> str:
        """A quote's original: one text in the data language, checked strictest."""
        self.texts.append(TextField(owner, _field(path), {"": value}, "verbatim", {"": doc.spot(path)},
                                    self.origin(doc, path), tuple(acknowledged), True))
        return value

    def ref_list(self, doc: Document, path: DataPath, ids: list[str] | None, allowed: set[str]) -> list[str]:
        """Ids that must name existing items of an allowed kind (checked once every file is read)."""
        for i, ident in enumerate(ids or []):
            self.refs.append(Ref(doc, path + (i,), ident, frozenset(allowed)))
        return list(ids or [])

    def ref(self, doc: Document, path: DataPath, ident: str, allowed: set[str]) -> str:
        self.refs.append(Ref(doc, path, ident, frozenset(allowed)))
        return ident


def _field(path: DataPath) -> str:
    """The field's own name (``summary``) or, in a nested mapping, its last two parts."""
    names = [str(p) for p in path if not isinstance(p, int)]
    return names[-1] if names else ""
