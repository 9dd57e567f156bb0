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

ARTICLE = "article"
"""CSL id of the article itself (reference ids are the codebook's)."""


@dataclass(frozen=True)
class PageCitation:
    """How to cite one page: formatted for people, and as BibTeX, RIS and CSL-JSON for reference managers."""

    page: Markup
    article: Markup
    bibtex: str
    ris: str
    csl_json: str


class Citations:
    def __init__(self, codebook: Codebook, lang: str) -> None:
        self.codebook = codebook
        self.lang = lang
        refs = list(codebook.references.values())
        self.items: dict[str, CslItem] = {ref.id: item for ref, item in
                                          zip(refs, add_year_suffixes([to_csl(r) for r in refs]), strict=True)}
        self._labels: dict[tuple[str, str | None], str] = {}

    @cached_property
    def formatter(self) -> Formatter:
        return Formatter(self.lang)

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
        where = ("section", quote.section) if quote.section else None
        return f"{_text(self.formatter.citation(self.article, where))}, {quote.id}"

    def page(self, title: str, site_name: str, url: str, accessed: str, version: str) -> PageCitation:
        """Cite this page, as part of the site (with its version and the access date), and the article.

        The page has no date of its own: it may change between versions, so the styles cite it as
        undated with the day it was read (APA 7: "n.d. … Retrieved …"; DGPs: "o. J. … Zugriff am …").
        *version* is in the page's words, e.g. "Version 1.0".
        """
        item = webpage_csl("page", f"{title} ({version})", site_name, url, accessed=accessed, language=self.lang)
        formatted = dict(self.formatter.bibliography([item, self.article]))
        items = [{**item, "id": _key(url, accessed)}, {**self.article, "id": _article_key(self.article)}]
        return PageCitation(formatted["page"], formatted[ARTICLE], to_bibtex(items), to_ris(items),
                            json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True))


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
