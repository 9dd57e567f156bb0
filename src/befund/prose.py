"""Hand-written pages in ``content/<lang>/``: discovery, front matter, link and markup checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .links import check_link, find_links, line_col
from .problems import Problem, display_path
from .safety import unsafe_markdown
from .sitemap import GENERATED_PAGES, Target


@dataclass
class ProsePage:
    src_uri: str
    """Path inside the language folder, e.g. ``method.md``."""
    path: Path
    title: str
    weight: int | None
    """Position in the navigation (befund's own pages use 0–100); None keeps it out of the nav."""
    text: str


def read_prose(docs_dir: Path, base: Path) -> tuple[list[ProsePage], list[Problem]]:
    """Every Markdown page under *docs_dir* with its front matter, plus problems reading them."""
    pages: list[ProsePage] = []
    problems: list[Problem] = []
    if not docs_dir.is_dir():
        return pages, problems
    for path in sorted(docs_dir.rglob("*.md")):
        shown = display_path(path, base)
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(shown, 0, 0, "encoding", "file is not valid UTF-8", "save it as UTF-8"))
            continue
        meta: dict = {}
        if text.startswith("---\n"):
            end = text.find("\n---", 4)
            try:
                loaded = yaml.safe_load(text[4:end]) if end > 0 else None
                meta = loaded if isinstance(loaded, dict) else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                problems.append(Problem(shown, (mark.line + 2) if mark else 1, 0, "front-matter",
                                        "front matter is not valid YAML", "check the lines between the '---'"))
        weight = meta.get("weight")
        if weight is not None and not isinstance(weight, int):
            problems.append(Problem(shown, 1, 1, "front-matter", "weight must be a whole number",
                                    "e.g. 'weight: 40' (befund's pages use 0–100)"))
            weight = None
        title = str(meta.get("title") or _first_heading(text) or path.stem)
        pages.append(ProsePage(path.relative_to(docs_dir).as_posix(), path, title, weight, text))
    return pages, problems


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].split("{#")[0].strip()
    return None


def prose_targets(pages: list[ProsePage]) -> dict[str, str]:
    """``[[page:NAME]]`` names of prose pages (path without ``.md``) → title."""
    return {p.src_uri[:-3]: p.title for p in pages}


def check_prose(pages: list[ProsePage], targets: dict[tuple[str, str], Target], base: Path) -> list[Problem]:
    """Dangling ``[[kind:id]]`` links, unsafe markup and clashes with generated pages."""
    problems: list[Problem] = []
    generated = set(GENERATED_PAGES.values())
    for page in pages:
        shown = display_path(page.path, base)
        if page.src_uri in generated or page.src_uri.startswith(("categories/", "sources/")):
            problems.append(Problem(shown, 0, 0, "page-clash",
                                    f"{page.src_uri} is a page befund generates",
                                    "rename the file, or override the page's template instead"))
        for link in find_links(page.text):
            error = check_link(link, targets)
            if error is not None:
                line, col = line_col(page.text, link.start)
                problems.append(Problem(shown, line, col, "unknown-link", error.message, error.hint))
        for offset, message in unsafe_markdown(page.text):
            if "raw HTML" in message and not _dangerous_html(page.text, offset):
                continue  # authors of prose pages may use harmless HTML; codebook texts may not
            line, col = line_col(page.text, offset)
            problems.append(Problem(shown, line, col, "unsafe-markup", message,
                                    "remove scripts, event handlers and javascript: links from the page"))
    return problems


_DANGEROUS_TAG = re.compile(r"^<\s*/?\s*(script|iframe|object|embed|style|link|meta|base|form)\b|\son[a-z]+\s*=|"
                            r"javascript\s*:", re.IGNORECASE)


def _dangerous_html(text: str, offset: int) -> bool:
    """Tags that run code or change the page around them; plain formatting HTML is the author's business."""
    return bool(_DANGEROUS_TAG.search(text[offset:text.find(">", offset) + 1]))
