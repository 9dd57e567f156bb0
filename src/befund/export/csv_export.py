"""Two tables for spreadsheets and statistics software: categories and quotes.

Dialect: RFC 4180 (comma, double quotes, CRLF line ends), UTF-8 with a byte-order mark. Excel takes
a CSV without BOM for the Windows code page and garbles every umlaut; with the BOM it reads UTF-8,
and LibreOffice, R (``readr``, ``fileEncoding = "UTF-8-BOM"``) and pandas (``encoding="utf-8-sig"``)
read it too. Texts are one column per language and stay as the codebook writes them (Markdown with
``[[kind:id]]`` links), so nothing is lost; lists inside a cell are separated by ``; ``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from ..codeindex import article_order
from ..model import Basis, Category, Codebook

BOM = "\ufeff"


def categories_csv(codebook: Codebook) -> bytes:
    """One row per category and dimension, main categories first, each followed by what it contains."""
    langs = codebook.study.languages
    header = ["id", "kind", "parent", "order", "section",
              *[f"label_{lang}" for lang in langs], *[f"summary_{lang}" for lang in langs],
              *[f"description_{lang}" for lang in langs],
              "basis", "basis_section", "summary_basis", "summary_basis_section",
              "description_basis", "description_basis_section", "quotes_direct", "quotes_total", "sources_total"]
    rows = []
    for node in tree_order(codebook, None):
        below = {node.id} | {c.id for c in tree_order(codebook, node.id)}
        total = codebook.quotes_coded_to_any(below)
        rows.append([node.id, node.kind, node.parent or "", node.order, node.section or "",
                     *[node.label.get(lang, "") for lang in langs], *[node.summary.get(lang, "") for lang in langs],
                     *[node.description.get(lang, "") for lang in langs],
                     *_basis(node.basis), *_basis(getattr(node.summary, "basis", None)),
                     *_basis(getattr(node.description, "basis", None)),
                     len(codebook.quotes_coded(node.id)), len(total), len({q.source for q in total})])
    return _table(header, rows)


def quotes_csv(codebook: Codebook) -> bytes:
    """One row per quote, in the article's order; the first coding is where the quote is interpreted."""
    study = codebook.study
    others = [lang for lang in study.languages if lang != study.data_language]
    header = ["id", "source", "source_type", "order", "section", "primary_coding", "codings",
              f"original_{study.data_language}", *[f"translation_{lang}" for lang in others]]
    rows = []
    for quote in sorted(codebook.quotes.values(), key=article_order):
        source = codebook.sources.get(quote.source)
        rows.append([quote.id, quote.source, source.type if source else "",
                     "" if quote.order is None else quote.order, quote.section or "",
                     quote.codings[0].id if quote.codings else "",
                     "; ".join(f"{c.id}:{c.basis.kind}" for c in quote.codings),
                     quote.original, *[quote.translation.get(lang, "") for lang in others]])
    return _table(header, rows)


def tree_order(codebook: Codebook, parent: str | None) -> Iterator[Category]:
    """Every node below *parent*, depth first, siblings in codebook order."""
    for child in codebook.children(parent):
        yield child
        yield from tree_order(codebook, child.id)


def _basis(basis: Basis | None) -> list[str]:
    return ["", ""] if basis is None else [basis.kind, basis.section or ""]


def _table(header: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (BOM + out.getvalue()).encode("utf-8")
