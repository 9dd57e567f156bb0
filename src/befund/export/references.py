"""The bibliography as BibTeX and RIS, through befund.cite's CSL items (one conversion for site and files)."""

from __future__ import annotations

from ..cite import to_csl
from ..cite.bibtex import to_bibtex
from ..cite.ris import to_ris
from ..model import Codebook


def bibtex(codebook: Codebook) -> bytes:
    """Every reference as a ``.bib`` entry (UTF-8, sorted by key)."""
    return to_bibtex([to_csl(ref) for ref in codebook.references.values()]).encode("utf-8")


def ris(codebook: Codebook) -> bytes:
    """Every reference as a RIS record (UTF-8, sorted by id)."""
    return to_ris([to_csl(ref) for ref in codebook.references.values()]).encode("utf-8")
