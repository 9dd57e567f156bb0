"""Codebook → Markdown page sources, one mapping ``{src_uri: markdown}`` per language.

Independent of MkDocs: the plugin only hands these sources to the build. Templates are Jinja files
shipped in ``befund/templates/pages`` and may be overridden from a site folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from ..model import Codebook, Quote, Text
from ..safety import md_escape, neutralise_html
from ..sitemap import GENERATED_PAGES, category_page, primary_page, source_page
from .references import format_reference


@cache
def ui_labels(lang: str) -> dict[str, str]:
    """befund's own UI words for *lang* (English where a language has no label file)."""
    folder = resources.files("befund").joinpath("labels")
    english = yaml.safe_load(folder.joinpath("en.yaml").read_text("utf-8"))
    path = folder.joinpath(f"{lang}.yaml")
    own = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return {**english, **own}


@dataclass
class Page:
    src_uri: str
    title: str
    markdown: str


class Renderer:
    """Renders every generated page of one language."""

    def __init__(self, codebook: Codebook, lang: str, template_dirs: list[Path] | None = None) -> None:
        self.codebook = codebook
        self.lang = lang
        self.labels = ui_labels(lang)
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs or []])]
        loaders.append(jinja2.PackageLoader("befund", "templates/pages"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,  # a typo in a template is an error, not an empty string
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(text=self.text, md=self.markdown, plain=self.plain, date=self.date)
        self.env.globals.update(t=self.t, cb=codebook, study=codebook.study, lang=lang, r=self)

    # -- helpers for templates -------------------------------------------------------------------
    def t(self, key: str) -> str:
        return self.labels[key]

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

    def quote_page(self, quote: Quote) -> str:
        return primary_page(self.codebook, quote.id)

    def reference(self, ref_id: str) -> Markup:
        return format_reference(self.codebook.references[ref_id], self.lang, self.labels)

    def quotes_of_source(self, source_id: str) -> list[Quote]:
        return [self.codebook.quotes[q] for q in self.codebook.sources[source_id].quotes]

    def categories_with_concept(self, concept_id: str) -> list[Any]:
        return [c for c in self.codebook.categories.values() if concept_id in c.concepts]

    def link_any(self, ident: str) -> str:
        """``[[kind:id]]`` for an id of any kind (glossary 'see also' may point anywhere)."""
        cb = self.codebook
        for kind, table in (("term", cb.terms), ("concept", cb.concepts), ("category", cb.categories),
                            ("recommendation", cb.recommendations), ("source", cb.sources),
                            ("quote", cb.quotes), ("ref", cb.references)):
            if ident in table:
                return f"[[{kind}:{ident}]]"
        raise KeyError(ident)  # validation guarantees the id exists

    def source_type(self, type_id: str) -> Any:
        return next(s for s in self.codebook.study.source_types if s.id == type_id)

    # -- pages -----------------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        """Every generated page of this language."""
        cb = self.codebook
        out = [self._page("home", "home.md.j2"),
               self._page("categories", "categories.md.j2"),
               self._page("sources", "sources.md.j2"),
               self._page("quotes", "quotes.md.j2"),
               self._page("theory", "theory.md.j2"),
               self._page("recommendations", "recommendations.md.j2"),
               self._page("glossary", "glossary.md.j2"),
               self._page("references", "references.md.j2"),
               self._page("about", "about.md.j2")]
        for cat in cb.categories.values():
            if cat.kind == "category":
                out.append(Page(category_page(cat.id), self.text(cat.label),
                                self.render("category.md.j2", category=cat, here=category_page(cat.id))))
        for source in cb.sources.values():
            out.append(Page(source_page(source.id), source.id,
                            self.render("source.md.j2", source=source, here=source_page(source.id))))
        return out

    def _page(self, name: str, template: str) -> Page:
        src = GENERATED_PAGES[name]
        return Page(src, self.t(f"page.{name}") if name != "home" else self.text(self.codebook.study.title),
                    self.render(template, here=src))

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def category_nav(self) -> list[tuple[str, str]]:
        """(src_uri, title) of every category page, main categories each followed by their subcategories."""
        found: list[tuple[str, str]] = []

        def visit(parent: str | None) -> None:
            for cat in self.codebook.children(parent, "category"):
                found.append((category_page(cat.id), self.text(cat.label)))
                visit(cat.id)

        visit(None)
        return found
