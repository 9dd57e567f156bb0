"""A codebook from a QDA program (REFI-QDA ``.qdc``, or the codebook inside a ``.qdpx``) → a befund skeleton.

:func:`read_qdc` reads the codes with their hierarchy, descriptions, colours and GUIDs, tolerating
what real exports get wrong (namespace variants, non-GUID ids, alpha colours, an empty ``<Sets/>``,
a BOM, a name used in two branches) with a warning wherever it changes data. :func:`write_skeleton`
writes ``codebook/study.yaml`` and one file per category; it never overwrites a file.

Hierarchy: a code with sub-codes becomes a category with its own file and page (a main category
at the top, a subcategory below, at any depth); a code without sub-codes becomes a dimension of
its parent category, or a main category of its own at the top. No level is lost.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .export.qdc import GUID_ROOT
from .export.qdc_sections import BY_KEY, parse, parse_basis
from .model import Basis
from .problems import Problem, display_path, errors
from .qdc_skeleton import write_files
from .qdc_xml import Element, read_source
from .qdc_xml import parse as parse_xml

GUID = re.compile(r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?")
COLOR = re.compile(r"#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})")
NAMESPACE = re.compile(r"urn:QDA-XML:(?:codebook|project):(?P<version>.+)")
KNOWN_VERSIONS = frozenset({"1.0", "1:0", "0:4"})
"""1.0 is the standard's; ATLAS.ti writes 0:4 and older files 1:0 for the same format."""
IMPORTED = uuid.uuid5(GUID_ROOT, "imported")
"""Namespace of the GUIDs befund gives codes whose file has none (or no valid one): the same on every import."""
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


@dataclass
class ImportedCode:
    id: str
    """A permanent befund id derived from the name (unique in the codebook)."""
    guid: str
    name: str
    summary: str
    """The description's definition, else its first paragraph; empty when the code has no description."""
    description: str
    basis: Basis | None
    """What a ``Basis:`` section says (a befund export); None: the editors', to be checked."""
    color: str | None
    line: int
    column: int
    children: list[ImportedCode] = field(default_factory=list)


@dataclass
class ImportedCodebook:
    source: str
    """The file as messages name it."""
    origin: str
    """The program that wrote it (the ``origin`` attribute), if it says."""
    codes: list[ImportedCode]

    def walk(self) -> list[tuple[ImportedCode, ImportedCode | None]]:
        """Every code with its parent, parents first, in the file's order."""
        found: list[tuple[ImportedCode, ImportedCode | None]] = []
        stack: list[tuple[ImportedCode, ImportedCode | None]] = [(c, None) for c in reversed(self.codes)]
        while stack:
            code, parent = stack.pop()
            found.append((code, parent))
            stack.extend((child, code) for child in reversed(code.children))
        return found


def read_qdc(path: Path, base: Path | None = None, *, lang: str = "en") -> tuple[ImportedCodebook | None,
                                                                                list[Problem]]:
    """The codebook in *path* (``.qdc`` or ``.qdpx``) and every problem; None when an error prevents it.

    *lang*: the language of the file's names and descriptions (labels of kept sections are written in it).
    """
    display = display_path(path, base or Path.cwd())
    source, problems = read_source(path, display)
    if source is None:
        return None, problems
    root, problems = parse_xml(source)
    if root is None:
        return None, problems
    reader = _Reader(source.display, lang)
    codebook = reader.codebook_element(root)
    if codebook is None:
        return None, reader.problems
    codes = reader.codes(codebook)
    reader.sets([codebook, root] if root is not codebook else [codebook])
    if errors(reader.problems) or not codes:
        return None, reader.problems
    origin = codebook.attrib.get("origin", root.attrib.get("origin", ""))  # a .qdpx says it on <Project>
    return ImportedCodebook(source.display, origin, codes), reader.problems


def write_skeleton(data: ImportedCodebook, folder: Path, languages: list[str], *, study_id: str | None = None,
                   year: int | None = None) -> list[Path]:
    """Write *folder*/codebook/ (study.yaml, categories/) and *folder*/schema/; returns the files written.

    Names and descriptions go into the first language; every other language is left to write, marked
    ``# TODO <lang>`` where its text belongs (``befund check`` reports each as missing-language).
    Raises FileExistsError, before writing anything, when any of the files exists.
    """
    return write_files(data, folder, languages, study_id=study_id or slug(folder.resolve().name) or "study",
                       year=year)


