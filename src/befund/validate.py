"""Codebook files → checked model plus every problem found. Never raises on user data.

Files are found, loaded and schema-checked per the file-kind table (``kinds.py``), converted one by
one (``convert.py``), then checked across files (``crosscheck.py``). A FileCache keeps each file's
parse and schema result while the file is unchanged, so ``mkdocs serve`` re-reads only what was edited;
given a ParseCache (``parsecache.py``) it also keeps them between runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .collect import Collector
from .convert import build_study
from .crosscheck import (
    PageLink,
    check_cycles,
    check_evidence,
    check_languages,
    check_markdown,
    check_redirects,
    check_refs,
    collected_index,
)
from .gcpause import collector_paused
from .kinds import FileKind, discover
from .load import Document, load_bytes, read_source
from .mdext import Markdown
from .model import Codebook
from .parsecache import ParseCache
from .problems import Problem, display_path, errors
from .safety import neutralise_html


@dataclass
class Result:
    """What validation produced: the model (None when errors prevent it) and all problems."""

    codebook: Codebook | None
    problems: list[Problem]
    page_links: list[PageLink] = field(default_factory=list)
    """``[[page:NAME]]`` links in codebook texts: checked per language once the prose pages are known."""

    @property
    def ok(self) -> bool:
        return self.codebook is not None and not errors(self.problems)


@dataclass
class _Loaded:
    key: tuple[int, int]
    doc: Document | None
    problems: list[Problem]


@dataclass
class FileCache:
    """Parsed and schema-checked files, reused while a file's size and modification time are unchanged;
    with a ParseCache, also between runs while its bytes are unchanged."""

    files: dict[Path, _Loaded] = field(default_factory=dict)
    parsed: int = 0
    """How many files were (re)parsed: what a test of the serve loop looks at."""
    stored: ParseCache | None = None

    def load(self, path: Path, display: str, kind: FileKind) -> _Loaded:
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (0, -1)
        cached = self.files.get(path)
        if cached is not None and cached.key == key:
            return cached
        raw, problems = read_source(path, display)
        doc = None
        if raw is not None:
            doc, problems = self._parse(raw, path, display, kind)
        loaded = self.files[path] = _Loaded(key, doc, problems)
        return loaded

    def _parse(self, raw: bytes, path: Path, display: str, kind: FileKind) -> tuple[Document | None, list[Problem]]:
        """A file's Document and problems: stored by an earlier run, or parsed, checked (and stored)."""
        found = self.stored.get(raw, path, display, kind.name) if self.stored else None
        if found is not None:
            return found
        self.parsed += 1
        doc, problems = load_bytes(raw, path, display)
        if doc is not None:
            problems = problems + schema.check_document(doc, kind.schema)
        if self.stored:
            self.stored.put(raw, path, display, kind.name, doc, problems)
        return doc, problems

    def save(self, files: list[tuple[Path, str, FileKind]]) -> None:
        """Store the parses of *files* (the codebook's now) for the next run, forgetting any others."""
        if self.stored:
            self.stored.save((path, display, kind.name) for path, display, kind in files)


def load_codebook(root: Path, base: Path | None = None, *, cache: FileCache | None = None,
                  markdown: Markdown | None = None) -> Result:
    """Load, schema-check and cross-check every file under *root*.

    *markdown*: the site's Markdown setup, so links in code are not taken for links and URLs are
    judged as the site will publish them (default: Python-Markdown with befund's links only).
    """
    with collector_paused():
        return _load_codebook(root, base, cache, markdown)


def _load_codebook(root: Path, base: Path | None, cache: FileCache | None, markdown: Markdown | None) -> Result:
    base = base or root.parent
    cache = cache or FileCache()
    markdown = markdown or Markdown()
    problems: list[Problem] = []
    if not root.is_dir():
        shown = display_path(root, base)
        return Result(None, [Problem(shown, 0, 0, "no-codebook", f"codebook folder {shown} does not exist",
                                     "create it or set the befund plugin's 'codebook' option")])
    collector = Collector(problems)
    display = _Displayer(base)
    files = [(path, display(path), kind) for path, kind in discover(root, base, problems)]
    for path, shown, kind in files:
        loaded = cache.load(path, shown, kind)
        problems.extend(loaded.problems)
        if loaded.doc is None:
            if not kind.is_folder:
                collector.unreadable_kinds.update(kind.defines)
            continue
        if errors(loaded.problems):
            collector.unreadable_ids.update(_ids_in(loaded.doc.data))
            if not kind.is_folder:
                collector.unreadable_kinds.update(kind.defines)
        else:
            kind.convert(loaded.doc, loaded.doc.data, collector)
    cache.save(files)
    study = build_study(collector)
    check_refs(collector)
    check_redirects(collector)
    check_cycles(collector)
    found, page_links = check_markdown(collector.texts, collected_index(collector), markdown,
                                       lambda text: markdown.to_html(neutralise_html(text)))
    problems.extend(found)
    if study is None:
        return Result(None, problems, page_links)
    check_languages(collector, study)
    codebook = Codebook(study, collector.categories, collector.sources, collector.quotes, collector.concepts,
                        collector.recommendations, collector.terms, collector.references,
                        concepts_intro=collector.intros.get("concepts", {}),
                        recommendations_intro=collector.intros.get("recommendations", {}),
                        texts=collector.texts, redirects=collector.redirects)
    if not errors(problems):
        problems.extend(check_evidence(codebook))
    return Result(codebook, problems, page_links)


class _Displayer:
    """``display_path`` for many files in few folders: each folder is resolved once, not each file."""

    def __init__(self, base: Path) -> None:
        self.base = base.resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():  # resolves elsewhere than its folder
            return display_path(path, self.base)
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = path.parent.resolve()
        try:
            return (folder / path.name).relative_to(self.base).as_posix()
        except ValueError:
            return path.as_posix()


def _ids_in(data: object) -> set[str]:
    """Best-effort ids of a file that failed its schema, so references to them are not reported twice."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id" and isinstance(value, str):
                found.add(value)
            found |= _ids_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= _ids_in(item)
    return found
