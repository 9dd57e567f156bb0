"""BibTeX from CSL items: UTF-8 kept as it is (biber, bibtex8 and modern BibTeX read it), specials escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .csl import CslItem

ENTRY_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection", "report": "techreport",
               "paper-conference": "inproceedings", "thesis": "phdthesis"}
"""CSL type -> BibTeX entry type; anything else (webpage, article) is ``misc``."""

CONTAINER_FIELDS = {"article-journal": "journal", "chapter": "booktitle", "paper-conference": "booktitle"}
"""Where a CSL type's container-title goes; elsewhere (e.g. the website of a page) ``howpublished``."""

# BibTeX counts braces even after a backslash, so braces become commands with balanced ``{}``.
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
            "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
_PROTECTED = {"title", "booktitle"}  # fields bibliography styles re-case

LANGIDS = {"de": "ngerman", "en": "english", "fr": "french", "it": "italian", "es": "spanish", "nl": "dutch",
           "da": "danish", "sv": "swedish", "nb": "norsk", "nn": "nynorsk", "fi": "finnish", "pt": "portuguese"}
"""Language code -> biblatex ``langid`` (babel name): hyphenation, and biblatex re-cases English titles only."""


def escape(text: str) -> str:
    """*text* with BibTeX's special characters escaped and line breaks flattened."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], " ".join(str(text).split()))


def verbatim(url: str) -> str:
    """A URL or DOI as biblatex reads it (verbatim): only braces, backslashes and spaces percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in "{}\\" or c.isspace() else c for c in str(url).strip())


def protect_case(escaped: str) -> str:
    """Braces around each word with a capital, so styles that lower-case titles keep „Grounded Theory“."""
    return " ".join(f"{{{word}}}" if any(c.isupper() for c in word) else word for word in escaped.split(" "))


def _name(name: dict[str, str]) -> str:
    if "literal" in name or not name.get("given"):  # an organisation: one unparsed unit
        return "{" + escape(name.get("literal") or name.get("family", "")) + "}"
    family = escape(name.get("family", ""))
    if "," in family or re.search(r"\band\b", family):
        family = "{" + family + "}"
    return f"{family}, {escape(name['given'])}"


def _date(value: Any) -> list[int]:
    parts = (value or {}).get("date-parts", [[]])
    return [int(p) for p in parts[0]] if parts else []


def _fields(item: CslItem) -> list[tuple[str, str]]:
    """``(field, escaped value)`` in a fixed order."""
    kind = item.get("type", "")
    out: list[tuple[str, str]] = []
    for variable in ("author", "editor"):
        if item.get(variable):
            out.append((variable, " and ".join(_name(n) for n in item[variable])))
    container = "institution" if kind == "report" else "publisher"
    plain = [("title", "title"), ("container-title", CONTAINER_FIELDS.get(kind, "howpublished")),
             ("collection-title", "series"), ("edition", "edition"), ("volume", "volume"), ("issue", "number"),
             ("page", "pages"), ("publisher", container), ("publisher-place", "address"), ("version", "version")]
    for variable, name in plain:
        if item.get(variable):
            value = escape(str(item[variable]))
            if variable == "page":
                value = re.sub(r"\s*[–-]+\s*", "--", value)
            out.append((name, protect_case(value) if name in _PROTECTED else value))
    issued = _date(item.get("issued"))
    if issued:
        out.append(("year", str(issued[0])))
    for variable, name in (("URL", "url"), ("DOI", "doi")):
        if item.get(variable):
            out.append((name, verbatim(item[variable])))
    accessed = _date(item.get("accessed"))
    if accessed:
        out.append(("urldate", "-".join(f"{p:02d}" for p in accessed)))
    langid = LANGIDS.get(str(item.get("language", "")).split("-")[0])
    if langid:
        out.append(("langid", langid))
    return out


def _key(item: CslItem) -> str:
    return re.sub(r"[^A-Za-z0-9_:.-]", "-", str(item["id"]))


def to_bibtex(items: Sequence[CslItem]) -> str:
    """A ``.bib`` file: entries sorted by key, fields in a fixed order, so exports diff cleanly."""
    entries = []
    for item in sorted(items, key=_key):
        kind = ENTRY_TYPES.get(item.get("type", ""), "misc")
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in _fields(item))
        entries.append(f"@{kind}{{{_key(item)},\n{body}\n}}\n")
    return "\n".join(entries)
