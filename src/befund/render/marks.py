"""Provenance marks: whose words a text or a coding is, visible to readers and machines alike.

Every mark is real text (screen readers read it) with a ``title`` that explains it, and carries
``data-basis="article"`` or ``data-basis="editors"``.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Basis, Category
from .labels import Labels


def basis_mark(basis: Basis, labels: Labels) -> Markup:
    """The mark of an interpretive text: "Artikel, Abschn. 5.1" or "Lesart der Redaktion"."""
    if basis.kind == "editors":
        text, title = labels["basis.editors"], labels["basis.editors_title"]
    else:
        text = labels["basis.article_section"].format(section=basis.section) if basis.section \
            else labels["basis.article"]
        title = labels["basis.article_title"]
    return _mark(basis.kind, text, title)


def node_mark(node: Category, labels: Labels) -> Markup:
    """Whether the article names this (sub)category or dimension, or the editors cut it."""
    if node.basis is None:
        return Markup("")
    if node.basis.kind == "editors":
        return _mark("editors", labels["basis.node_editors"], labels["basis.node_editors_title"])
    return _mark("article", labels["basis.node_article"], labels["basis.article_title"])


def coding_mark(basis: Basis, labels: Labels) -> Markup:
    """A quote's assignment to a category: made by the article, or by the editors."""
    key = "coding.editors" if basis.kind == "editors" else "coding.article"
    return _mark(basis.kind, labels[key], labels[f"basis.{basis.kind}_title"], "befund-basis--coding")


def _mark(kind: str, text: str, title: str, extra: str = "") -> Markup:
    return Markup('<span class="befund-basis befund-basis--{k}{e}" data-basis="{k}" title="{t}">{x}</span>').format(
        k=kind, e=" " + extra if extra else "", t=escape(title), x=escape(text))
