"""Codebook Markdown as plain text, for programs that show texts as they are (QDA software).

A QDA program shows a code's description verbatim and knows nothing of befund's ``[[kind:id]]``
links, whose targets would not exist in the program's project anyway; so each link becomes the
words a reader of the site sees in its place.
"""

from __future__ import annotations

import re

from ..links import LINK, LinkRef
from ..model import Codebook, Reference

_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
_OWN_LINE = re.compile(r"\s*(?:[-*+>]|\d+[.)])\s")
"""Lines that start a list item or a quotation keep their line break."""


def plain_text(markdown: str, codebook: Codebook, lang: str) -> str:
    """*markdown* with every ``[[kind:id]]`` link replaced by its words in *lang*.

    Paragraphs stay apart; the line breaks YAML files wrap paragraphs with are joined, since a
    program that shows plain text would show them as breaks.
    """
    def words(match: re.Match[str]) -> str:
        return link_words(LinkRef.of(match), codebook, lang)

    paragraphs = _PARAGRAPHS.split(LINK.sub(words, markdown).strip())
    return "\n\n".join(_unwrap(paragraph) for paragraph in paragraphs if paragraph.strip())


def _unwrap(paragraph: str) -> str:
    lines = [line.strip() for line in paragraph.splitlines()]
    out = lines[:1]
    for raw, line in zip(paragraph.splitlines()[1:], lines[1:], strict=True):
        if _OWN_LINE.match(raw):
            out.append("\n" + line)
        elif line:
            out.append(" " + line)
    return "".join(out)


def link_words(link: LinkRef, codebook: Codebook, lang: str) -> str:
    """What a reader sees for *link*: its label, else the target's name (an id where it has none)."""
    if link.label:
        return link.label
    target = link.target
    if link.kind == "category" and target in codebook.categories:
        return in_language(codebook.categories[target].label, lang, target)
    if link.kind == "concept" and target in codebook.concepts:
        return in_language(codebook.concepts[target].label, lang, target)
    if link.kind == "recommendation" and target in codebook.recommendations:
        return in_language(codebook.recommendations[target].label, lang, target)
    if link.kind == "term" and target in codebook.terms:
        return in_language(codebook.terms[target].term, lang, target)
    if link.kind == "ref" and target in codebook.references:
        cited = author_year(codebook.references[target])
        return f"{cited}, {link.locator}" if link.locator else cited
    return target  # quotes and sources are named by their ids on the site too


def author_year(ref: Reference) -> str:
    """``Allen 2000``, ``Walker & Bryant 2013``, ``Åkerblom et al. 2023``."""
    names = [name.family for name in ref.author]
    if len(names) > 2:
        return f"{names[0]} et al. {ref.issued}"
    return f"{' & '.join(names)} {ref.issued}"


def in_language(text: dict[str, str], lang: str, fallback: str = "") -> str:
    """*text* in *lang*; another language's where it has none (single-language drafts), else *fallback*."""
    return text.get(lang) or next(iter(text.values()), fallback)
