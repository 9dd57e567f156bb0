"""The codebook's file kinds, in one table: where each lives, its schema, its converter, its ids.

Loading (which files exist), schema checks, reference checks, ``[[kind:id]]`` links and the
anonymisation lint's texts all come from this table (texts via the converters, which register every
text they read). Adding a file kind is one row here, one schema and one converter.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import convert
from .collect import Collector
from .load import Document
from .problems import Problem, display_path

Converter = Callable[[Document, dict[str, Any], Collector], None]


@dataclass(frozen=True)
class FileKind:
    name: str
    location: str
    """A file name (``glossary.yaml``) or a folder of files, one per item (``categories/``)."""
    schema: str
    """``schema/<schema>.schema.json``."""
    convert: Converter
    defines: tuple[str, ...]
    """Id kinds its items define (one namespace for all kinds)."""
    texts: tuple[str, ...]
    """Its human-written text fields (documentation; converters register each one they read)."""

    @property
    def is_folder(self) -> bool:
        return self.location.endswith("/")


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("study", "study.yaml", "study", convert.convert_study, ("source-type",),
             ("title", "subtitle", "site_name", "abstract", "method", "source_types", "findings_intro",
              "how_to_read", "funding", "data_availability", "changes")),
    FileKind("category", "categories/", "category", convert.convert_category, ("category", "dimension"),
             ("label", "summary", "description")),
    FileKind("quotes", "quotes/", "quotes", convert.convert_quotes, ("source", "quote"),
             ("original", "translation", "context", "note", "description")),
    FileKind("concepts", "concepts.yaml", "concepts", convert.convert_concepts, ("concept",),
             ("intro", "label", "summary", "description")),
    FileKind("recommendations", "recommendations.yaml", "recommendations", convert.convert_recommendations,
             ("recommendation",), ("intro", "label", "summary", "description")),
    FileKind("glossary", "glossary.yaml", "glossary", convert.convert_glossary, ("term",),
             ("term", "abbreviation", "definition")),
    FileKind("references", "references.yaml", "references", convert.convert_references, ("reference",), ()),
    FileKind("redirects", "redirects.yaml", "redirects", convert.convert_redirects, (), ()),
)
BY_NAME = {kind.name: kind for kind in FILE_KINDS}

ID_KIND_NAMES = {"category": "category", "dimension": "dimension", "source": "source", "quote": "quote",
                 "concept": "concept", "recommendation": "recommendation", "term": "glossary term",
                 "reference": "reference", "source-type": "source type"}
"""How messages name each id kind."""

LINK_KINDS: dict[str, frozenset[str]] = {
    "category": frozenset({"category", "dimension"}),
    "quote": frozenset({"quote"}),
    "source": frozenset({"source"}),
    "concept": frozenset({"concept"}),
    "recommendation": frozenset({"recommendation"}),
    "term": frozenset({"term"}),
    "ref": frozenset({"reference"}),
}
"""``[[kind:id]]`` link kinds that name codebook items → the id kinds each may name. ``[[page:…]]``
(generated and prose pages) and ``[[lang:…]]`` (a passage in another language) are not items."""


def discover(root: Path, base: Path, problems: list[Problem]) -> Iterator[tuple[Path, FileKind]]:
    """Every codebook file under *root* with its kind; unknown files are warned about."""
    files = {k.location: k for k in FILE_KINDS if not k.is_folder}
    folders = {k.location.rstrip("/"): k for k in FILE_KINDS if k.is_folder}
    if not (root / "study.yaml").is_file():
        problems.append(Problem(display_path(root / "study.yaml", base), 0, 0, "missing-file",
                                "the codebook has no study.yaml", "create it: title, authors, languages, …"))
    for entry in sorted(root.iterdir()):
        if entry.is_file() and entry.name in files:
            yield entry, files[entry.name]
        elif entry.is_dir() and entry.name in folders:
            for path in sorted(entry.iterdir()):
                if path.suffix in (".yaml", ".yml") and path.is_file():
                    yield path, folders[entry.name]
                elif not path.name.startswith("."):
                    problems.append(Problem(display_path(path, base), 0, 0, "unknown-file",
                                            f"befund ignores {path.name}", "codebook files end in .yaml", "warning"))
        elif entry.suffix in (".yaml", ".yml") or (entry.is_dir() and not entry.name.startswith(".")):
            close = difflib.get_close_matches(entry.name, [*files, *folders], n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join([*files, *folders])
            problems.append(Problem(display_path(entry, base), 0, 0, "unknown-file",
                                    f"befund does not know what {entry.name} is", hint, "warning"))
