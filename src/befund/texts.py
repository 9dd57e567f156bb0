"""The codebook's texts and where each stands in its file, so a problem inside one can name the exact
line and column."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .model import Acknowledgement, Basis, Origin

Anchor = tuple[int, int, int]
"""``(offset in the text, line, column)``: where a stretch of a text stands in its file."""


@dataclass(eq=False)
class Spot:
    """Where a text begins in its file, and how to find any offset inside it.

    YAML folds and indents texts, so offset → line/column needs the source lines; *anchors* works
    that out only when a problem is actually reported (most texts never need it).
    """

    path: str
    line: int
    column: int
    anchors_of: Callable[[], list[Anchor]] | None = None
    """Computes one anchor per source line of the text; None: the text is one line as written."""

    @classmethod
    def of_text(cls, path: str, text: str, line: int = 1, column: int = 1) -> Spot:
        """A text that stands in its file as it is (line breaks kept, no indentation)."""
        return cls(path, line, column, partial(_line_anchors, text, line, column) if "\n" in text else None)

    @cached_property
    def _anchors(self) -> list[Anchor]:
        found = self.anchors_of() if self.anchors_of is not None else []
        return found or [(0, self.line, self.column)]

    def at(self, offset: int) -> tuple[int, int]:
        """Line and column of character *offset* of the text."""
        anchors = self._anchors
        index = bisect.bisect_right(anchors, (offset, 1 << 60, 0)) - 1
        start, line, column = anchors[max(0, index)]
        return line, column + max(0, offset - start)


def _line_anchors(text: str, line: int, column: int) -> list[Anchor]:
    """One anchor per line of *text*, which begins at *line*, *column* (a partial, so a Spot pickles)."""
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return [(start, line + n, column if n == 0 else 1) for n, start in enumerate(starts)]


TextRole = Literal["verbatim", "translation", "markdown", "plain"]


@dataclass(frozen=True)
class TextField:
    """One human-written text of the codebook: what language checks, link checks and the lint read.

    Converters register every text they read here, so no check can miss a field.
    """

    owner: str
    """The item it belongs to, for messages, e.g. ``quote GD_02-1``."""
    field: str
    """Which field, e.g. ``context`` or ``summary``."""
    values: dict[str, str]
    """Text per language; a quote's ``original`` has the single key ``""``."""
    role: TextRole
    spots: dict[str, Spot]
    """Where each language's text stands."""
    origin: Origin
    """The field itself (the mapping of languages)."""
    acknowledged: tuple[Acknowledgement, ...] = ()
    acknowledgeable: bool = False
    """Whether the owner has an ``acknowledge:`` list, so hints can offer it."""
    basis: Basis | None = None


def yaml_anchors(value: str, lines: list[str], first: int, start_col: int, end_line: int, end_col: int,
                 quoted: bool) -> list[Anchor]:
    """Align each source line of a YAML text with the parsed value (YAML folds and strips lines).

    *lines* are the file's lines *first* to *end_line* (fewer at the end of the file).
    """
    anchors: list[Anchor] = []
    pos = 0
    for offset, line in enumerate(lines):
        number = first + offset
        stop = end_col - (1 if quoted else 0) if number == end_line else len(line)
        begin = start_col if number == first else len(line) - len(line.lstrip())
        segment = line[begin:stop].rstrip()
        if not segment:
            continue
        found = value.find(segment, pos)
        if found < 0:  # an escape sequence changed the text: place the rest by the last anchor
            break
        anchors.append((found, number + 1, begin + 1))
        pos = found + len(segment)
    return anchors
