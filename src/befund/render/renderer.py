"""The Renderer: every generated page of one language, from the page table and Jinja templates.

Templates ship in ``befund/templates/pages`` and may be overridden from a site folder; they are
strict (a typo is an error) and autoescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..citations import Citations
from ..export import FORMATS, downloads
from ..model import Basis, Category, Codebook, Coding, Quote, Text
from ..pages import PAGES, PageKind
from ..resolve import relative_href
from ..safety import md_escape, neutralise_html
from ..targets import category_page
from ..templatecache import template_cache
from . import conceptmap
from .context import DirectCallContext
from .failure import TEMPLATES, TemplateFailure, failure
from .labels import Labels, plural, ui_labels
from .marks import basis_mark, coding_mark, node_mark
from .metadata import plain
from .queries import Queries, relative_url


@dataclass
class Page:
    src_uri: str
    title: str
    markdown: str


class Renderer(Queries):
    """Renders every generated page of one language."""

    def __init__(self, codebook: Codebook, lang: str, template_dirs: list[Path] | None = None,
                 citations: Citations | None = None, labels: Labels | None = None) -> None:
        self.codebook = codebook
        self.lang = lang
        self.citations = citations or Citations(codebook, lang)
        self.inserts: dict[str, str] = {}
        self._marks: dict[tuple[str, str | None, str | None], Markup] = {}
        self.labels = labels if labels is not None else ui_labels(lang)  # the site's, checked; else befund's
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs or []])]
        loaders.append(jinja2.PackageLoader("befund", "templates/pages"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,  # a typo in a template is an error, not an empty string
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=template_cache(),  # compiled once per template version, not per build and language
        )
        self.env.context_class = DirectCallContext  # the same calls, without Jinja's per-call inspection
        self.env.filters.update(text=self.text, md=self.markdown, plain=self.plain, date=self.date)
        self.env.globals.update(t=self.t, cb=codebook, study=codebook.study, lang=lang, r=self)

    # -- helpers for templates -------------------------------------------------------------------
    def t(self, key: str, **values: Any) -> str:
        """A UI label; ``{name}`` placeholders are filled from *values*."""
        label = self.labels[key]
        return label.format(**values) if values else label

    def tn(self, key: str, n: int) -> str:
        """A count with the word in singular or plural: ``1 Zitat``, ``3 Zitate``."""
        return plural(self.labels, key, n)

    def mark(self, value: Any) -> Markup:
        """The provenance mark of an interpretive text, a coding or a category node (made once per
        kind of mark: a large study's pages carry hundreds of thousands)."""
        if isinstance(value, Category):
            key: tuple[str, str | None, str | None] = ("node", value.basis.kind if value.basis else None, None)
            make = lambda: node_mark(value, self.labels)  # noqa: E731
        elif isinstance(value, Coding):
            key = ("coding", value.basis.kind, None)
            make = lambda: coding_mark(value.basis, self.labels)  # noqa: E731
        else:
            basis = value if isinstance(value, Basis) else getattr(value, "basis", None)
            if basis is None:
                return Markup("")
            key = ("text", basis.kind, basis.section)
            make = lambda: basis_mark(basis, self.labels)  # noqa: E731
        if key not in self._marks:
            self._marks[key] = make()
        return self._marks[key]

    def basis_of(self, value: Any) -> str:
        """``article`` or ``editors`` (empty when a text does not say), for ``data-basis``."""
        basis = getattr(value, "basis", None)
        return basis.kind if isinstance(basis, Basis) else ""

    def text(self, value: Text | None) -> str:
        """The text in this page's language (empty when the field is absent)."""
        return (value or {}).get(self.lang, "")

    def plain(self, value: Text | str | None) -> Markup:
        return md_escape(value if isinstance(value, str) else self.text(value))

    def markdown(self, value: Text | str | None) -> Markup:
        """A codebook Markdown field, with raw HTML neutralised (validation rejects it anyway)."""
        raw = value if isinstance(value, str) else self.text(value)
        return Markup(neutralise_html(raw.strip()))

    def date(self, iso: str) -> str:
        """An ISO date as readers of this language write it (the month names are UI labels)."""
        year, month, day = (int(part) for part in iso.split("-"))
        month_name = self.labels["date.months"].split()[month - 1]
        return self.labels["date.format"].format(day=day, month=month_name, year=year)

    def quote_text(self, quote: Quote) -> str:
        return quote.text(self.lang, self.codebook.study.data_language)

    def is_original(self) -> bool:
        return self.lang == self.codebook.study.data_language

    def bibliography(self) -> list[tuple[str, Markup]]:
        """The references as this language's citation style formats and orders them (HTML)."""
        return self.citations.bibliography()

    @cached_property
    def download_files(self) -> dict[str, bytes]:
        """Every download of this language's site: file name → content (``downloads/<name>``)."""
        return downloads(self.codebook, self.lang)

    def download_table(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """(format name, [(file name, size in bytes)]) for the downloads page, in the formats' order."""
        files = self.download_files
        return [(fmt.name, [(name, len(files[name])) for name in fmt.files if name in files])
                for fmt in FORMATS.values() if any(name in files for name in fmt.files)]

    def file_size(self, size: int) -> str:
        """``12 KB`` / ``1,2 MB``, with the decimal mark of this language."""
        amount, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
        text = f"{amount:.0f}" if amount >= 10 or unit == "KB" else f"{amount:.1f}"
        return f"{max(1, round(amount)) if unit == 'KB' else text.replace('.', self.labels['number.decimal'])} {unit}"

    def trusted(self, html: str) -> Markup:
        """Markup befund generates itself (an SVG diagram) that the safety check of published pages would
        refuse from an author (``<svg>``, ``<style>``): a placeholder now, the markup after the check."""
        token = f"<!--befund-trusted-{len(self.inserts)}-->"
        self.inserts[token] = html
        return Markup(token)

    def insert_trusted(self, html: str) -> str:
        """Put the markup of :meth:`trusted` in place of its placeholders."""
        if "<!--befund-trusted-" not in html:
            return html
        return re.sub(r"<!--befund-trusted-\d+-->", lambda m: self.inserts.get(m.group(0), ""), html)

    def concept_map(self, here: str) -> Markup:
        """The category system as an accessible SVG map, every node a link to its section."""
        labels = {key: self.labels[key] for key in conceptmap.LABEL_KEYS}
        svg = conceptmap.concept_map(self.codebook, self.lang, lambda ident: self._node_url(here, ident), labels)
        return self.trusted(svg)

    def concept_map_text(self, here: str) -> Markup:
        """The map's text alternative: the same links as a nested list (the phone's view of the map)."""
        def href(ident: str) -> str:
            page = self.codebook.page_category(ident)
            return relative_href(here, category_page(page.id), "" if page.id == ident else ident)
        return Markup(conceptmap.concept_map_text(self.codebook, self.lang, href))

    def _node_url(self, here: str, ident: str) -> str:
        page = self.codebook.page_category(ident)
        return relative_url(here, category_page(page.id), "" if page.id == ident else ident)

    def licence_line(self) -> str:
        """``CC BY 4.0 – Lammers 2026``: the licence and the short attribution a handout carries."""
        study = self.codebook.study
        families = [a.name.rsplit(" ", 1)[-1] for a in study.authors]
        who = families[0] + (" et al." if len(families) > 2 else f" & {families[1]}" if len(families) == 2 else "")
        return f"{study.license_id.replace('-', ' ')} – {who} {study.year}"

    def plain_text(self, markdown: str) -> str:
        """A Markdown text as plain text (for front matter such as ``description``)."""
        return plain(markdown)

    def cite_quote(self, quote: Quote) -> str:
        return self.citations.quote(quote)

    def article_reference(self) -> Markup:
        """The article as a reference (Markdown), with its address where known; never an invented one."""
        study = self.codebook.study
        authors = ", ".join(a.name for a in study.authors)
        title = self.text(study.title) or study.title[study.data_language]
        out = f"{md_escape(authors)} ({study.year}). {md_escape(title)}"
        if self.text(study.subtitle):
            out += f". {md_escape(self.text(study.subtitle))}"
        out += "."
        if study.journal:
            out += f" *{md_escape(study.journal)}*."
        if study.doi:
            out += f" <https://doi.org/{study.doi}>"
        elif study.url:
            out += f" <{study.url}>"
        return Markup(out)

    # -- pages -----------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        """Every generated page of this language, as the page table lists them."""
        return [page for kind in PAGES for page in self._pages_of(kind)]

    def _pages_of(self, kind: PageKind) -> list[Page]:
        if kind.per == "category":
            return [self._page(kind, self.text(cat.label), category=cat, ident=cat.id)
                    for cat in self.codebook.categories.values() if cat.kind == "category"]
        if kind.per == "source":
            return [self._page(kind, source.id, source=source, ident=source.id)
                    for source in self.codebook.sources.values()]
        title = self.text(self.codebook.study.title) if kind.name == "home" else self.t(f"page.{kind.name}")
        return [self._page(kind, title)]

    def _page(self, kind: PageKind, title: str, ident: str = "", **context: Any) -> Page:
        src = kind.src(ident)
        return Page(src, title, self.render(kind.template, here=src, **context))

    def render(self, template: str, **context: Any) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or exc.name}:{exc.lineno}"
            raise TemplateFailure(f"{where}: template syntax error: {exc.message}", self._is_own(exc.filename)) \
                from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateFailure(f"template {exc.name} not found (needed for {template})", False) from None
        except Exception as exc:
            raise failure(exc, template) from None

    @staticmethod
    def _is_own(filename: str | None) -> bool:
        return bool(filename) and Path(filename or "").resolve().is_relative_to(TEMPLATES)
