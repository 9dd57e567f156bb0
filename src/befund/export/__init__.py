"""Download files of a codebook, one small module per format; the FORMATS table says what each gives.

The site build writes :func:`downloads` into each language's site and lists the files on the
downloads page; ``befund export`` writes one format. Imports neither MkDocs nor click.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Codebook
from .csv_export import categories_csv, quotes_csv
from .json_export import SCHEMA_FILE, codebook_json, codebook_schema
from .qdc import to_qdc
from .references import bibtex, ris

Maker = Callable[[Codebook, str], dict[str, bytes]]


@dataclass(frozen=True)
class Format:
    name: str
    """What ``befund export --format`` calls it."""
    files: tuple[str, ...]
    """The file names it writes, in this order."""
    media_type: str
    make: Maker
    """(codebook, language) → file name → content."""
    needs_references: bool = False
    """Left out of the downloads when the codebook has no references (an empty bibliography helps no one)."""

    def __call__(self, codebook: Codebook, lang: str) -> dict[str, bytes]:
        return self.make(codebook, lang)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("csv", ("categories.csv", "quotes.csv"), "text/csv; charset=utf-8",
           lambda cb, lang: {"categories.csv": categories_csv(cb), "quotes.csv": quotes_csv(cb)}),
    Format("json", ("codebook.json", SCHEMA_FILE), "application/json",
           lambda cb, lang: {"codebook.json": codebook_json(cb), SCHEMA_FILE: codebook_schema()}),
    Format("qdc", ("codebook.qdc",), "application/xml",
           lambda cb, lang: {"codebook.qdc": to_qdc(cb, lang)}),
    Format("bibtex", ("references.bib",), "application/x-bibtex",
           lambda cb, lang: {"references.bib": bibtex(cb)}, needs_references=True),
    Format("ris", ("references.ris",), "application/x-research-info-systems",
           lambda cb, lang: {"references.ris": ris(cb)}, needs_references=True),
)}
"""Format name → its files, media type and maker. CSV, JSON, BibTeX and RIS hold every language (the
same bytes in each language's site); the ``.qdc`` names and describes the codes in *lang*."""


def downloads(codebook: Codebook, lang: str) -> dict[str, bytes]:
    """Every download file of the site in *lang*: file name → content, in FORMATS order."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS.values():
        if fmt.needs_references and not codebook.references:
            continue
        files |= fmt(codebook, lang)
    return files


__all__ = ["FORMATS", "Format", "downloads"]
