"""The one check pipeline: codebook, prose pages of every language, anonymisation lint.

``befund check``, ``befund build`` and the MkDocs plugin all call :meth:`Checker.check`, so they
report the same problems; within one ``befund build`` the result is computed once and shared by
the language builds. Independent of MkDocs: the site's layout arrives as plain data.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .anon import (
    LintText,
    SensitiveTerms,
    code_digest,
    codebook_texts,
    lint_texts,
    load_sensitive_terms,
    prose_text,
)
from .crosscheck import PageLink
from .gcpause import collector_paused
from .links import LinkIndex
from .mdext import Markdown
from .model import Codebook
from .parsecache import ParseCache
from .permalinks import LOCK_FILE, Forward, Permalink, check_lock, published, read_lock
from .problems import Problem, display_path, errors
from .prose import ProsePage, check_prose, prose_targets, read_prose
from .render import labels as ui
from .targets import build_targets, link_index
from .usercache import Kept
from .validate import FileCache, Result, load_codebook


@dataclass(frozen=True)
class SiteLayout:
    """Where a site keeps its parts, and its Markdown setup: all the checks need of mkdocs.yml."""

    root: Path
    """The folder of mkdocs.yml; paths in messages are relative to it."""
    codebook: Path
    content: Path
    """Holds one folder of prose pages per language (``content/de``, ``content/en``)."""
    sensitive_terms: Path
    markdown_extensions: tuple[Any, ...] = ()
    markdown_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    docs_dir: Path | None = None
    """``docs_dir`` as the config names it: the folder of the language built (mkdocs.yml's: the default's)."""
    docs_language: str | None = None
    """``theme.language`` of the same config: the language whose pages ``docs_dir`` holds."""

    def prose_dir(self, lang: str) -> Path:
        return self.content / lang

    @property
    def label_dir(self) -> Path:
        """The site's own UI label files, ``labels/<lang>.yaml`` next to mkdocs.yml."""
        return self.root / ui.SITE_FOLDER


@dataclass
class SiteCheck:
    """Every problem of a site, plus what the build reuses: the codebook and the prose pages."""

    result: Result
    prose: dict[str, list[ProsePage]]
    problems: list[Problem]
    sensitive_terms: SensitiveTerms = field(default_factory=SensitiveTerms)
    permalinks: set[Permalink] = field(default_factory=set)
    """Every page and permanent anchor the site has now (what ``befund lock`` writes)."""
    forwards: list[Forward] = field(default_factory=list)
    """Locked addresses that moved, and where they lead now (the build forwards them)."""
    labels: dict[str, ui.Labels] = field(default_factory=dict)
    """befund's UI words per language, the site's label files included."""

    @property
    def codebook(self) -> Codebook | None:
        return self.result.codebook

    @property
    def languages(self) -> list[str]:
        return self.result.codebook.study.languages if self.result.codebook else []

    @property
    def ok(self) -> bool:
        return self.result.codebook is not None and not errors(self.problems)

    def for_build(self) -> SiteCheck:
        """What building reads, for a worker process: without the located texts only the checks read
        (at 10 000 quotes they are 60 % of the pickle and three quarters of the time to unpickle it)."""
        codebook = self.result.codebook
        slim = replace(codebook, texts=[]) if codebook is not None else None
        return replace(self, result=replace(self.result, codebook=slim, page_links=[]))


