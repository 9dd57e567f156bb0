"""References through citeproc-py: CSL-JSON items, formatted entries and citations, BibTeX and RIS.

Imports neither MkDocs nor click; the renderer and the exporters call it with model data. The
formatter (citeproc-py, lxml) is imported on first use: checking links needs only the locator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .csl import CslItem, add_year_suffixes, study_csl, to_csl, webpage_csl
from .locator import LocatorError, parse_locator

if TYPE_CHECKING:
    from .style import STYLES, Formatter, StyleSpec, style_for

__all__ = ["STYLES", "CslItem", "Formatter", "LocatorError", "StyleSpec", "add_year_suffixes", "parse_locator",
           "study_csl", "style_for", "to_csl", "webpage_csl"]


def __getattr__(name: str) -> Any:
    if name not in ("STYLES", "Formatter", "StyleSpec", "style_for"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import style

    return getattr(style, name)
