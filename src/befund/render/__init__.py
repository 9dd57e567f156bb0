"""Codebook → Markdown page sources, one mapping ``{src_uri: markdown}`` per language.

Independent of MkDocs: the plugin only hands these sources to the build. Templates are Jinja files
shipped in ``befund/templates/pages`` and may be overridden from a site folder.

The renderer (Jinja, citeproc) is imported on first use: ``befund check`` needs only the labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .labels import Labels, plural, ui_labels

if TYPE_CHECKING:
    from .failure import TemplateFailure
    from .renderer import Page, Renderer

__all__ = ["Labels", "Page", "Renderer", "TemplateFailure", "plural", "ui_labels"]

_LAZY = {"Page": "renderer", "Renderer": "renderer", "TemplateFailure": "failure"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)
