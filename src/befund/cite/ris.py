"""RIS (Reference Manager) records from CSL items, for Zotero, EndNote, Citavi and the like."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .csl import CslItem

RECORD_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "report": "RPRT", "webpage": "ELEC",
                "paper-conference": "CPAPER", "thesis": "THES"}
"""CSL type -> RIS ``TY``; anything else (e.g. an ``article`` without journal) is ``GEN``."""

_PLAIN = [("title", "TI"), ("container-title", "T2"), ("collection-title", "T3"), ("edition", "ET"),
          ("version", "ET"), ("volume", "VL"), ("issue", "IS")]


def _clean(value: Any) -> str:
    """One line: RIS has no escapes, a line break would end the field."""
    return " ".join(str(value).split())


def _name(name: dict[str, str]) -> str:
    if "literal" in name:
        return _clean(name["literal"])
    return _clean(", ".join(part for part in (name.get("family", ""), name.get("given", "")) if part))


def _date(value: Any) -> list[int]:
    parts = (value or {}).get("date-parts", [[]])
    return [int(p) for p in parts[0]] if parts else []


def _lines(item: CslItem) -> list[tuple[str, str]]:
    lines = [("TY", RECORD_TYPES.get(item.get("type", ""), "GEN")), ("ID", _clean(item["id"]))]
    lines += [("AU", _name(n)) for n in item.get("author", [])]
    lines += [("A2", _name(n)) for n in item.get("editor", [])]
    issued = _date(item.get("issued"))
    if issued:
        lines.append(("PY", str(issued[0])))
    lines += [(tag, _clean(item[variable])) for variable, tag in _PLAIN if item.get(variable)]
    if item.get("page"):
        first, _, last = re.sub(r"\s*[–-]+\s*", "-", str(item["page"])).partition("-")
        lines.append(("SP", _clean(first)))
        if last:
            lines.append(("EP", _clean(last)))
    plain = [("publisher", "PB"), ("publisher-place", "CY"), ("URL", "UR"), ("DOI", "DO")]
    lines += [(tag, _clean(item[variable])) for variable, tag in plain if item.get(variable)]
    accessed = _date(item.get("accessed"))
    if accessed:
        lines.append(("Y2", "/".join(f"{p:02d}" for p in accessed)))
    if item.get("language"):
        lines.append(("LA", _clean(item["language"])))
    return lines


def to_ris(items: Sequence[CslItem]) -> str:
    """RIS records sorted by id, tags in a fixed order; LF line ends (importers accept them)."""
    records = []
    for item in sorted(items, key=lambda i: str(i["id"])):
        records.append("".join(f"{tag}  - {value}\n" for tag, value in _lines(item)) + "ER  - \n")
    return "\n".join(records)
