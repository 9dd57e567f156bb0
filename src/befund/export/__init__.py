"""Download files of a codebook, one small module per format; the FORMATS table says what each gives.

The site build writes :func:`downloads` into each language's site and lists the files on the
downloads page; ``befund export`` writes one format. Imports neither MkDocs nor click.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import Codebook
from .code_extras import CodeExtras, read_code_extras
from .csv_export import categories_csv, quotes_csv
from .json_export import SCHEMA_FILE, codebook_json, codebook_schema
from .qdc import to_qdc
from .references import bibtex, ris

Extras = Mapping[str, CodeExtras]
Maker = Callable[[Codebook, str, Extras], dict[str, bytes]]


@dataclass(frozen=True)
class Format:
    name: str
    """What ``befund export --format`` calls it."""
    files: tuple[str, ...]
    """The file names it writes, in this order."""
    media_type: str
    make: Maker
    """(codebook, language, kept GUIDs and colours) → file name → content."""
    needs_references: bool = False
    """Left out of the downloads when the codebook has no references (an empty bibliography helps no one)."""

    def __call__(self, codebook: Codebook, lang: str, extras: Extras | None = None) -> dict[str, bytes]:
        return self.make(codebook, lang, extras or {})


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("csv", ("categories.csv", "quotes.csv"), "text/csv; charset=utf-8",
           lambda cb, lang, extras: {"categories.csv": categories_csv(cb), "quotes.csv": quotes_csv(cb)}),
    Format("json", ("codebook.json", SCHEMA_FILE), "application/json",
           lambda cb, lang, extras: {"codebook.json": codebook_json(cb), SCHEMA_FILE: codebook_schema()}),
    Format("qdc", ("codebook.qdc",), "application/xml",
           lambda cb, lang, extras: {"codebook.qdc": to_qdc(cb, lang, extras)}),
    Format("bibtex", ("references.bib",), "application/x-bibtex",
           lambda cb, lang, extras: {"references.bib": bibtex(cb)}, needs_references=True),
    Format("ris", ("references.ris",), "application/x-research-info-systems",
           lambda cb, lang, extras: {"references.ris": ris(cb)}, needs_references=True),
)}
"""Format name → its files, media type and maker. CSV, JSON, BibTeX and RIS hold every language (the
same bytes in each language's site); the ``.qdc`` names and describes the codes in *lang*."""


def downloads(codebook: Codebook, lang: str, codebook_dir: Path | None = None) -> dict[str, bytes]:
    """Every download file of the site in *lang*: file name → content, in FORMATS order.

    Pass *codebook_dir* so GUIDs and colours kept in category files (from an import) are exported.
    """
    extras = read_code_extras(codebook_dir) if codebook_dir is not None else {}
    files: dict[str, bytes] = {}
    for fmt in FORMATS.values():
        if fmt.needs_references and not codebook.references:
            continue
        files |= fmt(codebook, lang, extras)
    return files


__all__ = ["FORMATS", "CodeExtras", "Format", "downloads", "read_code_extras"]
