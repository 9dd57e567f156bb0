"""The labelled sections of a REFI-QDA code description, written by the exporter and read by the importer.

The standard allows one plain-text ``<Description>`` per code, so befund writes its definition,
description, basis and anchor example as paragraphs that start with a label ("Definition: …").
Labels are written in the export's language and read in every language listed here, together with
the labels of Mayring-style codebooks (inclusion, exclusion, coding rule) that QDA users write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Basis


@dataclass(frozen=True)
class Section:
    key: str
    labels: dict[str, str]
    """The label written per language (English where a language has none)."""
    aliases: tuple[str, ...] = ()
    """Other spellings the importer reads."""

    def label(self, lang: str) -> str:
        return self.labels.get(lang, self.labels["en"])


SECTIONS: tuple[Section, ...] = (
    Section("definition", {"de": "Definition", "en": "Definition"}),
    Section("description", {"de": "Beschreibung", "en": "Description"}),
    Section("inclusion", {"de": "Einschluss", "en": "Inclusion"}, ("Einschlusskriterien", "Inclusion criteria")),
    Section("exclusion", {"de": "Ausschluss", "en": "Exclusion"}, ("Ausschlusskriterien", "Exclusion criteria")),
    Section("coding-rule", {"de": "Kodierregel", "en": "Coding rule"}, ("Kodierregeln", "Coding rules")),
    Section("anchor", {"de": "Ankerbeispiel", "en": "Anchor example"}, ("Ankerbeispiele", "Anchor examples")),
    Section("basis", {"de": "Grundlage", "en": "Basis"}),
)
BY_KEY = {section.key: section for section in SECTIONS}

_WORDS = {
    "article": {"de": "Artikel", "en": "article"},
    "section": {"de": "Abschnitt", "en": "section"},
    "editors": {"de": "Redaktion", "en": "editors"},
    "translated": {"de": "übersetzt von der Redaktion", "en": "translated by the editors"},
}
_QUOTES = {"de": ("„", "“"), "en": ("“", "”")}

_NAMES = {name.casefold(): s.key for s in SECTIONS for name in (*s.labels.values(), *s.aliases)}
_START = re.compile(r"^[ \t]*(?P<label>[^\W\d][\w ]{0,30}?)[ \t]*:[ \t]*", re.MULTILINE)
_ARTICLE = re.compile(rf"^(?:{'|'.join(_WORDS['article'].values())})"
                      rf"(?:\s*,\s*(?:{'|'.join(_WORDS['section'].values())})\s+(?P<section>[0-9]+(?:\.[0-9]+)*))?\.?$",
                      re.IGNORECASE)
_EDITORS = re.compile(rf"^(?:{'|'.join(_WORDS['editors'].values())})\.?$", re.IGNORECASE)


def _word(key: str, lang: str) -> str:
    return _WORDS[key].get(lang, _WORDS[key]["en"])


def compose(sections: list[tuple[str, str]], lang: str) -> str:
    """One description text: a labelled paragraph per non-empty section, in the order given."""
    return "\n\n".join(f"{BY_KEY[key].label(lang)}: {text}" for key, text in sections if text)


def basis_text(basis: Basis, lang: str) -> str:
    """``article, section 5.1`` or ``editors``, as :func:`parse_basis` reads it back."""
    if basis.kind == "editors":
        return _word("editors", lang)
    where = f", {_word('section', lang)} {basis.section}" if basis.section else ""
    return _word("article", lang) + where


def parse_basis(text: str) -> Basis | None:
    """The basis a ``Basis:`` section names; None when it names none befund knows."""
    text = " ".join(text.split())
    article = _ARTICLE.match(text)
    if article:
        return Basis("article", article.group("section"))
    return Basis("editors") if _EDITORS.match(text) else None


def anchor_text(quote_text: str, quote_id: str, lang: str, translated: bool) -> str:
    """``“…” (IN_14-1)``; a translation says so, as the site does."""
    opening, closing = _QUOTES.get(lang, _QUOTES["en"])
    note = f", {_word('translated', lang)}" if translated else ""
    return f"{opening}{' '.join(quote_text.split())}{closing} ({quote_id}{note})"


def parse(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first known label, and each labelled section as (key, text), in order.

    A section starts where a line begins with a known label and a colon; other ``Word:`` starts
    (``Note: …``) belong to the section they stand in.
    """
    starts = [m for m in _START.finditer(text) if m.group("label").strip().casefold() in _NAMES]
    if not starts:
        return text.strip(), []
    sections = []
    for match, following in zip(starts, [*starts[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        sections.append((_NAMES[match.group("label").strip().casefold()], text[match.end():end].strip()))
    return text[:starts[0].start()].strip(), sections
