"""What a rule finds in a text: its own module, light, so that a kept lint can be read (and a fully
kept lint reported) without compiling the rule table's patterns (``rules.py``, ``patterns.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Finding:
    rule: str
    start: int
    end: int
    found: str
    message: str
