"""Everything one language's pages cite: the study's references, the article, and the pages themselves.

Built once per language per build (one citeproc formatter); rendering, ``[[ref:…]]`` link labels, the
"cite this page" block and the head metadata all ask it. The article is always cited with its own
(original) title; English pages do not translate it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from .cite.bibtex import to_bibtex
from .cite.csl import CslItem, add_year_suffixes, study_csl, to_csl, webpage_csl
from .cite.locator import parse_locator
from .cite.ris import to_ris
from .cite.style import Formatter
from .model import Codebook, Name, Quote
from .usercache import Kept

ARTICLE = "article"
"""CSL id of the article itself (reference ids are the codebook's)."""
_TITLE = "BeFuNdPaGeTiTlE"
_URL = "https://befund.invalid/BeFuNdPaGeUrL"
"""Stand-ins for a page's title and address in the reference entry formatted once per site (mixed
case: a style that changes the case of either is noticed, and that page is formatted in full)."""


@dataclass(frozen=True)
class PageCitation:
    """How to cite one page: formatted for people, and as BibTeX, RIS and CSL-JSON for reference managers."""

    page: Markup
    article: Markup
    bibtex: str
    ris: str
    csl_json: str


class Citations:
    def __init__(self, codebook: Codebook, lang: str, memory: Kept | None = None) -> None:
        self.codebook = codebook
        self.lang = lang
        self.memory = memory
        """What earlier builds formatted (``mkdocs serve`` keeps it; the plugin stores it in the user's cache)."""
        refs = list(codebook.references.values())
        self.items: dict[str, CslItem] = {ref.id: item for ref, item in
                                          zip(refs, add_year_suffixes([to_csl(r) for r in refs]), strict=True)}
        self._labels: dict[tuple[str, str | None], str] = {}
        self._sections: dict[str | None, str] = {}
        self._page_templates: dict[str, tuple[str, Markup]] = {}

    @cached_property
    def formatter(self) -> Formatter:
        return Formatter(self.lang, memory=self.memory)

    @cached_property
    def article(self) -> CslItem:
        study = self.codebook.study
        title = study.title.get(study.data_language) or next(iter(study.title.values()))
        subtitle = study.subtitle.get(study.data_language)
        return study_csl(ARTICLE, f"{title}. {subtitle}" if subtitle else title,
                         [_name(a.name) for a in study.authors], study.year, journal=study.journal, doi=study.doi,
                         url=study.url, language=study.data_language)

    def bibliography(self) -> list[tuple[str, Markup]]:
        """The reference list, formatted and sorted by this language's citation style."""
        return self.formatter.bibliography(list(self.items.values()))

    def label(self, ref_id: str, locator: str | None = None) -> str:
        """Plain text of an in-text citation, e.g. ``Reiter & Witzel, 2022, S. 32`` (a link's label)."""
        key = (ref_id, locator)
        if key not in self._labels:
            parsed = parse_locator(locator) if locator else None
            where = parsed if isinstance(parsed, tuple) else None
            self._labels[key] = _text(self.formatter.citation(self.items[ref_id], where))
        return self._labels[key]

    def quote(self, quote: Quote) -> str:
        """How to cite a quote: the article, where it cites the passage, and the quote's id."""
        if quote.section not in self._sections:  # one citeproc run per section, not per quote (thousands)
            where = ("section", quote.section) if quote.section else None
            self._sections[quote.section] = _text(self.formatter.citation(self.article, where))
        return f"{self._sections[quote.section]}, {quote.id}"

    def page(self, title: str, site_name: str, url: str, accessed: str, version: str) -> PageCitation:
        """Cite this page, as part of the site (with its version and the access date), and the article.

        The page has no date of its own: it may change between versions, so the styles cite it as
        undated with the day it was read (APA 7: "n.d. … Retrieved …"; DGPs: "o. J. … Zugriff am …").
        *version* is in the page's words, e.g. "Version 1.0".
        """
        item = webpage_csl("page", f"{title} ({version})", site_name, url, accessed=accessed, language=self.lang)
        page, article = self._page_entries(item, title, url)
        items = [{**item, "id": _key(url, accessed)}, {**self.article, "id": _article_key(self.article)}]
        return PageCitation(page, article, to_bibtex(items), to_ris(items),
                            json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True))

    def _page_entries(self, item: CslItem, title: str, url: str) -> tuple[Markup, Markup]:
        """The page's and the article's reference entries. Pages differ only in title and address, so
        citeproc formats one entry with stand-ins per site, version and day, and each page fills them in
        (a citeproc run per page was a quarter of a build). Where the style changed a stand-in (its
        case, say), the page is formatted in full."""
        blank = {**item, "title": str(item["title"]).replace(title, _TITLE, 1), "URL": _URL}
        key = json.dumps({k: v for k, v in blank.items() if k != "id"}, sort_keys=True)
        if key not in self._page_templates:
            formatted = dict(self.formatter.bibliography([blank, self.article]))
            self._page_templates[key] = (str(formatted["page"]), formatted[ARTICLE])
        template, article = self._page_templates[key]
        escaped_url = html.escape(url, quote=True)
        if template.count(_TITLE) == 1 and template.count(_URL) >= 1 and html.escape(url, quote=False) == escaped_url:
            filled = template.replace(_TITLE, html.escape(title, quote=False)).replace(_URL, escaped_url)
            return Markup(filled), article
        formatted = dict(self.formatter.bibliography([item, self.article]))
        return formatted["page"], formatted[ARTICLE]


def _name(name: str) -> Name:
    """"Klara Lammers" → family "Lammers", given "Klara" (the study lists authors as full names)."""
    given, _, family = name.rpartition(" ")
    return Name(family, given)


def _text(markup: Markup) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup)))


def _key(url: str, accessed: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[-1]).strip("-")[-48:] or "page"
    return f"{slug}-{accessed[:4]}" if accessed else slug


def _article_key(item: CslItem) -> str:
    family = item["author"][0].get("family", "article") if item.get("author") else "article"
    year = item["issued"]["date-parts"][0][0]
    return re.sub(r"[^a-z0-9]", "", f"{family}{year}".lower())
