"""Every page befund generates, in one table: its path, template, and place in the navigation.

Rendering, the navigation, ``[[page:…]]`` links, the check that prose pages do not clash with
generated ones, and the browser suite's page types all come from this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageKind:
    name: str
    """``[[page:NAME]]`` of a single page; for pages made per item, the item kind."""
    path: str
    """Page source path; ``{id}`` stands for the item of a per-item page."""
    template: str
    nav: int | None
    """Position in the navigation (prose pages use the same scale in their ``weight``); None: the page
    is reached from index pages only (Material renders the whole nav into every page)."""
    per: str | None = None
    """``category`` (each (sub)category) or ``source``: one page per item. A category's page is the
    index of its own folder, so a category with subcategories is a clickable section in the nav."""

    def src(self, ident: str = "") -> str:
        return self.path.format(id=ident)

    @property
    def folder(self) -> str:
        """For per-item pages, the folder their pages live in (``categories/``)."""
        return self.path.split("{id}")[0] if self.per else ""


PAGES: tuple[PageKind, ...] = (
    PageKind("home", "index.md", "home.md.j2", nav=0),
    PageKind("theory", "theory.md", "theory.md.j2", nav=30),
    PageKind("categories", "categories/index.md", "categories.md.j2", nav=50),
    PageKind("category", "categories/{id}/index.md", "category.md.j2", nav=50, per="category"),
    PageKind("handout", "categories/{id}/handout.md", "handout.md.j2", nav=None, per="category"),
    PageKind("recommendations", "recommendations.md", "recommendations.md.j2", nav=70),
    PageKind("quotes", "quotes/index.md", "quotes.md.j2", nav=75),
    PageKind("sources", "sources/index.md", "sources.md.j2", nav=80),
    PageKind("source", "sources/{id}.md", "source.md.j2", nav=None, per="source"),
    PageKind("glossary", "glossary.md", "glossary.md.j2", nav=85),
    PageKind("downloads", "downloads/index.md", "downloads.md.j2", nav=88),
    PageKind("references", "references.md", "references.md.j2", nav=90),
    PageKind("about", "about.md", "about.md.j2", nav=95),
)
PAGE = {page.name: page for page in PAGES}
SINGLE_PAGES = {page.name: page.path for page in PAGES if page.per is None}
"""``[[page:NAME]]`` name → page source path of every generated page that is not per item."""
DOWNLOADS_DIR = PAGE["downloads"].path.rsplit("/", 1)[0] + "/"
"""Where the download files go: the folder of the downloads page, which lists them."""


def clashes(src_uri: str) -> bool:
    """Whether a hand-written page at *src_uri* would take the place of a generated one."""
    return src_uri in SINGLE_PAGES.values() or any(p.per and src_uri.startswith(p.folder) for p in PAGES)
