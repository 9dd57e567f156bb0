"""Bibliography entries formatted in an APA-like style, close to the article's own list."""

from __future__ import annotations

from markupsafe import Markup

from ..model import Name, Reference
from ..safety import md_escape as e


def _names(names: list[Name], amp: str = "&") -> str:
    parts = [f"{n.family}, {n.given}".strip().rstrip(",") for n in names]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f", {amp} " + parts[-1]


def _editors(names: list[Name]) -> str:
    parts = [f"{n.given} {n.family}".strip() for n in names]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " & " + parts[-1]


def format_reference(ref: Reference, lang: str, labels: dict[str, str]) -> Markup:
    """One entry as Markdown (titles in italics where APA puts them), all data escaped."""
    def other(text: str) -> str:  # a title in another language than the page is marked (WCAG 3.1.2)
        return f'<span lang="{ref.language}">{text}</span>' if ref.language and ref.language != lang else text

    out = f"{e(_names(ref.author))} ({ref.issued}). "
    if ref.type == "article-journal":
        out += f"{other(e(ref.title))}. *{other(e(ref.container_title))}*"
        if ref.volume:
            out += f", {e(ref.volume)}"
        if ref.issue:
            out += f"({e(ref.issue)})"
        if ref.page:
            out += f", {e(ref.page)}"
        out += "."
    elif ref.type == "chapter":
        eds = labels["refs.eds"] if len(ref.editor) > 1 else labels["refs.ed"]
        out += (f"{other(e(ref.title))}. {labels['refs.in']} {e(_editors(ref.editor))} ({eds}), "
                f"*{other(e(ref.container_title))}*")
        if ref.page:
            out += f" ({labels['refs.pages']} {e(ref.page)})"
        out += "."
    else:
        out += f"*{other(e(ref.title))}*"
        if ref.edition:
            out += f" ({e(ref.edition)})"
        out += "."
    place = ": ".join(x for x in (ref.publisher_place, ref.publisher) if x)
    if place and ref.type != "article-journal":
        out += f" {e(place)}."
    if ref.url:
        out += f" <{ref.url}>."  # Markdown autolink; URLs are schema-checked to be http(s)
    if ref.accessed:
        out += f" {labels['refs.accessed']}: {e(ref.accessed)}."
    if ref.doi:
        out += f" doi:{e(ref.doi)}"
    return Markup(out)
