"""References through citeproc-py: CSL-JSON items, formatted entries and citations, BibTeX and RIS.

Imports neither MkDocs nor click; the renderer and the exporters call it with model data.
"""

from __future__ import annotations

from .csl import CslItem, add_year_suffixes, study_csl, to_csl, webpage_csl
from .locator import LocatorError, parse_locator
from .style import STYLES, Formatter, StyleSpec, style_for

__all__ = ["STYLES", "CslItem", "Formatter", "LocatorError", "StyleSpec", "add_year_suffixes", "parse_locator",
           "study_csl", "style_for", "to_csl", "webpage_csl"]
