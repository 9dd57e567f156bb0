"""Read YAML files into plain data that remembers where every value stood.

Only safe YAML is accepted: no custom tags, no anchors or aliases (so no "billion laughs"), no
duplicate keys, UTF-8 without a byte-order mark. Problems are returned, never raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, field_name
from .texts import Anchor, Spot, yaml_anchors

SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, libyaml's where compiled in (~10x faster): for YAML read without positions."""


class _Loader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, with the tag resolution the composer calls for every node made cheaper.

    Same answers as PyYAML's ``BaseResolver.resolve`` (no path resolvers are registered for the
    safe loader): a quoted scalar is text, a plain one is looked up by its first character.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_WILDCARD: tuple[tuple[str, Any], ...] = tuple(SAFE_LOADER.yaml_implicit_resolvers.get(None, []))
_BY_FIRST: dict[str, tuple[tuple[str, Any], ...]] = {
    key: (*resolvers, *_WILDCARD) for key, resolvers in SAFE_LOADER.yaml_implicit_resolvers.items() if key is not None}
"""Implicit resolvers by the first character of a plain scalar (``""`` for the empty one), wildcards last."""

MAX_FILE_BYTES = 2_000_000
"""Far above any real codebook file; bounds time and memory on a pasted dump."""

DataPath = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Document:
    """One YAML file's data plus the line/column of every value in it."""

    path: Path
    display: str
    data: Any
    positions: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    """The file's source lines, to place offsets inside multi-line texts."""
    scalars: dict[DataPath, tuple[str, int, int, int, int]] = field(default_factory=dict)
    """Text values: style (``"plain"``, ``'"'``, ``"'"``, ``"|"``, ``">"``) and 0-based start and end
    line and column, as the YAML parser saw them."""

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (the parse cache) with the lines as one string: one object to read back, not one per
        line (a tenth of reading a check's cached parses). Lines from ``splitlines`` hold no newline."""
        return {**self.__dict__, "lines": (len(self.lines), "\n".join(self.lines))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        count, joined = state["lines"]
        self.__dict__.update(state, lines=joined.split("\n") if count else [])

    def spot(self, data_path: DataPath) -> Spot:
        """Where the text at *data_path* begins, able to place any offset inside it exactly."""
        found = self.scalars.get(data_path)
        if found is None:
            line, column = self.where(data_path)
            return Spot(self.display, line, column)
        style, line0, col0, end_line, end_col = found
        if style in ("|", ">"):
            first = line0 + 1
            while first < len(self.lines) and not self.lines[first].strip():
                first += 1
            indent = len(self.lines[first]) - len(self.lines[first].lstrip(" ")) if first < len(self.lines) else 0
            return Spot(self.display, first + 1, indent + 1, self._placer(data_path, first, indent, end_line, end_col,
                                                                        False))
        start_col = col0 + (1 if style in ('"', "'") else 0)
        if end_line == line0:
            return Spot(self.display, line0 + 1, start_col + 1)
        return Spot(self.display, line0 + 1, start_col + 1,
                    self._placer(data_path, line0, start_col, end_line, end_col, style != "plain"))

    def _placer(self, data_path: DataPath, first: int, start_col: int, end_line: int, end_col: int,
                quoted: bool) -> partial[list[Anchor]]:
        """What places offsets in a multi-line text later: its value and source lines, not the Document,
        so the model does not keep every file's data and positions alive after the check."""
        return partial(yaml_anchors, str(self._value_at(data_path)), self.lines[first:end_line + 1], first, start_col,
                       end_line, end_col, quoted)

    def _value_at(self, data_path: DataPath) -> str:
        value: Any = self.data
        for part in data_path:
            value = value[part]
        return str(value)

    def text_start(self, data_path: DataPath) -> tuple[int, int]:
        """Line and column of the first character of a text value."""
        spot = self.spot(data_path)
        return spot.line, spot.column

    def where(self, data_path: DataPath) -> tuple[int, int]:
        """Line and column of *data_path*, or of its nearest ancestor that has one."""
        probe = tuple(data_path)
        while probe not in self.positions and probe:
            probe = probe[:-1]
        return self.positions.get(probe, (1, 1))

    def problem(self, data_path: DataPath, rule: str, message: str, hint: str = "",
                severity: str = "error") -> Problem:
        line, column = self.where(data_path)
        return Problem(self.display, line, column, rule, message, hint, severity,  # type: ignore[arg-type]
                       field_name(data_path))


class _Refused(Exception):
    """Internal: stop converting a node tree; carries the Problem to report."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def load_file(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one YAML file; on failure return None and the problems."""
    raw, problems = read_source(path, display)
    return (None, problems) if raw is None else load_bytes(raw, path, display)


def read_source(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of one codebook file, or None and why they cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 0, 0, "file-too-large",
                                  f"file is {size} bytes, more than befund reads ({MAX_FILE_BYTES})",
                                  "split it into several files or remove pasted material")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(display, 0, 0, "io", f"cannot read file: {exc.strerror or exc}",
                              "check that the file exists and is readable")]


def load_bytes(raw: bytes, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of the file at *path*; on failure return None and the problems."""
    def fail(rule: str, message: str, hint: str, line: int = 0, column: int = 0):
        return None, [Problem(display, line, column, rule, message, hint)]

    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("encoding", "file starts with a byte-order mark (BOM)",
                    "save the file as UTF-8 without BOM", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail("encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8", line, column)
    head = text.lstrip()
    if not head or (head[0] == "#" and all(not ln.strip() or ln.lstrip().startswith("#")
                                           for ln in text.splitlines())):
        return fail("empty-file", "file is empty", "fill it in or delete it", 1, 1)
    return parse_text(text, path, display)


def parse_text(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML *text* into a Document (see module docstring for what is refused)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, display, text)]
    except yaml.reader.ReaderError as exc:  # control characters such as NUL
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [Problem(display, line, column, "yaml-syntax",
                              f"YAML does not allow the control character {exc.character!r} here",
                              "delete the invisible character (it often comes with pasted text)")]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error class is handled above
        return None, [Problem(display, 1, 1, "yaml-syntax", f"YAML error: {exc}", "check the YAML syntax")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(display, 1, 1, "empty-file", "file is empty", "fill it in or delete it")]
    doc = Document(path, display, None, lines=text.splitlines())
    try:
        doc.data = _Converter(doc, loader).value(node, ())
    except _Refused as refused:
        return None, [refused.problem]
    return doc, []


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "quoted scalar" in (exc.context or ""):
        mark = exc.context_mark  # where the unclosed quote opened, not the end of the file
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = exc.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    hint = "check indentation, colons and quotes on this line and the one before"
    lines = text.splitlines()
    unclosed = _unbalanced_quote_line(lines, mark.line if mark else 0)
    if unclosed is not None:
        return Problem(display, unclosed + 1, lines[unclosed].find('"') + 1, "yaml-syntax",
                       f"YAML syntax error: a double-quoted string is not closed on this line ({problem})",
                       'add the closing " at the end of the text')
    if mark and "\t" in (lines[mark.line] if mark.line < len(lines) else ""):
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif "found duplicate anchor" in problem or "found undefined alias" in problem:
        hint = "befund codebooks do not use anchors (&) or aliases (*)"
    elif "could not find expected ':'" in problem or "while scanning a quoted scalar" in (exc.context or ""):
        hint = "a quoted string is not closed, or a key lacks its ':'"
    return Problem(display, line, column, "yaml-syntax", message, hint)


def _unbalanced_quote_line(lines: list[str], last: int) -> int | None:
    """The nearest line at or before *last* with an odd number of unescaped double quotes."""
    for index in range(min(last, len(lines) - 1), max(-1, last - 20), -1):
        line = lines[index].split(" #")[0].replace('\\"', "")
        if line.lstrip().startswith("#"):
            continue
        if line.count('"') % 2 == 1:
            return index
    return None


class _Converter:
    """Node tree → plain data, recording the position of every value and the layout of every text.

    Refuses what the module docstring says; runs once per node of every codebook file, so it
    dispatches on the node's class and tag instead of going through PyYAML's generic constructor.
    """

    def __init__(self, doc: Document, loader: Any) -> None:
        self.doc = doc
        self.loader = loader
        self.seen: set[int] = set()
        self.positions = doc.positions
        self.scalars = doc.scalars

    def value(self, node: yaml.Node, data_path: DataPath) -> Any:
        mark = node.start_mark
        if id(node) in self.seen:  # the composer hands an alias out as the anchored node itself
            raise _Refused(Problem(self.doc.display, mark.line + 1, mark.column + 1, "yaml-alias",
                                   "YAML anchors and aliases are not allowed in a codebook",
                                   "write the value out in full instead of '*alias'"))
        self.seen.add(id(node))
        self.positions[data_path] = (mark.line + 1, mark.column + 1)
        if type(node) is yaml.ScalarNode:
            return self.scalar(node, data_path)
        if type(node) is yaml.MappingNode:
            return self.mapping(node, data_path)
        if node.tag != _SEQ:
            raise _tag_refused(node, self.doc)
        value = self.value
        return [value(item, data_path + (i,)) for i, item in enumerate(node.value)]

    def mapping(self, node: yaml.Node, data_path: DataPath) -> dict[str, Any]:
        if node.tag != _MAP:
            raise _tag_refused(node, self.doc)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag not in _PLAIN_TAGS:
                raise _Refused(Problem(self.doc.display, key_node.start_mark.line + 1,
                                       key_node.start_mark.column + 1, "yaml-key", "mapping keys must be plain text",
                                       "use a simple word as key"))
            key = str(key_node.value)
            if key in result:
                first = self.positions.get(data_path + (key,), (0, 0))[0]
                raise _Refused(Problem(self.doc.display, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                       "duplicate-key", f"key '{key}' appears twice in the same mapping",
                                       f"remove one of them (the first is on line {first})"))
            result[key] = self.value(value_node, data_path + (key,))
        return result

    def scalar(self, node: yaml.ScalarNode, data_path: DataPath) -> Any:
        tag = node.tag
        if tag == _STR:
            start, end = node.start_mark, node.end_mark
            self.scalars[data_path] = (node.style or "plain", start.line, start.column, end.line, end.column)
            return node.value
        if tag not in _PLAIN_TAGS:
            raise _tag_refused(node, self.doc)
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()  # dates stay strings, as JSON Schema expects
        return value


def _tag_refused(node: yaml.Node, doc: Document) -> _Refused:
    return _Refused(Problem(doc.display, node.start_mark.line + 1, node.start_mark.column + 1, "yaml-tag",
                            f"YAML tag '{node.tag}' is not allowed",
                            "remove the '!…' tag; codebooks hold plain text, numbers, lists and mappings"))
