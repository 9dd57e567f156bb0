"""What codebook Markdown may not carry into a page: raw HTML and script URLs."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?\s*>|<!--")
_SCRIPT_URL = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_REF_SCRIPT_URL = re.compile(r"^\s*\[[^\]]+\]:\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE | re.MULTILINE)
_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)


def unsafe_markdown(text: str) -> list[tuple[int, str]]:
    """Offsets and descriptions of raw HTML or script links in *text* (code spans excepted)."""
    masked = _CODE.sub(lambda m: " " * len(m.group(0)), text)
    found = [(m.start(), f"raw HTML '{_clip(m.group(0))}' is not allowed") for m in _TAG.finditer(masked)]
    found += [(m.start(), "links to javascript:, vbscript: or data: URLs are not allowed")
              for m in _SCRIPT_URL.finditer(masked)]
    found += [(m.start(), "links to javascript:, vbscript: or data: URLs are not allowed")
              for m in _REF_SCRIPT_URL.finditer(masked)]
    return sorted(found)


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def neutralise_html(markdown_text: str) -> str:
    """Escape every ``<`` outside code so Python-Markdown cannot emit raw HTML from codebook data."""
    parts = []
    last = 0
    for m in _CODE.finditer(markdown_text):
        parts.append(markdown_text[last:m.start()].replace("<", "&lt;"))
        parts.append(m.group(0))
        last = m.end()
    parts.append(markdown_text[last:].replace("<", "&lt;"))
    return "".join(parts)


_MD_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def md_escape(text: str) -> Markup:
    """Plain text made safe to drop into Markdown: shows literally, carries no markup."""
    escaped = str(escape(text))  # & < > " ' → entities
    return Markup(_MD_ESCAPE.sub(r"\\\1", escaped))
