"""MkDocs glue: load and check the codebook, hand generated pages to the build, resolve links.

Each MkDocs build makes one language (``theme.language``); ``befund build`` runs one build per
language. All checks run in ``on_config``/``on_files``, before MkDocs writes any page.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import links
from .alternates import LanguageMenu, language_links
from .anon import SensitiveTerms, codebook_texts, lint_texts, load_sensitive_terms, prose_texts
from .cache import CodebookCache
from .model import Codebook
from .problems import Problem, errors
from .prose import check_prose, prose_targets, read_prose
from .render import Renderer, ui_labels
from .sitemap import GENERATED_PAGES, Target, build_targets
from .validate import Result, check_page_links

log = logging.getLogger("mkdocs.plugins.befund")
THEME_DIR = Path(__file__).parent / "theme"

REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True},
    "abbr": {},  # glossary abbreviations (PU, MA, …) explained wherever they occur
    # German gender forms (Nutzer*innen) must not turn into emphasis
    "pymdownx.betterem": {"smart_enable": "all"},
}

NAV_WEIGHTS = {"home": 0, "theory": 30, "findings": 50, "recommendations": 70, "quotes": 75,
               "sources": 80, "glossary": 85, "references": 90, "about": 95}


class BefundConfig(base.Config):
    codebook = c.Type(str, default="codebook")
    """Codebook folder, relative to mkdocs.yml."""
    templates = c.Optional(c.Type(str))
    """Folder whose ``*.md.j2`` files override befund's page templates (default: <custom_dir>/befund)."""
    sensitive_terms = c.Type(str, default="sensitive-terms.txt")
    """Study-local list of real names, places and organisations that must not appear (kept out of git)."""
    nav = c.Type(bool, default=True)
    """Build the navigation from the codebook and the prose pages' ``weight`` (unless mkdocs.yml sets nav)."""


class BefundPlugin(BasePlugin[BefundConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.cache = CodebookCache()
        self.codebook: Codebook | None = None
        self.result = Result(None, [])
        self.lang = ""
        self.targets: dict[tuple[str, str], Target] = {}
        self.page_titles: dict[str, str] = {}
        self.sensitive_terms = SensitiveTerms.of([])

    # -- configuration -------------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        site_root = Path(config.config_file_path).parent
        result = self.cache.load(site_root / self.config.codebook, site_root)
        problems = list(result.problems)
        self.sensitive_terms, found = load_sensitive_terms(site_root / self.config.sensitive_terms, site_root)
        problems += found
        if result.codebook is not None and not errors(problems):
            problems += lint_texts(codebook_texts(result.codebook), self.sensitive_terms)
        _report(problems)
        if errors(problems) or result.codebook is None:
            raise PluginError("befund: the codebook has errors (listed above); nothing was built.")
        codebook = result.codebook
        self.codebook, self.result = codebook, result
        self.lang = str(config.theme["language"])
        if self.lang not in codebook.study.languages:
            raise PluginError(f"befund: theme.language '{self.lang}' is not one of the study's languages "
                              f"{codebook.study.languages} (codebook/study.yaml)")
        if codebook.study.site_name.get(self.lang):
            # MkDocs and Material print site_name and page titles unescaped: they are HTML there
            config.site_name = html.escape(codebook.study.site_name[self.lang], quote=False)
        self._install_theme(config)
        self._install_markdown(config)
        config.extra["alternate"] = self._language_menu(config, None)
        config.extra["befund_lang"] = self.lang
        # one colour-scheme choice for the whole site, not one per language folder
        config.extra["befund_scope_up"] = "" if self.lang == codebook.study.default_language else "/.."
        self._name_palette_toggles(config)
        return config

    def _name_palette_toggles(self, config: MkDocsConfig) -> None:
        """Give the light/dark toggles names in the page's language (unless mkdocs.yml names them)."""
        palette = config.theme.get("palette")
        for option in palette if isinstance(palette, list) else []:
            toggle = option.get("toggle") if isinstance(option, dict) else None
            if isinstance(toggle, dict) and not toggle.get("name"):
                dark = option.get("scheme") == "slate"
                toggle["name"] = ui_labels(self.lang)["palette.to_light" if dark else "palette.to_dark"]

    def _install_theme(self, config: MkDocsConfig) -> None:
        dirs = config.theme.dirs
        at = 1 if config.theme.custom_dir else 0
        if str(THEME_DIR) not in dirs:
            dirs.insert(at, str(THEME_DIR))
        for css in ("assets/befund/befund.css",):
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in ("assets/befund/befund.js",):
            if js not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(js)  # type: ignore[arg-type]

    def _install_markdown(self, config: MkDocsConfig) -> None:
        for name, options in REQUIRED_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = dict(options)
            elif name == "pymdownx.betterem":
                config.mdx_configs.setdefault(name, {}).setdefault("smart_enable", "all")

    def _template_dirs(self, config: MkDocsConfig) -> list[Path]:
        root = Path(config.config_file_path).parent
        if self.config.templates:
            return [root / self.config.templates]
        if config.theme.custom_dir:
            return [Path(config.theme.custom_dir) / "befund"]
        return []

    # -- pages ---------------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.codebook is not None
        site_root = Path(config.config_file_path).parent
        prose, problems = read_prose(Path(config.docs_dir), site_root)
        titles = prose_targets(prose)
        self.targets = build_targets(self.codebook, {name: {self.lang: title} for name, title in titles.items()})
        problems += check_prose(prose, self.targets, site_root)
        problems += check_page_links(self.result, self.lang, set(titles))
        problems += lint_texts(prose_texts(prose, site_root), self.sensitive_terms)
        _report(problems)
        if errors(problems):
            raise PluginError("befund: content pages have errors (listed above); nothing was built.")
        renderer = Renderer(self.codebook, self.lang, self._template_dirs(config))
        try:
            pages = renderer.pages()
        except Exception as exc:  # a site's template override failed: say which, not a traceback
            raise PluginError(f"befund: a page template failed: {type(exc).__name__}: {exc}") from None
        self.page_titles = {p.src_uri: p.title for p in pages} | {p.src_uri: p.title for p in prose}
        for page in pages:
            # source pages are reached from index pages, not the nav (which Material renders on every page)
            inclusion = InclusionLevel.NOT_IN_NAV if page.src_uri.startswith("sources/") and \
                page.src_uri != GENERATED_PAGES["sources"] else InclusionLevel.UNDEFINED
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        if self.config.nav and not config.nav:
            config.nav = self._nav(renderer, prose)
        return files

    def _nav(self, renderer: Renderer, prose: list[Any]) -> list[Any]:
        labels = ui_labels(self.lang)
        entries: list[tuple[int, int, Any]] = []
        for i, name in enumerate(("home", "theory", "recommendations", "quotes", "sources", "glossary",
                                  "references", "about")):
            entries.append((NAV_WEIGHTS[name], i, {labels[f"page.{name}"]: GENERATED_PAGES[name]}))
        findings = [GENERATED_PAGES["categories"]] + [src for src, _title in renderer.category_nav()]
        entries.append((NAV_WEIGHTS["findings"], 0, {labels["page.findings"]: findings}))
        for i, page in enumerate(prose):
            if page.weight is not None:
                entries.append((page.weight, 100 + i, page.src_uri))
        return [entry for _w, _i, entry in sorted(entries, key=lambda e: (e[0], e[1]))]

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        resolved, problems = links.resolve(markdown, self.lang, page.file.src_uri, self.targets, self.page_titles)
        if problems:  # prose was checked in on_files, so this is a template or codebook defect
            detail = "; ".join(p.message for p in problems)
            raise PluginError(f"befund: {page.file.src_uri}: {detail}")
        return resolved + self._abbreviations()

    def _abbreviations(self) -> str:
        """Markdown ``*[PU]: …`` definitions from the glossary, so every PU gets its explanation."""
        assert self.codebook is not None
        lines = []
        for term in self.codebook.terms.values():
            short, long = term.abbreviation.get(self.lang), term.term.get(self.lang)
            if short and long and short != long and "]" not in short:
                lines.append(f"*[{short}]: {long}")
        return "\n\n" + "\n".join(lines) + "\n" if lines else ""

    # -- language alternates -------------------------------------------------------------------
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        # pages are rendered one after another, so setting the menu per page gives each page its own
        config.extra["alternate"] = self._language_menu(config, page.url)
        return context

    def _language_menu(self, config: MkDocsConfig, page_url: str | None) -> LanguageMenu:
        assert self.codebook is not None
        names = {lang: ui_labels(lang)["language.name"] for lang in self.codebook.study.languages}
        return LanguageMenu(language_links(self.codebook.study, self.lang, config.site_url or "", page_url, names))

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        env.globals["befund_labels"] = ui_labels(self.lang)
        # the sitemap's hreflang alternates: each language's absolute root (none without site_url)
        menu = self._language_menu(config, "")
        env.globals["befund_language_roots"] = [{"lang": link.lang, "url": link.absolute}
                                                for link in menu.languages if link.absolute]
        return env


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        (log.error if problem.severity == "error" else log.info)(problem.format())
