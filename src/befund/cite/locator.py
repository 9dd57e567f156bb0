"""The LOCATOR of a codebook citation ``[[ref:ID, LOCATOR]]``, e.g. ``S. 32``, ``chap. 3``, ``sec. 5.1``."""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS: dict[str, str] = {
    "page": "page", "p.": "page", "pp.": "page", "S.": "page",
    "chapter": "chapter", "chap.": "chapter", "Kap.": "chapter",
    "section": "section", "sec.": "section", "Abschn.": "section",
}
"""Written label (matched ignoring case) -> CSL locator type; the style and locale render the label again."""

# The label ends with a dot or a space: "S. 32", "S.32", "page 32".
_LOCATOR = re.compile(r"^(?P<label>[^\W\d]+(?:\.\s*|\s+))(?P<value>\S.*)$")
# 32 | 5.1 | 7–9 | 7-9 | 32f. | 32 ff.
_VALUE = re.compile(r"^\d+(?:\.\d+)*(?:\s*[-–]\s*\d+(?:\.\d+)*|\s?ff?\.)?$")
_HINT = "write a label and a number, e.g. 'S. 32', 'p. 7–9', 'Kap. 3' or 'sec. 5.1'"


@dataclass(frozen=True)
class LocatorError:
    """A locator that could not be read; returned, never raised, so ``befund check`` can list them all."""

    message: str
    hint: str


def parse_locator(text: str) -> tuple[str, str] | LocatorError:
    """``(CSL locator type, value)`` from e.g. ``"S. 32"`` -> ``("page", "32")``, or a LocatorError."""
    labels = {written.lower(): kind for written, kind in LABELS.items()}
    text = text.strip()
    if not text:
        return LocatorError("empty locator after the comma", _HINT)
    if text.lower() in labels:
        return LocatorError(f"locator '{text}' has a label but no value", _HINT)
    found = _LOCATOR.match(text)
    if found is None:
        return LocatorError(f"locator '{text}' has no label", _HINT)
    label, value = found.group("label").strip(), found.group("value")
    kind = labels.get(label.lower())
    if kind is None:
        return LocatorError(f"unknown locator label '{label}'", "use one of " + ", ".join(LABELS))
    if not _VALUE.match(value):
        return LocatorError(f"locator value '{value}' is not a page, range or section number", _HINT)
    return kind, re.sub(r"\s*[-–]\s*", "–", value)
