"""The site's navigation, from the page table, the category tree and the prose pages' weights.

Only the reading path goes into the nav (Material renders the whole nav into every page); per-source
pages are reached from the index pages.
"""

from __future__ import annotations

from typing import Any

from .model import Codebook
from .pages import PAGES, SINGLE_PAGES
from .prose import ProsePage
from .targets import category_page

FINDINGS = "categories"
"""The page that heads the findings section; category pages follow it there."""


def build_nav(codebook: Codebook, lang: str, labels: dict[str, str], prose: list[ProsePage]) -> list[Any]:
    """MkDocs ``nav``: befund's pages by their weight, the findings as a section, prose pages by ``weight``."""
    entries: list[tuple[int, int, Any]] = []
    for order, kind in enumerate(PAGES):
        if kind.nav is None or kind.per is not None:
            continue
        if kind.name == FINDINGS:
            entries.append((kind.nav, order, {labels["page.findings"]: [kind.path, *_category_pages(codebook)]}))
        else:
            entries.append((kind.nav, order, {labels[f"page.{kind.name}"]: kind.path}))
    for order, page in enumerate(prose):
        if page.weight is not None:
            entries.append((page.weight, 100 + order, page.src_uri))
    return [entry for _weight, _order, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def _category_pages(codebook: Codebook) -> list[str]:
    """Every category page, each main category followed by its subcategories."""
    found: list[str] = []

    def visit(parent: str | None) -> None:
        for cat in codebook.children(parent, "category"):
            found.append(category_page(cat.id))
            visit(cat.id)

    visit(None)
    return found


def in_nav(src_uri: str) -> bool:
    """Per-item pages without a nav position (sources) are left out of the nav, quietly."""
    if src_uri in SINGLE_PAGES.values():
        return True
    return not any(kind.per and kind.nav is None and src_uri.startswith(kind.folder) for kind in PAGES)