def slug(name: str) -> str:
    """A permanent ASCII id from a name: ``Außenwirkung & Öffentlichkeit`` → ``aussenwirkung-oeffentlichkeit``."""
    text = unicodedata.normalize("NFC", name).translate(_TRANSLITERATE)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()  # any other character separates words
    if text and not text[0].isalpha():
        text = "code-" + text
    return text[:64].rstrip("-")


def split_description(text: str, lang: str) -> tuple[str, str, Basis | None]:
    """(summary, description, basis) of a code description, read by its labelled sections."""
    preamble, sections = parse(text.replace("\r\n", "\n").replace("\r", "\n"))
    summary, parts, basis = "", [], None
    for key, body in sections:
        if not body:
            continue
        if key == "definition" and not summary:
            summary = body
        elif key == "basis" and basis is None and parse_basis(body) is not None:
            basis = parse_basis(body)
        elif key == "description":
            parts.append(body)
        else:  # kept with its label, so an anchor example or a coding rule stays recognisable
            parts.append(f"**{BY_KEY[key].label(lang)}:** {body}")
    if preamble and not summary:
        summary, _, preamble = preamble.partition("\n\n")
    if preamble:
        parts.insert(0, preamble.strip())
    return summary.strip(), "\n\n".join(parts), basis


class _Reader:
    """Walks the codebook element, collecting codes and the problems of each."""

    def __init__(self, display: str, lang: str) -> None:
        self.display, self.lang = display, lang
        self.problems: list[Problem] = []
        self.guids: dict[str, Element] = {}
        self.ids: dict[str, Element] = {}

    def problem(self, at: Element, rule: str, message: str, hint: str, severity: str = "warning") -> None:
        self.problems.append(Problem(self.display, at.line, at.column, rule, message, hint,
                                     "error" if severity == "error" else "warning"))

    def codebook_element(self, root: Element) -> Element | None:
        version = NAMESPACE.fullmatch(root.namespace)
        if root.tag not in ("CodeBook", "Project") or (root.namespace and version is None):
            self.problem(root, "qdc-not-codebook", f"the root element is <{root.tag}> in namespace "
                         f"'{root.namespace}', not a REFI-QDA <CodeBook> or <Project>",
                         "export a .qdc codebook or a .qdpx project from the QDA program", "error")
            return None
        if not root.namespace:
            self.problem(root, "qdc-namespace", "the file names no namespace; read as urn:QDA-XML:codebook:1.0",
                         "check the codes after import")
        elif version is not None and version.group("version") not in KNOWN_VERSIONS:
            self.problem(root, "qdc-namespace", f"unknown REFI-QDA version '{version.group('version')}'; "
                         "read as version 1.0", "check the codes after import")
        codebook = root if root.tag == "CodeBook" else root.find("CodeBook")
        if codebook is None:
            self.problem(root, "qdc-no-codebook", "the project has no <CodeBook>",
                         "export the project with its codes, or export the codebook (.qdc)", "error")
        return codebook

    def codes(self, codebook: Element) -> list[ImportedCode]:
        container = codebook.find("Codes")
        top = [e for e in container.children if e.tag == "Code"] if container is not None else []
        if not top:
            self.problem(container or codebook, "qdc-no-codes", "the codebook has no codes",
                         "export the codebook again from the QDA program", "error")
            return []
        wrapper = top[0]
        if (len(top) == 1 and wrapper.attrib.get("name", "").strip().casefold() == "nodes"
                and wrapper.attrib.get("isCodable") == "false" and any(c.tag == "Code" for c in wrapper.children)):
            self.problem(wrapper, "qdc-folder", "the top-level folder 'Nodes' (NVivo's container of all nodes) "
                         "is left out; the codes in it become the main categories", "")
            top = [e for e in wrapper.children if e.tag == "Code"]
        return [code for e in top if (code := self.code(e, None, ())) is not None]

    def code(self, element: Element, parent: ImportedCode | None, path: tuple[str, ...]) -> ImportedCode | None:
        name = " ".join(element.attrib.get("name", "").split())
        if not name:
            self.problem(element, "qdc-no-name", "a code without a name", "name the code in the QDA program "
                         "and export again", "error")
            return None
        description_element = element.find("Description")
        raw = description_element.text.strip() if description_element is not None else ""
        summary, description, basis = split_description(raw, self.lang)
        code = ImportedCode(self.unique_id(element, name, parent), self.guid(element, name, (*path, name)),
                            name, summary, description, basis, self.color(element, name),
                            element.line, element.column)
        if not summary:
            self.problem(element, "qdc-no-description", f"code '{name}' has no description, so its summary "
                         f"(id '{code.id}') is left for you to write", "write one or two sentences where "
                         "'# TODO summary' stands")
        for child in element.children:
            if child.tag == "Code":
                sub = self.code(child, code, (*path, name))
                if sub is not None:
                    code.children.append(sub)
            elif child.tag != "Description":
                self.problem(child, "qdc-ignored", f"<{child.tag}> in code '{name}' is not read", "")
        return code

    def unique_id(self, element: Element, name: str, parent: ImportedCode | None) -> str:
        base = slug(name) or "code-" + element.attrib.get("guid", "x").strip("{}")[:8].lower()
        ident = base
        if ident in self.ids and parent is not None:
            ident = f"{parent.id}-{base}"[:64].rstrip("-")
        n = 2
        while ident in self.ids:
            ident, n = f"{base[:60].rstrip('-')}-{n}", n + 1
        if ident != base:
            first = self.ids[base]
            self.problem(element, "qdc-duplicate-name", f"code '{name}' gets the id '{ident}': '{base}' is "
                         f"taken by the code '{first.attrib.get('name', '')}' at line {first.line}",
                         "rename one of them (ids become web addresses and stay)")
        self.ids[ident] = element
        return ident

    def guid(self, element: Element, name: str, path: tuple[str, ...]) -> str:
        given = element.attrib.get("guid", "").strip()
        if GUID.fullmatch(given) and given.strip("{}").casefold() not in self.guids:
            self.guids[given.strip("{}").casefold()] = element
            return given
        derived = str(uuid.uuid5(IMPORTED, given or "/".join(path)))
        if not given:
            why = "has no GUID"
        elif GUID.fullmatch(given):
            why = f"repeats the GUID of the code at line {self.guids[given.strip('{}').casefold()].line}"
            derived = str(uuid.uuid5(IMPORTED, given + "/" + "/".join(path)))
        else:
            why = f"has the id '{given}', which is not a GUID"
        self.guids[derived] = element
        self.problem(element, "qdc-guid", f"code '{name}' {why}; befund gives it the GUID {derived}",
                     "the same on every import of this file; a QDA program re-importing the export sees a new code")
        return derived

    def color(self, element: Element, name: str) -> str | None:
        given = element.attrib.get("color")
        if given is None:
            return None
        match = COLOR.fullmatch(given.strip())
        if match is None:
            self.problem(element, "qdc-color", f"code '{name}': '{given}' is not a #RRGGBB colour; left out",
                         "befund gives the code its main category's colour")
            return None
        digits = match.group(1)
        if len(digits) == 3:
            return "#" + "".join(d * 2 for d in digits)
        if len(digits) == 8:
            self.problem(element, "qdc-color", f"code '{name}': colour '{given}' has an alpha channel (read as "
                         f"#RRGGBBAA); kept as #{digits[:6]}", "")
        return "#" + digits[:6]

    def sets(self, holders: list[Element]) -> None:
        for holder in holders:
            container = holder.find("Sets")
            for entry in container.children if container is not None else []:
                if entry.tag != "Set":
                    continue
                members = sum(1 for m in entry.children if m.tag == "MemberCode")
                self.problem(entry, "qdc-set", f"set '{entry.attrib.get('name', '')}' ({members} code"
                             f"{'s' * (members != 1)}) is not kept: befund has no code sets",
                             "link the categories with 'related:' if they belong together")
