"""The site's navigation, from the page table, the category tree and the prose pages' weights.

Only the reading path goes into the nav (Material renders the whole nav into every page); per-source
pages are reached from the index pages.
"""

from __future__ import annotations

import html
from typing import Any

from .model import Category, Codebook
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
            sections = [_category_entry(codebook, main, lang) for main in codebook.children(None, "category")]
            entries.append((kind.nav, order, {labels["page.findings"]: [kind.path, *sections]}))
        else:
            entries.append((kind.nav, order, {labels[f"page.{kind.name}"]: kind.path}))
    for order, page in enumerate(prose):
        if page.weight is not None:
            entries.append((page.weight, 100 + order, page.src_uri))
    return [entry for _weight, _order, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def _category_entry(codebook: Codebook, category: Category, lang: str) -> Any:
    """A category's page; with subcategories, a section headed by that page (clickable with Material's
    ``navigation.indexes``), its subcategories nested below."""
    subs = codebook.children(category.id, "category")
    if not subs:
        return category_page(category.id)
    label = html.escape(category.label.get(lang) or category.id, quote=False)  # Material prints nav titles as HTML
    return {label: [category_page(category.id), *(_category_entry(codebook, sub, lang) for sub in subs)]}


def in_nav(src_uri: str) -> bool:
    """Per-item pages without a nav position (sources) are left out of the nav, quietly."""
    if src_uri in SINGLE_PAGES.values():
        return True
    return not any(kind.per and kind.nav is None and src_uri.startswith(kind.folder) for kind in PAGES)


def findings_menu(codebook: Codebook, lang: str) -> list[dict[str, Any]]:
    """The main categories and their subcategories with their URLs from the site root (the 404 page)."""
    def entry(category: Category) -> dict[str, Any]:
        url = category_page(category.id)[: -len("index.md")]
        children = [entry(sub) for sub in codebook.children(category.id, "category")]
        return {"label": category.label.get(lang) or category.id, "url": url, "children": children}
    return [entry(main) for main in codebook.children(None, "category")]
