"""One converter per codebook file kind: schema-valid data of one file → model items.

Converters read one file only. They register ids, texts and references with the Collector; whether
references resolve is checked once every file is read (``crosscheck.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .collect import Collector
from .load import DataPath, Document
from .model import (
    Acknowledgement,
    Author,
    Category,
    Coding,
    Concept,
    MethodFact,
    Name,
    Question,
    Quote,
    Recommendation,
    Redirect,
    Reference,
    Source,
    SourceType,
    Study,
    Term,
    Text,
)
from .texts import TextRole

CATEGORY_KINDS = {"category", "dimension"}


def convert_study(doc: Document, data: dict[str, Any], c: Collector) -> None:
    """study.yaml is turned into the Study once every file is read (it needs no other file)."""
    c.study_doc, c.study_data = doc, data
    for i, source_type in enumerate(data["source_types"]):
        c.define("source-type", source_type["id"], doc, ("source_types", i))


def convert_category(doc: Document, data: dict[str, Any], c: Collector) -> None:
    _check_file_name(doc, ("id",), data["id"], "category", c)
    parent = data.get("parent")
    if parent is not None:
        c.ref(doc, ("parent",), parent, {"category"})
    _node(doc, (), data, "category", parent, c)
    for i, dim in enumerate(data.get("dimensions", [])):
        _node(doc, ("dimensions", i), dim, "dimension", data["id"], c)


def _node(doc: Document, path: DataPath, data: dict[str, Any], kind: str, parent: str | None, c: Collector) -> None:
    ident = data["id"]
    if not c.define(kind, ident, doc, path):
        return
    owner = f"{kind} {ident}"
    section = data.get("section")
    c.categories[ident] = Category(
        id=ident, kind=kind, parent=parent,  # type: ignore[arg-type]
        order=data["order"], origin=c.origin(doc, path),
        label=c.text(doc, path + ("label",), data["label"], owner, "plain"),
        summary=c.text(doc, path + ("summary",), data["summary"], owner, section=section),
        description=c.text(doc, path + ("description",), data.get("description"), owner, section=section),
        section=section, in_vivo=data.get("in_vivo", False),
        basis=c.basis(doc, path, data, section), guid=data.get("guid"), color=data.get("color"),
        key_quote=c.ref(doc, path + ("key_quote",), data["key_quote"], {"quote"}) if "key_quote" in data else None,
        related=c.ref_list(doc, path + ("related",), data.get("related"), CATEGORY_KINDS),
        concepts=c.ref_list(doc, path + ("concepts",), data.get("concepts"), {"concept"}),
    )


def convert_quotes(doc: Document, data: dict[str, Any], c: Collector) -> None:
    src = data["source"]
    _check_file_name(doc, ("source", "id"), src["id"], "source", c)
    if not c.define("source", src["id"], doc, ("source",)):
        return
    source = Source(src["id"], src["type"], c.origin(doc, ("source",)),
                    c.text(doc, ("source", "description"), src.get("description"), f"source {src['id']}"))
    c.ref(doc, ("source", "type"), src["type"], {"source-type"})
    c.sources[source.id] = source
    for i, item in enumerate(data["quotes"]):
        path: DataPath = ("quotes", i)
        if not item["id"].startswith(source.id + "-"):
            c.problems.append(doc.problem(path + ("id",), "id-file-mismatch",
                                          f"quote id '{item['id']}' does not start with its source id "
                                          f"'{source.id}-'", f"name it {source.id}-{i + 1}"))
        if not c.define("quote", item["id"], doc, path):
            continue
        owner = f"quote {item['id']}"
        section = item.get("section")
        acks = [Acknowledgement(a["rule"], a["reason"], a.get("match"), c.origin(doc, path + ("acknowledge", j)))
                for j, a in enumerate(item.get("acknowledge", []))]
        quote = Quote(
            id=item["id"], source=source.id, origin=c.origin(doc, path),
            original=c.verbatim(doc, path + ("original",), item["original"], owner, acks),
            translation=c.text(doc, path + ("translation",), item.get("translation", {}), owner, "translation", acks),
            codings=[Coding(c.ref(doc, path + ("codings", j, "id"), coding["id"], CATEGORY_KINDS),
                            c.basis(doc, path + ("codings", j), coding, section))
                     for j, coding in enumerate(item["codings"])],
            section=section, order=item.get("order"), in_vivo=item.get("in_vivo", False),
            context=c.text(doc, path + ("context",), item.get("context"), owner, acknowledged=acks, section=section),
            note=c.text(doc, path + ("note",), item.get("note"), owner, acknowledged=acks, section=section),
            acknowledge=acks,
        )
        c.quotes[quote.id] = quote
        source.quotes.append(quote.id)


def convert_concepts(doc: Document, data: dict[str, Any], c: Collector) -> None:
    c.intros["concepts"] = c.text(doc, ("intro",), data.get("intro"), "concepts")
    for i, item in enumerate(data["concepts"]):
        path: DataPath = ("concepts", i)
        if not c.define("concept", item["id"], doc, path):
            continue
        owner = f"concept {item['id']}"
        parent = item.get("parent")
        section = item.get("section")
        c.concepts[item["id"]] = Concept(
            id=item["id"], origin=c.origin(doc, path), order=item.get("order", i),
            label=c.text(doc, path + ("label",), item["label"], owner, "plain"),
            summary=c.text(doc, path + ("summary",), item["summary"], owner, section=section),
            description=c.text(doc, path + ("description",), item.get("description"), owner, section=section),
            parent=c.ref(doc, path + ("parent",), parent, {"concept"}) if parent is not None else None,
            section=section,
            references=c.ref_list(doc, path + ("references",), item.get("references"), {"reference"}),
            related=c.ref_list(doc, path + ("related",), item.get("related"), {"concept"}),
        )


def convert_recommendations(doc: Document, data: dict[str, Any], c: Collector) -> None:
    c.intros["recommendations"] = c.text(doc, ("intro",), data.get("intro"), "recommendations")
    for i, item in enumerate(data["recommendations"]):
        path: DataPath = ("recommendations", i)
        if not c.define("recommendation", item["id"], doc, path):
            continue
        owner = f"recommendation {item['id']}"
        section = item.get("section")
        c.recommendations[item["id"]] = Recommendation(
            id=item["id"], kind=item["kind"], origin=c.origin(doc, path), order=item.get("order", i),
            label=c.text(doc, path + ("label",), item["label"], owner, "plain"),
            summary=c.text(doc, path + ("summary",), item["summary"], owner, section=section),
            description=c.text(doc, path + ("description",), item.get("description"), owner, section=section),
            practice=c.text(doc, path + ("practice",), item.get("practice"), owner, section=section),
            questions=[Question(c.text(doc, path + ("questions", j), q, owner, section=section),
                                c.ref_list(doc, path + ("questions", j, "categories"), q["categories"],
                                           CATEGORY_KINDS))
                       for j, q in enumerate(item.get("questions", []))],
            section=section,
            categories=c.ref_list(doc, path + ("categories",), item.get("categories"), CATEGORY_KINDS),
            concepts=c.ref_list(doc, path + ("concepts",), item.get("concepts"), {"concept"}),
        )


def convert_glossary(doc: Document, data: dict[str, Any], c: Collector) -> None:
    for i, item in enumerate(data["terms"]):
        path: DataPath = ("terms", i)
        if not c.define("term", item["id"], doc, path):
            continue
        owner = f"term {item['id']}"
        c.terms[item["id"]] = Term(
            id=item["id"], origin=c.origin(doc, path),
            term=c.text(doc, path + ("term",), item["term"], owner, "plain"),
            abbreviation=c.text(doc, path + ("abbreviation",), item.get("abbreviation"), owner, "plain"),
            expansion=c.text(doc, path + ("expansion",), item.get("expansion"), owner, "plain"),
            definition=c.text(doc, path + ("definition",), item["definition"], owner),
            related=c.ref_list(doc, path + ("related",), item.get("related"), set()),
        )


def convert_references(doc: Document, data: dict[str, Any], c: Collector) -> None:
    for i, item in enumerate(data["references"]):
        path: DataPath = ("references", i)
        if not c.define("reference", item["id"], doc, path):
            continue
        c.references[item["id"]] = Reference(
            id=item["id"], type=item["type"], origin=c.origin(doc, path),
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


def convert_redirects(doc: Document, data: dict[str, Any], c: Collector) -> None:
    """Old permanent links and where they lead now (checked against permalinks.lock by check.py)."""
    for i, item in enumerate(data["redirects"]):
        path: DataPath = ("redirects", i)
        if not item["to"].endswith("/"):
            c.ref(doc, path + ("to",), item["to"], set())
        c.redirects.append(Redirect(item["from"], item["to"], c.origin(doc, path + ("from",))))


def _check_file_name(doc: Document, path: DataPath, ident: str, what: str, c: Collector) -> None:
    """One file per category or source, named by its id, so the file is easy to find."""
    name = Path(doc.display).name
    if Path(doc.display).stem != ident:
        c.problems.append(doc.problem(path, "id-file-mismatch",
                                      f"{what} id '{ident}' does not match the file name '{name}'",
                                      f"rename the file to {ident}.yaml or fix the id"))


def build_study(c: Collector) -> Study | None:
    """The Study from study.yaml (None when it is missing or failed its schema)."""
    doc, data = c.study_doc, c.study_data
    if doc is None or data is None:
        return None
    lic = data["license"]
    method = data.get("method", {})

    def text(path: DataPath, value: Any, role: TextRole = "markdown") -> Text:
        return c.text(doc, path, value, "study", role)

    return Study(
        id=data["id"], title=text(("title",), data["title"], "plain"),
        subtitle=text(("subtitle",), data.get("subtitle"), "plain"),
        site_name=text(("site_name",), data.get("site_name"), "plain"),
        authors=[Author(a["name"], text(("authors", i, "affiliation"), a.get("affiliation"), "plain"))
                 for i, a in enumerate(data["authors"])],
        year=data["year"], received=data.get("received"), accepted=data.get("accepted"),
        journal=data.get("journal"), doi=data.get("doi"),
        license_id=lic["id"], license_name=text(("license", "name"), lic["name"], "plain"),
        license_url=dict(lic["url"]), copyright=data.get("copyright", ""), url=data.get("url"),
        site_version=data.get("site_version", ""), lead=text(("lead",), data.get("lead")),
        perspective=text(("perspective",), data.get("perspective"), "plain"),
        languages=list(data["languages"]), data_language=data["data_language"],
        keywords=dict(data.get("keywords", {})),
        abstract=text(("abstract",), data["abstract"]),
        abstract_source=dict(data.get("abstract_source", {})),
        method_approach=text(("method", "approach"), method.get("approach")),
        research_question=text(("method", "research_question"), method.get("research_question"), "plain"),
        method_facts=[MethodFact(f["id"], text(("method", "facts", i, "label"), f["label"], "plain"), f["value"])
                      for i, f in enumerate(method.get("facts", []))],
        source_types=[SourceType(s["id"], text(("source_types", i, "label"), s["label"], "plain"),
                                 text(("source_types", i, "description"), s.get("description")))
                      for i, s in enumerate(data["source_types"])],
        findings_intro=text(("findings_intro",), data.get("findings_intro")),
        how_to_read=text(("how_to_read",), data.get("how_to_read")),
        funding=text(("funding",), data.get("funding")),
        data_availability=text(("data_availability",), data.get("data_availability")),
        changes=text(("changes",), data["changes"]),
    )
