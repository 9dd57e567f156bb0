"""Hand-written pages in ``content/<lang>/``: discovery, front matter, link and markup checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .links import LinkIndex, check_link, find_links, line_col
from .mdext import Markdown
from .pages import clashes
from .problems import Problem, display_path
from .safety import locate, unsafe_html


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


def check_prose(pages: list[ProsePage], index: LinkIndex, base: Path, markdown: Markdown) -> list[Problem]:
    """Dangling ``[[kind:id]]`` links, unsafe HTML as published, and clashes with generated pages."""
    problems: list[Problem] = []
    for page in pages:
        shown = display_path(page.path, base)
        if clashes(page.src_uri):
            problems.append(Problem(shown, 0, 0, "page-clash", f"{page.src_uri} is a page befund generates",
                                    "rename the file, or override the page's template instead"))
        for link in find_links(page.text, markdown):
            error = check_link(link, index)
            if error is not None:
                line, col = line_col(page.text, link.start)
                problems.append(Problem(shown, line, col, "unknown-link", error.message, error.hint))
        body_start = _body_start(page.text)
        body = page.text[body_start:]
        for unsafe in unsafe_html(markdown.to_html(body)):
            line, col = line_col(page.text, body_start + locate(body, unsafe))
            problems.append(Problem(shown, line, col, "unsafe-markup", unsafe.message,
                                    "remove scripts, event handlers and javascript:, data: or vbscript: links "
                                    "from the page"))
    return problems


def _body_start(text: str) -> int:
    """Where the Markdown begins after the front matter (MkDocs does not render the front matter)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            after = text.find("\n", end + 4)
            return after + 1 if after >= 0 else len(text)
    return 0
