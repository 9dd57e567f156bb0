"""REFI-QDA files → a small XML tree whose elements know their line and column, or located Problems.

A ``.qdc`` is one XML file; a ``.qdpx`` is a zip whose ``project.qde`` holds the codebook. expat
gives every element's position (ElementTree does not), so warnings about a code point at it.
Entity declarations are refused: a codebook needs none, and they are how XML files blow up in memory.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from .problems import Problem

MAX_QDE_BYTES = 200 * 1024 * 1024
"""A project.qde larger than this (uncompressed) is refused rather than read into memory."""


@dataclass
class Element:
    tag: str
    """Local name, e.g. ``Code``."""
    namespace: str
    attrib: dict[str, str]
    line: int
    column: int
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> Element | None:
        return next((child for child in self.children if child.tag == tag), None)


@dataclass(frozen=True)
class Source:
    """The XML to read and the name to give it in messages (``x.qdpx/project.qde`` inside a project)."""

    data: bytes
    display: str


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def read_source(path: Path, display: str) -> tuple[Source | None, list[Problem]]:
    """The codebook XML of a ``.qdc`` file, or of the ``.qde`` inside a ``.qdpx`` zip (by content, not name)."""
    try:
        if not zipfile.is_zipfile(path):
            return Source(path.read_bytes(), display), []
        with zipfile.ZipFile(path) as archive:
            return _from_project(archive, display)
    except (OSError, zipfile.BadZipFile) as exc:
        return None, [Problem(display, 0, 0, "qdc-unreadable", f"cannot read {display}: {exc}",
                              "export the codebook again from the QDA program")]


def _from_project(archive: zipfile.ZipFile, display: str) -> tuple[Source | None, list[Problem]]:
    entries = [i for i in archive.infolist() if PurePosixPath(i.filename).suffix.lower() == ".qde"]
    entries.sort(key=lambda i: (i.filename.lower() != "project.qde", i.filename.count("/"), i.filename))
    if not entries:
        return None, [Problem(display, 0, 0, "qdc-no-codebook", f"{display} is a zip without a project.qde, "
                              "so it holds no REFI-QDA codebook",
                              "export a .qdc codebook or a .qdpx project from the QDA program")]
    entry = entries[0]
    if entry.file_size > MAX_QDE_BYTES:
        return None, [Problem(display, 0, 0, "qdc-too-large", f"{entry.filename} in {display} is "
                              f"{entry.file_size // 2**20} MB", "export only the codebook (.qdc)")]
    return Source(archive.read(entry), f"{display}/{entry.filename}"), []


def parse(source: Source) -> tuple[Element | None, list[Problem]]:
    """The document's root element, or the reason it is not well-formed XML (with line and column)."""
    builder = _Builder()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda name, attrs: builder.start(name, attrs, parser)
    parser.EndElementHandler = lambda name: builder.end()
    parser.CharacterDataHandler = builder.data

    def refuse_entities(name: str, *rest: object) -> None:
        raise _Refused(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1,
                       f"the file declares the XML entity '{name}'; a REFI-QDA codebook needs none")

    parser.EntityDeclHandler = refuse_entities
    try:
        parser.Parse(source.data, True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        reason = reason[len("not well-formed ("):-1] if reason.startswith("not well-formed (") else reason
        return None, [Problem(source.display, exc.lineno, exc.offset + 1, "qdc-xml",
                              f"not well-formed XML: {reason}",
                              "the file is damaged or not XML; export it again from the QDA program")]
    except _Refused as exc:
        return None, [Problem(source.display, exc.line, exc.column, "qdc-xml", exc.message,
                              "export the codebook again from the QDA program")]
    return builder.root, []


class _Builder:
    def __init__(self) -> None:
        self.root: Element | None = None
        self.stack: list[Element] = []

    def start(self, name: str, attrs: dict[str, str], parser: expat.XMLParserType) -> None:
        namespace, _, tag = name.rpartition(" ")
        element = Element(tag, namespace, {k.rpartition(" ")[2]: v for k, v in attrs.items()},
                          parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self) -> None:
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].text += text
