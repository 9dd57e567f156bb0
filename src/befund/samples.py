"""Example values for the codebook reference: a codebook's own, or made up from a schema.

Real values are read from a codebook as plain data (a file that does not load only means fewer
examples); long texts and lists are shortened so a value fits in a table cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .kinds import FILE_KINDS, discover
from .load import load_file
from .problems import Problem
from .schemadoc import (
    ID_PATTERN,
    LANGUAGE_KEY,
    LANGUAGE_PATTERN,
    SECTION_PATTERN,
    definitions,
    language_keyed,
    target,
)

EXAMPLE_IN_PROSE = re.compile(r"e\.g\. '([^']+)'")
"""An example a description gives (``e.g. 'IN_05'``): the made-up value of a text field."""


@dataclass(frozen=True)
class Samples:
    """A codebook's files as plain data, per file kind: where examples come from."""

    files: dict[str, list[tuple[str, Any]]]
    """File kind → (path in the codebook, data) of each of its files, in file order."""
    languages: tuple[str, ...]
    study: str
    """The study as cited, e.g. ``Lammers (2026)``; empty when unknown."""
    licence: str = ""
    """The licence of the study's content, e.g. ``CC-BY-4.0`` (examples quote it)."""

    @classmethod
    def read(cls, root: Path) -> Samples:
        """Every codebook file under *root* that loads (none if *root* does not exist)."""
        files: dict[str, list[tuple[str, Any]]] = {kind.name: [] for kind in FILE_KINDS}
        problems: list[Problem] = []  # a broken file only means fewer examples
        for path, kind in discover(root, root, problems) if root.is_dir() else ():
            doc, _ = load_file(path, path.name)
            if doc is not None:
                files[kind.name].append((path.relative_to(root).as_posix(), doc.data))
        study = files["study"][0][1] if files["study"] else {}
        study = study if isinstance(study, dict) else {}
        languages = study.get("languages")
        if not (isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages)):
            languages = ["de", "en"]
        licence = study.get("license", {}).get("id", "") if isinstance(study.get("license"), dict) else ""
        return cls(files, tuple(languages), _cited(study), str(licence))

    def values(self, kind: str, path: str) -> Iterator[Any]:
        """Every value at *path* in the files of *kind*, in file order."""
        tokens = [t for part in path.split(".") for t in _tokens(part)]
        for _, data in self.files.get(kind, []):
            yield from _values(data, tokens)

    def first(self, kind: str, path: str) -> tuple[bool, Any]:
        """(found, value): the first value at *path*, preferring one that is not empty."""
        found = list(self.values(kind, path))
        for value in found:
            if value is not None:
                return True, value
        return bool(found), None


def _cited(study: dict[str, Any]) -> str:
    names = [a["name"].split()[-1] for a in study.get("authors", []) if isinstance(a, dict) and a.get("name")]
    if not names or "year" not in study:
        return ""
    who = names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} et al."
    return f"{who} ({study['year']})"


def _tokens(part: str) -> list[str]:
    return [part[:-2], "[]"] if part.endswith("[]") else [part]


def _values(data: Any, tokens: list[str]) -> Iterator[Any]:
    if not tokens:
        yield data
        return
    head, rest = tokens[0], tokens[1:]
    if head == "[]" and isinstance(data, list):
        for item in data:
            yield from _values(item, rest)
    elif head == LANGUAGE_KEY and isinstance(data, dict):
        for key, value in data.items():
            if re.fullmatch(LANGUAGE_PATTERN, str(key)):
                yield from _values(value, rest)
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest)


def synthesise(node: dict[str, Any], languages: tuple[str, ...], complete: bool = False) -> Any:
    """A made-up value of *node*'s type; *complete*: every field of a mapping, not only the required."""
    name = target(node)
    if name is not None and name in definitions():
        node = {**definitions()[name], **{k: v for k, v in node.items() if k != "$ref"}}
    if node.get("examples"):
        return node["examples"][0]
    if "enum" in node:
        return node["enum"][0]
    if "oneOf" in node:
        return synthesise(node["oneOf"][0], languages, complete)
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "array":
        return [synthesise(node.get("items", {}), languages, complete)]
    if kind == "object" or "properties" in node:
        return _synthesise_mapping(node, languages, complete)
    if kind == "string":
        return _synthesise_string(node, languages)
    return {"integer": node.get("minimum", 1), "number": 1, "boolean": True}.get(str(kind))


def _synthesise_mapping(node: dict[str, Any], languages: tuple[str, ...], complete: bool) -> dict[str, Any]:
    wanted = set(node.get("required", []))
    value = {key: synthesise(sub, languages, complete) for key, sub in node.get("properties", {}).items()
             if key in wanted or (complete and key != "$schema")}
    per_language = node.get("patternProperties", {}).get(LANGUAGE_PATTERN)
    if per_language is None and language_keyed(node):
        per_language = node.get("additionalProperties")
    if isinstance(per_language, dict):
        value.update({lang: synthesise(per_language, languages) for lang in languages})
    return value


def _synthesise_string(node: dict[str, Any], languages: tuple[str, ...]) -> str:
    given = EXAMPLE_IN_PROSE.search(str(node.get("description", "")))
    if given:
        return given.group(1)
    if node.get("format") == "date":
        return "2026-01-31"
    pattern = node.get("pattern", "")
    made_up = {LANGUAGE_PATTERN: languages[0], SECTION_PATTERN: "5.1", ID_PATTERN: "example-id"}
    if pattern in made_up:
        return made_up[pattern]
    return "https://example.org/" if pattern.startswith("^https?://") else "…"


def shorten(value: Any, width: int) -> Any:
    """*value* with long texts cut at a word (marked ``…``) and long lists cut after two entries."""
    if isinstance(value, dict):
        return {key: shorten(item, width) for key, item in value.items()}
    if isinstance(value, list):
        return [shorten(item, width) for item in value[:2]] + (["…"] if len(value) > 2 else [])
    if not isinstance(value, str):
        return value
    text = value.strip()
    line = text.split("\n")[0]
    if len(line) > width:
        if " " not in line:
            return value  # one long word, such as a web address: cut, it would be wrong
        line = line[:width].rsplit(" ", 1)[0] if " " in line[:width] else line.split(" ", 1)[0]
    elif line == text:
        return value
    if line.count("[[") > line.count("]]"):  # never leave half a [[kind:id]] link
        line = line[:line.rindex("[[")].rstrip()
    return f"{line} …"


def flow(value: Any) -> str:
    """*value* as one line of YAML."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False)
    return text.strip().removesuffix("\n...").strip()


def richest(files: list[tuple[str, Any]]) -> tuple[str, Any]:
    """The file that shows the most fields (the first of equals)."""
    return max(files, key=lambda file: len(_paths(file[1])))


def _paths(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {f"{prefix}.{key}" for key in data} | {p for key, value in data.items()
                                                       for p in _paths(value, f"{prefix}.{key}")}
    if isinstance(data, list):
        return {p for item in data for p in _paths(item, prefix + "[]")}
    return set()


def trim(data: Any) -> Any:
    """A file shortened to show its shape: one entry per list of mappings, long texts cut."""
    if isinstance(data, dict):
        return {key: trim(value) for key, value in data.items()}
    if isinstance(data, list):
        return [trim(item) for item in (data[:1] if any(isinstance(i, dict) for i in data) else data[:4])]
    return shorten(data, 72) if isinstance(data, str) else data
