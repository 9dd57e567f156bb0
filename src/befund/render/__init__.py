"""Codebook → Markdown page sources, one mapping ``{src_uri: markdown}`` per language.

Independent of MkDocs: the plugin only hands these sources to the build. Templates are Jinja files
shipped in ``befund/templates/pages`` and may be overridden from a site folder.
"""

from __future__ import annotations

from .failure import TemplateFailure
from .labels import Labels, plural, ui_labels
from .renderer import Page, Renderer

__all__ = ["Labels", "Page", "Renderer", "TemplateFailure", "plural", "ui_labels"]