class Checker:
    """Runs the pipeline; keeps parsed codebook files and each text's lint between runs: in memory
    (``mkdocs serve`` rebuilds) and in the user's cache (the next ``befund check``; ``parsecache.py``,
    ``usercache.Kept``)."""

    def __init__(self) -> None:
        self.files = FileCache()
        self.reread = 0
        """How many codebook files the last check parsed (the others came from a cache)."""
        self.lint: Kept | None = None
        """Each text's lint from earlier runs (in memory for serve rebuilds, and in the user's cache)."""
        self._stored_for: Path | None = None

    def check(self, layout: SiteLayout) -> SiteCheck:
        with collector_paused():  # it makes objects that live on: a full collection at 10 000 quotes took 0.5 s
            return self._check(layout)

    def _check(self, layout: SiteLayout) -> SiteCheck:
        markdown = Markdown(list(layout.markdown_extensions), dict(layout.markdown_configs))
        if self._stored_for != layout.codebook:
            self.files.stored, self._stored_for = ParseCache.open(layout.codebook), layout.codebook
        self.lint = Kept.open("lint", layout.codebook, code_digest, self.lint)
        before = self.files.parsed
        result = load_codebook(layout.codebook, layout.root, cache=self.files, markdown=markdown)
        self.reread = self.files.parsed - before
        problems = list(result.problems)
        codebook = result.codebook
        if codebook is None:
            return SiteCheck(result, {}, problems)
        labels, found = self.labels(layout, codebook.study.languages)
        problems += found
        terms, found = load_sensitive_terms(layout.sensitive_terms, layout.root)
        problems += found
        if errors(problems):  # prose pages link into the codebook: check them once it is sound
            problems += self._lint(codebook_texts(codebook.texts), terms)
            return SiteCheck(result, {}, problems, terms, labels=labels)
        problems += _docs_dir_problems(layout, codebook.study.default_language)
        prose: dict[str, list[ProsePage]] = {}
        targets = build_targets(codebook)  # the same in every language; prose pages add theirs
        codebook_index = link_index(targets)
        for lang in codebook.study.languages:
            pages, found = read_prose(layout.prose_dir(lang), layout.root)
            prose[lang] = pages
            problems += found
            index = codebook_index | {"page": codebook_index["page"] | set(prose_targets(pages))}
            problems += check_prose(pages, index, layout.root, markdown)
            problems += check_page_links(result.page_links, lang, index)
        current = published(codebook, prose, targets)
        lock_file = layout.codebook / LOCK_FILE
        locked, found = read_lock(lock_file, layout.root)
        problems += found + _redirect_pages(codebook, current)
        gone, forwards = check_lock(locked, current, codebook, display_path(lock_file, layout.root), targets)
        problems += gone
        lint = codebook_texts(codebook.texts)
        lint += [prose_text(page.path, layout.root, page.text) for pages in prose.values() for page in pages]
        problems += self._lint(lint, terms)
        return SiteCheck(result, prose, problems, terms, current, forwards, labels)

    def _lint(self, texts: list[LintText], terms: SensitiveTerms) -> list[Problem]:
        """The anonymisation lint of *texts*, each text linted only if no earlier run did (with these terms)."""
        assert self.lint is not None
        problems = lint_texts(texts, terms, self.lint)
        self.lint.save()
        return problems

    def labels(self, layout: SiteLayout, languages: list[str]) -> tuple[dict[str, ui.Labels], list[Problem]]:
        """The UI labels of every language, checked (the renderer, theme and nav are handed them)."""
        study = self.files.files.get(layout.codebook / "study.yaml")
        where = {}
        if study is not None and study.doc is not None:
            where = {lang: (study.doc.display, *study.doc.where(("languages", i))) for i, lang in enumerate(languages)}
        labels, problems = ui.site_labels(languages, layout.label_dir, layout.root, where)
        return labels, problems


def check_page_links(links: list[PageLink], lang: str, index: LinkIndex) -> list[Problem]:
    """Codebook ``[[page:NAME]]`` links of *lang* whose page is neither generated nor a prose page."""
    known = sorted(index.get("page", set()))
    problems = []
    for link in links:
        if link.lang == lang and link.name not in known:
            close = difflib.get_close_matches(link.name, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"pages: {', '.join(known)}"
            where = link.where
            problems.append(Problem(where.path, where.line, where.column, "unknown-link",
                                    f"link target page '{link.name}' does not exist in content/{lang}/ or among "
                                    "befund's pages", hint))
    return problems


def _redirect_pages(codebook: Codebook, current: set[Permalink]) -> list[Problem]:
    """A redirect to a page path must name a page the site has."""
    pages = {link.path for link in current if not link.anchor}
    problems = []
    for redirect in codebook.redirects:
        if redirect.target.endswith("/") and redirect.target.lstrip("/") not in pages:
            close = difflib.get_close_matches(redirect.target.lstrip("/"), sorted(pages), n=1)
            origin = redirect.origin
            problems.append(Problem(origin.path, origin.line, origin.column, "unknown-page",
                                    f"redirect target page '{redirect.target}' does not exist",
                                    f"did you mean '{close[0]}'?" if close else "name a page path such as 'method/'"))
    return problems


def _docs_dir_problems(layout: SiteLayout, default: str) -> list[Problem]:
    """Other languages' pages are found next to ``docs_dir``, so it must be named by its language: the
    default's in mkdocs.yml, the one being built in a language's build (``befund serve --lang en``)."""
    language = layout.docs_language if layout.docs_language not in (None, default) else default
    if layout.docs_dir is None or layout.docs_dir.name == language:
        return []
    shown = display_path(layout.docs_dir, layout.root)
    return [Problem("mkdocs.yml", 0, 0, "docs-dir", f"docs_dir '{shown}' is not named after the "
                    f"{'default ' if language == default else ''}language '{language}'",
                    f"set docs_dir: {display_path(layout.content / language, layout.root)} "
                    "(each language's pages live in content/<language>/)")]
