"""Codebook files → checked model plus every problem found. Never raises on user data."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import schema
from .links import check_link, find_links, line_col
from .load import DataPath, Document, load_file
from .model import (
    Acknowledgement,
    Author,
    Category,
    Codebook,
    Concept,
    MethodFact,
    Name,
    Origin,
    Quote,
    Recommendation,
    Reference,
    Source,
    SourceType,
    Study,
    Term,
    Text,
)
from .problems import Problem, display_path, errors, field_name
from .safety import unsafe_markdown
from .sitemap import GENERATED_PAGES, build_targets

SINGLE_FILES = {
    "study.yaml": "study",
    "concepts.yaml": "concepts",
    "recommendations.yaml": "recommendations",
    "glossary.yaml": "glossary",
    "references.yaml": "references",
}
FOLDERS = {"categories": "category", "quotes": "quotes"}


@dataclass(frozen=True)
class PageLink:
    where: Problem
    """Located as a problem would be, should the page not exist."""
    name: str
    lang: str


@dataclass
class Result:
    """What validation produced: the model (None when errors prevent it) and all problems."""

    codebook: Codebook | None
    problems: list[Problem]
    page_links: list[PageLink] = field(default_factory=list)
    """``[[page:NAME]]`` links in codebook texts: checked per language once the prose pages are known."""

    @property
    def ok(self) -> bool:
        return self.codebook is not None and not errors(self.problems)


def load_codebook(root: Path, base: Path | None = None) -> Result:
    """Load, schema-check and cross-check every file under *root* in one pass."""
    base = base or root.parent
    problems: list[Problem] = []
    if not root.is_dir():
        shown = display_path(root, base)
        return Result(None, [Problem(shown, 0, 0, "no-codebook", f"codebook folder {shown} does not exist",
                                     "create it or set the befund plugin's 'codebook' option")])
    docs: list[tuple[Document, str]] = []
    for path, kind in _discover(root, base, problems):
        doc, found = load_file(path, display_path(path, base))
        problems.extend(found)
        if doc is not None:
            docs.append((doc, kind))
    builder = _Builder(problems)
    for doc, kind in docs:
        found = schema.check_document(doc, kind)
        problems.extend(found)
        if errors(found):
            builder.unreadable_ids.update(_ids_in(doc.data))
        else:
            builder.add(doc, kind)
    codebook = builder.finish()
    return Result(codebook, problems, builder.page_links)


def check_page_links(result: Result, lang: str, prose_pages: set[str]) -> list[Problem]:
    """Codebook ``[[page:NAME]]`` links of *lang* whose page is neither generated nor a prose page."""
    known = set(GENERATED_PAGES) | prose_pages
    problems = []
    for link in result.page_links:
        if link.lang == lang and link.name not in known:
            close = difflib.get_close_matches(link.name, sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"pages: {', '.join(sorted(known))}"
            problems.append(replace(link.where, message=f"link target page '{link.name}' does not exist "
                                                        f"in content/{lang}/ or among befund's pages", hint=hint))
    return problems


def _discover(root: Path, base: Path, problems: list[Problem]) -> Iterable[tuple[Path, str]]:
    if not (root / "study.yaml").is_file():
        problems.append(Problem(display_path(root / "study.yaml", base), 0, 0, "missing-file",
                                "the codebook has no study.yaml", "create it: title, authors, languages, …"))
    for entry in sorted(root.iterdir()):
        if entry.is_file() and entry.name in SINGLE_FILES:
            yield entry, SINGLE_FILES[entry.name]
        elif entry.is_dir() and entry.name in FOLDERS:
            for path in sorted(entry.iterdir()):
                if path.suffix in (".yaml", ".yml") and path.is_file():
                    yield path, FOLDERS[entry.name]
                elif not path.name.startswith("."):
                    problems.append(Problem(display_path(path, base), 0, 0, "unknown-file",
                                            f"befund ignores {path.name}", "codebook files end in .yaml",
                                            "warning"))
        elif entry.suffix in (".yaml", ".yml") or (entry.is_dir() and not entry.name.startswith(".")):
            close = difflib.get_close_matches(entry.name, [*SINGLE_FILES, *FOLDERS], n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join([*SINGLE_FILES, *FOLDERS])
            problems.append(Problem(display_path(entry, base), 0, 0, "unknown-file",
                                    f"befund does not know what {entry.name} is", hint, "warning"))


def _ids_in(data: Any) -> set[str]:
    """Best-effort ids of a file that failed its schema, so references to them are not reported twice."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id" and isinstance(value, str):
                found.add(value)
            found |= _ids_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= _ids_in(item)
    return found


