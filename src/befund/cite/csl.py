"""CSL-JSON items from befund's model: the one shape the formatter and the exporters read."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from string import ascii_lowercase
from typing import Any

from ..model import Name, Reference
from .collate import collation_key

CslItem = dict[str, Any]
"""One CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""

# "4", "4.", "4th", "4. Aufl.", "4th ed." all mean the 4th edition; as a number the style and locale
# render it ("4th ed." / "4. Aufl."); the old formatter printed the raw string as "(4)".
_EDITION = re.compile(r"^\s*(\d+)\s*(?:\.|st|nd|rd|th)?\s*(?:ed\.?|edition|aufl\.?|auflage)?\s*$", re.IGNORECASE)

# Model attribute -> CSL variable, for the plain string fields (empty strings are left out).
_STRINGS = {
    "title": "title", "container_title": "container-title", "collection_title": "collection-title",
    "volume": "volume", "issue": "issue", "page": "page", "publisher": "publisher",
    "publisher_place": "publisher-place", "url": "URL", "doi": "DOI", "language": "language",
}


def csl_names(names: Sequence[Name]) -> list[dict[str, str]]:
    """CSL name objects; a name without given names stays a bare family name."""
    return [{"family": n.family, "given": n.given} if n.given else {"family": n.family} for n in names]


def csl_date(iso: str) -> dict[str, Any]:
    """``{"date-parts": [[y, m, d]]}`` from an ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).

    Anything else becomes a CSL literal date, printed as written: validation reports it, this never raises.
    """
    if re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", iso.strip()):
        return {"date-parts": [[int(part) for part in iso.strip().split("-")]]}
    return {"literal": iso}


def csl_edition(edition: str) -> int | str:
    """A numbered edition as a number, anything else (e.g. "Revised edition") as written."""
    found = _EDITION.match(edition)
    return int(found.group(1)) if found else edition


def to_csl(ref: Reference) -> CslItem:
    """The CSL-JSON item of one bibliography entry; missing fields are omitted, never invented."""
    item: CslItem = {"id": ref.id, "type": ref.type, "author": csl_names(ref.author),
                     "issued": {"date-parts": [[ref.issued]]}}
    if ref.editor:
        item["editor"] = csl_names(ref.editor)
    for attribute, variable in _STRINGS.items():
        value = getattr(ref, attribute)
        if value:
            item[variable] = value
    if ref.edition:
        item["edition"] = csl_edition(ref.edition)
    if ref.accessed:
        item["accessed"] = csl_date(ref.accessed)
    return item


def study_csl(id: str, title: str, authors: Sequence[Name], year: int, *, journal: str | None = None,
              volume: str = "", issue: str = "", page: str = "", doi: str | None = None, url: str | None = None,
              language: str = "") -> CslItem:
    """The article itself: ``article-journal`` where a journal is known, else ``article``."""
    item: CslItem = {"id": id, "type": "article-journal" if journal else "article", "author": csl_names(authors),
                     "issued": {"date-parts": [[year]]}, "title": title}
    optional = {"container-title": journal, "volume": volume, "issue": issue, "page": page, "DOI": doi,
                "URL": url, "language": language}
    item.update({key: value for key, value in optional.items() if value})
    return item


def webpage_csl(id: str, title: str, site_name: str, url: str, *, accessed: str = "", year: int | None = None,
                version: str = "", editors: Sequence[Name] = (), language: str = "") -> CslItem:
    """A page of the findings website, e.g. for "cite this page".

    With editors, they are the page's authors and the site is the container. Without, the site is the
    (group) author and is not repeated as container, as APA 7 asks when author and site name coincide
    (and citeproc-py would print it twice).
    """
    item: CslItem = {"id": id, "type": "webpage", "title": title, "URL": url}
    if editors:
        item["author"] = csl_names(editors)
        item["container-title"] = site_name
    else:
        item["author"] = [{"literal": site_name}]
    if year is not None:
        item["issued"] = {"date-parts": [[year]]}
    if accessed:
        item["accessed"] = csl_date(accessed)
    if version:
        item["version"] = version
    if language:
        item["language"] = language
    return item


def _author_key(item: CslItem) -> tuple[tuple[str, ...], ...]:
    return tuple((n.get("family", ""), n.get("given", ""), n.get("literal", "")) for n in item.get("author", []))


def _year(item: CslItem) -> int | None:
    parts = item.get("issued", {}).get("date-parts", [[]])
    return parts[0][0] if parts and parts[0] else None


def add_year_suffixes(items: Sequence[CslItem]) -> list[CslItem]:
    """Copies of *items* where works of the same authors and year get "a", "b", … (ordered by title).

    citeproc-py does not disambiguate; without this, "Weimann-Sandig 2022" could name two works.
    Run it once over the whole reference list, so in-text citations and the bibliography agree.
    """
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        groups[(_author_key(item), _year(item))].append(index)
    result = [dict(item) for item in items]
    for indices in groups.values():
        if len(indices) < 2:
            continue
        ordered = sorted(indices, key=lambda i: (collation_key(str(items[i].get("title", ""))), items[i]["id"]))
        for n, index in enumerate(ordered):
            result[index]["year-suffix"] = _suffix(n)
    return result


def _suffix(n: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa", 27 -> "ab", … (as citeproc-js counts on)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters
