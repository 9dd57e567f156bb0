"""Codebook → Markdown page sources, one mapping ``{src_uri: markdown}`` per language.

Independent of MkDocs: the plugin only hands these sources to the build. Templates are Jinja files
shipped in ``befund/templates/pages`` and may be overridden from a site folder.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from ..model import Codebook, Quote, Text
from ..pages import PAGES, PageKind
from ..safety import md_escape, neutralise_html
from ..targets import primary_page
from .references import format_reference


@cache
def ui_labels(lang: str) -> dict[str, str]:
    """befund's own UI words for *lang* (English where a language has no label file)."""
    folder = resources.files("befund").joinpath("labels")
    english = yaml.safe_load(folder.joinpath("en.yaml").read_text("utf-8"))
    path = folder.joinpath(f"{lang}.yaml")
    own = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return {**english, **own}


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PACKAGE = TEMPLATES.parent


class TemplateFailure(Exception):
    """A page template failed; the message names the template file and line where that is known.

    *befund_bug*: the failure lies in befund's own templates or code, not in a site's override.
    """

    def __init__(self, message: str, befund_bug: bool) -> None:
        super().__init__(message + (" (this is a bug in befund, not in your site; please report it)"
                                    if befund_bug else ""))
        self.befund_bug = befund_bug


def _failure(exc: Exception, template: str) -> TemplateFailure:
    """Name the template line that failed, and whose fault it is: the site's override or befund's."""
    frames = list(traceback.walk_tb(exc.__traceback__))
    in_template = [(f, line) for f, line in frames if f.f_code.co_filename.endswith(".j2")]
    raised_in = Path(frames[-1][0].f_code.co_filename).resolve() if frames else PACKAGE
    what = f"{type(exc).__name__}: {exc}"
    if not in_template:
        return TemplateFailure(f"rendering {template} failed: {what}", True)
    frame, line = in_template[-1]
    filename = Path(frame.f_code.co_filename).resolve()
    befund_code = raised_in.is_relative_to(PACKAGE) and not raised_in.is_relative_to(TEMPLATES)
    own_template = filename.is_relative_to(TEMPLATES)
    where = f"{filename}:{line}"
    if befund_code:
        return TemplateFailure(f"{where}: befund failed inside a helper the template called "
                               f"({raised_in.name}:{frames[-1][1]}): {what}", True)
    return TemplateFailure(f"{where}: {what}", own_template)


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
            raise _failure(exc, template) from None

    @staticmethod
    def _is_own(filename: str | None) -> bool:
        return bool(filename) and Path(filename or "").resolve().is_relative_to(TEMPLATES)