@dataclass
class _Markdown:
    doc: Document
    path: DataPath
    lang: str
    text: str


@dataclass
class _Builder:
    """Accumulates items file by file, then checks everything that spans files."""

    problems: list[Problem]
    study_doc: Document | None = None
    study_data: dict[str, Any] | None = None
    unreadable_ids: set[str] = field(default_factory=set)
    defined: dict[str, tuple[str, Document, DataPath]] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    category_docs: dict[str, tuple[Document, DataPath]] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    quote_docs: dict[str, tuple[Document, DataPath]] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    intros: dict[str, Text] = field(default_factory=dict)
    texts: list[tuple[Document, DataPath, Text]] = field(default_factory=list)
    markdown: list[_Markdown] = field(default_factory=list)
    refs: list[tuple[Document, DataPath, str, set[str]]] = field(default_factory=list)
    page_links: list[PageLink] = field(default_factory=list)
    text_origins: dict[tuple[str, tuple[str | int, ...]], Origin] = field(default_factory=dict)

    # -- per file -------------------------------------------------------------------------------
    def add(self, doc: Document, kind: str) -> None:
        getattr(self, f"_add_{kind}")(doc, doc.data)

    def _origin(self, doc: Document, path: DataPath) -> Origin:
        line, column = doc.where(path)
        return Origin(doc.display, line, column, tuple(path))

    def _locate_text(self, doc: Document, path: DataPath) -> None:
        line, column = doc.text_start(path)
        self.text_origins[(doc.display, tuple(path))] = Origin(doc.display, line, column, tuple(path))

    def _define(self, kind: str, ident: str, doc: Document, path: DataPath) -> bool:
        if ident in self.defined:
            first_kind, first_doc, first_path = self.defined[ident]
            line = first_doc.where(first_path)[0]
            self.problems.append(doc.problem(path + ("id",), "duplicate-id",
                                             f"id '{ident}' is already used by a {first_kind} "
                                             f"in {first_doc.display}:{line}",
                                             "ids are permanent and unique across the codebook; choose another"))
            return False
        self.defined[ident] = (kind, doc, path)
        return True

    def _text(self, doc: Document, path: DataPath, value: Text | None, markdown: bool = True) -> Text:
        if not value:
            return {}
        self.texts.append((doc, path, value))
        for lang in value:
            self._locate_text(doc, path + (lang,))
        if markdown:
            for lang, text in value.items():
                self.markdown.append(_Markdown(doc, path + (lang,), lang, text))
        return dict(value)

    def _refs(self, doc: Document, path: DataPath, ids: list[str] | None, allowed: set[str]) -> list[str]:
        for i, ident in enumerate(ids or []):
            self.refs.append((doc, path + (i,), ident, allowed))
        return list(ids or [])

    def _add_study(self, doc: Document, data: dict[str, Any]) -> None:
        self.study_doc, self.study_data = doc, data

    def _add_category(self, doc: Document, data: dict[str, Any]) -> None:
        if Path(doc.display).stem != data["id"]:
            self.problems.append(doc.problem(("id",), "id-file-mismatch",
                                             f"category id '{data['id']}' does not match the file name "
                                             f"'{Path(doc.display).name}'",
                                             f"rename the file to {data['id']}.yaml or fix the id"))
        self._add_node(doc, (), data, "category", data.get("parent"))
        for i, dim in enumerate(data.get("dimensions", [])):
            self._add_node(doc, ("dimensions", i), dim, "dimension", data["id"])

    def _add_node(self, doc: Document, path: DataPath, data: dict[str, Any], kind: str, parent: str | None) -> None:
        if not self._define(kind, data["id"], doc, path):
            return
        node = Category(
            id=data["id"], kind=kind, parent=parent,  # type: ignore[arg-type]
            order=data["order"], origin=self._origin(doc, path),
            label=self._text(doc, path + ("label",), data["label"], markdown=False),
            summary=self._text(doc, path + ("summary",), data["summary"]),
            description=self._text(doc, path + ("description",), data.get("description")),
            section=data.get("section"), in_vivo=data.get("in_vivo", False),
            related=self._refs(doc, path + ("related",), data.get("related"), {"category", "dimension"}),
            concepts=self._refs(doc, path + ("concepts",), data.get("concepts"), {"concept"}),
        )
        self.categories[node.id] = node
        self.category_docs[node.id] = (doc, path)

    def _add_quotes(self, doc: Document, data: dict[str, Any]) -> None:
        src = data["source"]
        stem = Path(doc.display).stem
        if stem != src["id"]:
            self.problems.append(doc.problem(("source", "id"), "id-file-mismatch",
                                             f"source id '{src['id']}' does not match the file name "
                                             f"'{Path(doc.display).name}'",
                                             f"rename the file to {src['id']}.yaml or fix the id"))
        if not self._define("source", src["id"], doc, ("source",)):
            return
        source = Source(src["id"], src["type"], self._origin(doc, ("source",)),
                        self._text(doc, ("source", "description"), src.get("description")))
        self.refs.append((doc, ("source", "type"), src["type"], {"source-type"}))
        self.sources[source.id] = source
        for i, item in enumerate(data["quotes"]):
            path: DataPath = ("quotes", i)
            if not item["id"].startswith(source.id + "-"):
                self.problems.append(doc.problem(path + ("id",), "id-file-mismatch",
                                                 f"quote id '{item['id']}' does not start with its source id "
                                                 f"'{source.id}-'", f"name it {source.id}-{i + 1}"))
            if not self._define("quote", item["id"], doc, path):
                continue
            self._locate_text(doc, path + ("original",))
            quote = Quote(
                id=item["id"], source=source.id, original=item["original"], origin=self._origin(doc, path),
                translation=self._text(doc, path + ("translation",), item["translation"], markdown=False),
                codings=self._refs(doc, path + ("codings",), item["codings"], {"category", "dimension"}),
                section=item.get("section"), in_vivo=item.get("in_vivo", False),
                context=self._text(doc, path + ("context",), item.get("context")),
                note=self._text(doc, path + ("note",), item.get("note")),
                acknowledge=[Acknowledgement(a["rule"], a["reason"], a.get("match"),
                                             self._origin(doc, path + ("acknowledge", j)))
                             for j, a in enumerate(item.get("acknowledge", []))],
            )
            self.quotes[quote.id] = quote
            self.quote_docs[quote.id] = (doc, path)
            source.quotes.append(quote.id)

    def _add_concepts(self, doc: Document, data: dict[str, Any]) -> None:
        self.intros["concepts"] = self._text(doc, ("intro",), data.get("intro"))
        for i, item in enumerate(data["concepts"]):
            path: DataPath = ("concepts", i)
            if self._define("concept", item["id"], doc, path):
                self.concepts[item["id"]] = Concept(
                    id=item["id"], origin=self._origin(doc, path), order=item.get("order", i),
                    label=self._text(doc, path + ("label",), item["label"], markdown=False),
                    summary=self._text(doc, path + ("summary",), item["summary"]),
                    description=self._text(doc, path + ("description",), item.get("description")),
                    parent=(self._refs(doc, path + ("parent",), [item["parent"]], {"concept"})
                            if "parent" in item else [None])[0],
                    section=item.get("section"),
                    references=self._refs(doc, path + ("references",), item.get("references"), {"reference"}),
                    related=self._refs(doc, path + ("related",), item.get("related"), {"concept"}),
                )

    def _add_recommendations(self, doc: Document, data: dict[str, Any]) -> None:
        self.intros["recommendations"] = self._text(doc, ("intro",), data.get("intro"))
        for i, item in enumerate(data["recommendations"]):
            path: DataPath = ("recommendations", i)
            if self._define("recommendation", item["id"], doc, path):
                self.recommendations[item["id"]] = Recommendation(
                    id=item["id"], kind=item["kind"], origin=self._origin(doc, path), order=item.get("order", i),
                    label=self._text(doc, path + ("label",), item["label"], markdown=False),
                    summary=self._text(doc, path + ("summary",), item["summary"]),
                    description=self._text(doc, path + ("description",), item.get("description")),
                    section=item.get("section"),
                    categories=self._refs(doc, path + ("categories",), item.get("categories"),
                                          {"category", "dimension"}),
                    concepts=self._refs(doc, path + ("concepts",), item.get("concepts"), {"concept"}),
                )

    def _add_glossary(self, doc: Document, data: dict[str, Any]) -> None:
        for i, item in enumerate(data["terms"]):
            path: DataPath = ("terms", i)
            if self._define("term", item["id"], doc, path):
                self.terms[item["id"]] = Term(
                    id=item["id"], origin=self._origin(doc, path),
                    term=self._text(doc, path + ("term",), item["term"], markdown=False),
                    abbreviation=self._text(doc, path + ("abbreviation",), item.get("abbreviation"), markdown=False),
                    definition=self._text(doc, path + ("definition",), item["definition"]),
                    related=self._refs(doc, path + ("related",), item.get("related"), set()),
                )

    def _add_references(self, doc: Document, data: dict[str, Any]) -> None:
        for i, item in enumerate(data["references"]):
            path: DataPath = ("references", i)
            if self._define("reference", item["id"], doc, path):
                self.references[item["id"]] = Reference(
                    id=item["id"], type=item["type"], origin=self._origin(doc, path),
                    author=[Name(n["family"], n.get("given", "")) for n in item["author"]],
                    editor=[Name(n["family"], n.get("given", "")) for n in item.get("editor", [])],
                    issued=item["issued"], title=item["title"],
                    container_title=item.get("container_title", ""),
                    collection_title=item.get("collection_title", ""),
                    volume=str(item.get("volume", "")), issue=str(item.get("issue", "")),
                    page=item.get("page", ""), edition=item.get("edition", ""),
                    publisher=item.get("publisher", ""), publisher_place=item.get("publisher_place", ""),
                    url=item.get("URL", ""), accessed=item.get("accessed", ""), doi=item.get("DOI", ""),
                    language=item.get("language", ""),
                )

    # -- across files ---------------------------------------------------------------------------
    def finish(self) -> Codebook | None:
        study = self._study()
        if study is None:
            return None
        self._check_languages(study)
        self._check_refs(study)
        self._check_cycles()
        codebook = Codebook(study, self.categories, self.sources, self.quotes, self.concepts,
                            self.recommendations, self.terms, self.references,
                            concepts_intro=self.intros.get("concepts", {}),
                            recommendations_intro=self.intros.get("recommendations", {}),
                            text_origins=self.text_origins)
        if errors(self.problems):
            return codebook
        self._check_markdown(codebook)
        self._check_evidence(codebook)
        return codebook

    def _study(self) -> Study | None:
        doc, data = self.study_doc, self.study_data
        if doc is None or data is None:
            return None
        lic = data["license"]
        method = data.get("method", {})
        for i, st in enumerate(data["source_types"]):
            self._define("source-type", st["id"], doc, ("source_types", i))
        t = self._text
        return Study(
            id=data["id"], title=t(doc, ("title",), data["title"], False),
            subtitle=t(doc, ("subtitle",), data.get("subtitle"), False),
            site_name=t(doc, ("site_name",), data.get("site_name"), False),
            authors=[Author(a["name"], t(doc, ("authors", i, "affiliation"), a.get("affiliation"), False))
                     for i, a in enumerate(data["authors"])],
            year=data["year"], received=data.get("received"), accepted=data.get("accepted"),
            journal=data.get("journal"), doi=data.get("doi"),
            license_id=lic["id"], license_name=lic["name"], license_url=lic["url"],
            languages=list(data["languages"]), data_language=data["data_language"],
            keywords=dict(data.get("keywords", {})),
            abstract=t(doc, ("abstract",), data["abstract"]),
            abstract_source=dict(data.get("abstract_source", {})),
            method_approach=t(doc, ("method", "approach"), method.get("approach")),
            research_question=t(doc, ("method", "research_question"), method.get("research_question"), False),
            method_facts=[MethodFact(f["id"], t(doc, ("method", "facts", i, "label"), f["label"], False), f["value"])
                          for i, f in enumerate(method.get("facts", []))],
            source_types=[SourceType(s["id"], t(doc, ("source_types", i, "label"), s["label"], False),
                                     t(doc, ("source_types", i, "description"), s.get("description")))
                          for i, s in enumerate(data["source_types"])],
            findings_intro=t(doc, ("findings_intro",), data.get("findings_intro")),
            how_to_read=t(doc, ("how_to_read",), data.get("how_to_read")),
            funding=t(doc, ("funding",), data.get("funding")),
            data_availability=t(doc, ("data_availability",), data.get("data_availability")),
            changes=t(doc, ("changes",), data["changes"]),
        )

    def _check_languages(self, study: Study) -> None:
        doc = self.study_doc
        assert doc is not None
        if study.data_language not in study.languages:
            self.problems.append(doc.problem(("data_language",), "unknown-language",
                                             f"data_language '{study.data_language}' is not one of the site's "
                                             f"languages {study.languages}", "add it to 'languages'"))
        wanted = set(study.languages)
        for tdoc, path, text in self.texts:
            need = wanted - {study.data_language} if path[-1:] == ("translation",) else wanted
            for lang in sorted(need - set(text)):
                self.problems.append(tdoc.problem(path, "missing-language",
                                                  f"{field_name(path)} has no '{lang}' text",
                                                  f"add '{lang}: …' (the site is built in "
                                                  f"{', '.join(study.languages)})"))
            for lang in sorted(set(text) - wanted):
                self.problems.append(tdoc.problem(path + (lang,), "unknown-language",
                                                  f"{field_name(path + (lang,))} has text in '{lang}', "
                                                  "which is not a site language",
                                                  f"remove it or add '{lang}' to languages in study.yaml", "warning"))

    def _kind_of(self, ident: str) -> str | None:
        entry = self.defined.get(ident)
        return entry[0] if entry else None

    def _check_refs(self, study: Study) -> None:
        kinds = {"category": "category", "dimension": "dimension", "concept": "concept", "reference": "reference",
                 "source-type": "source type"}
        for doc, path, ident, allowed in self.refs:
            kind = self._kind_of(ident)
            if kind is not None and (not allowed or kind in allowed):
                continue
            if kind is None and ident in self.unreadable_ids:
                continue  # its file already has errors; do not report twice
            wanted = " or ".join(sorted(kinds.get(a, a) for a in allowed)) or "item"
            if kind is not None:
                self.problems.append(doc.problem(path, "wrong-reference",
                                                 f"'{ident}' is a {kind}, but a {wanted} is expected here",
                                                 f"name a {wanted} id"))
                continue
            candidates = [i for i, (k, _, _) in self.defined.items() if not allowed or k in allowed]
            close = difflib.get_close_matches(ident, candidates, n=1)
            rule = "unknown-" + (sorted(allowed)[0] if allowed else "id")
            hint = f"did you mean '{close[0]}'?" if close else f"no {wanted} has this id"
            self.problems.append(doc.problem(path, rule, f"unknown {wanted} '{ident}'", hint))
        for cat_id, cat in self.categories.items():
            if cat.kind == "category" and cat.parent is not None and self._kind_of(cat.parent) != "category":
                doc, path = self.category_docs[cat_id]
                if cat.parent in self.unreadable_ids:
                    continue
                close = difflib.get_close_matches(cat.parent, [c for c, v in self.categories.items()
                                                               if v.kind == "category"], n=1)
                self.problems.append(doc.problem(path + ("parent",), "unknown-category",
                                                 f"parent '{cat.parent}' is not a category",
                                                 f"did you mean '{close[0]}'?" if close else
                                                 "use the id of a category file, or null for a main category"))

    def _check_cycles(self) -> None:
        def walk(nodes: dict[str, Any], what: str, report: Callable[[str, str], None]) -> None:
            for start in nodes:
                seen = [start]
                parent = nodes[start].parent
                while parent in nodes:
                    if parent == start:
                        report(start, " → ".join(seen + [start]))
                        break
                    if parent in seen:
                        break  # a cycle that does not include start; reported from its own members
                    seen.append(parent)
                    parent = nodes[parent].parent

        def cat_cycle(ident: str, chain: str) -> None:
            doc, path = self.category_docs[ident]
            self.problems.append(doc.problem(path + ("parent",), "cycle", f"category parents form a cycle: {chain}",
                                             "one category in the cycle must have another parent (or null)"))

        def concept_cycle(ident: str, chain: str) -> None:
            origin = self.concepts[ident].origin
            self.problems.append(Problem(origin.path, origin.line, origin.column, "cycle",
                                         f"concept parents form a cycle: {chain}", "break the cycle"))

        walk({k: v for k, v in self.categories.items() if v.kind == "category"}, "category", cat_cycle)
        walk(self.concepts, "concept", concept_cycle)

    def _check_markdown(self, codebook: Codebook) -> None:
        targets = build_targets(codebook, prose_titles={})
        for md in self.markdown:
            for link in find_links(md.text):
                if link.kind == "page":  # prose pages are per language; checked by check_page_links
                    where = _in_text(md, link.start, "unknown-link", "", "")
                    self.page_links.append(PageLink(where, link.target, md.lang))
                    continue
                error = check_link(link, targets)
                if error is not None:
                    self.problems.append(_in_text(md, link.start, "unknown-link", error.message, error.hint))
            for offset, message in unsafe_markdown(md.text):
                self.problems.append(_in_text(md, offset, "unsafe-markup", message,
                                              "codebook texts are Markdown without raw HTML; remove the tag"))

    def _check_evidence(self, codebook: Codebook) -> None:
        evidenced = {c for q in codebook.quotes.values() for c in q.codings}
        for cat in codebook.categories.values():
            below = {cat.id} | {d.id for d in _descendants(codebook, cat.id)}
            if not below & evidenced:
                doc, path = self.category_docs[cat.id]
                self.problems.append(doc.problem(path, "no-evidence",
                                                 f"{cat.kind} '{cat.id}' has no quote coded to it",
                                                 "code a quote to it, or check whether it belongs in the codebook",
                                                 "warning"))


def _descendants(codebook: Codebook, ident: str) -> list[Category]:
    found: list[Category] = []
    stack = [ident]
    while stack:
        for child in codebook.children(stack.pop()):
            if child not in found:
                found.append(child)
                stack.append(child.id)
    return found


def _in_text(md: _Markdown, offset: int, rule: str, message: str, hint: str) -> Problem:
    """Locate *offset* of a Markdown field: exact for block scalars, the field's line otherwise."""
    line, col = line_col(md.text, offset)
    if md.path in md.doc.block_starts:
        first_line, indent = md.doc.block_starts[md.path]
        return Problem(md.doc.display, first_line + line - 1, indent + col - 1, rule, message, hint)
    line0, col0 = md.doc.where(md.path)  # a flow scalar: the field's own line is close enough
    return Problem(md.doc.display, line0, col0, rule, message, hint)
