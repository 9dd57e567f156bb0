"""MkDocs glue: each event hands off to the core (check, render, resolve) or to nav/theme/alternates.

Each MkDocs build makes one language (``theme.language``); ``befund build`` runs one build per
language and shares one check result with all of them. All checks run in ``on_config``, before
MkDocs writes any page. Defining ``on_startup`` keeps this plugin alive across ``mkdocs serve``
rebuilds, so unchanged codebook files are not parsed again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import theme
from .alternates import LanguageMenu, language_links
from .check import Checker, SiteCheck
from .mdext import Abbreviations, ShortLinks
from .nav import build_nav, findings_menu, in_nav
from .pages import DOWNLOADS_DIR
from .permalinks import PageForwards, forwards_for, plant_aliases, url_path
from .problems import Problem, errors
from .prose import prose_targets
from .render import ui_labels
from .render.attribution import attribution
from .render.metadata import head_tags
from .render.qr import code_digest as qr_salt
from .resolve import LinkResolver, abbreviations
from .safety import judge_page
from .siteconfig import layout_of
from .targets import build_targets
from .usercache import Kept

log = logging.getLogger("mkdocs.plugins.befund")


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
        self.checker = Checker()
        self.shared: SiteCheck | None = None
        self.checked: SiteCheck | None = None
        self.lang = ""
        self.links: LinkResolver | None = None
        self.command = ""
        self.forwards = PageForwards({}, {})
        self.print_tops: dict[str, str] = {}
        """Each page's print block, waiting until the search index has taken the page's content."""
        self.formats: Kept | None = None
        """Citations formatted by earlier builds: kept across serve rebuilds and in the user's cache."""
        self.qr_codes: Kept | None = None
        """Each page address's QR code, kept as the citations are."""

    def share(self, checked: SiteCheck) -> None:
        """Use a check made once for all languages (``befund build``) instead of checking again."""
        self.shared = checked

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command  # defining this hook keeps the plugin, and its caches, across serve rebuilds

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.lang = str(config.theme["language"])
        checked = self.shared
        if checked is None:
            checked = self.checker.check(layout_of(config))
            if self.command == "serve":
                log.info("befund: re-read %d of %d codebook files", self.checker.reread, len(self.checker.files.files))
            _report(checked.problems)
        if errors(checked.problems) or checked.codebook is None:
            raise PluginError("befund: the codebook or content pages have errors (listed above); nothing was built.")
        study = checked.codebook.study
        if self.lang not in study.languages:
            raise PluginError(f"befund: theme.language '{self.lang}' is not one of the study's languages "
                              f"{study.languages} (codebook/study.yaml)")
        self.checked = checked
        codebook_dir = str(Path(config.config_file_path).parent / self.config.codebook)
        if codebook_dir not in config.watch:  # mkdocs serve rebuilds when the codebook changes, too
            config.watch.append(codebook_dir)
        labels = ui_labels(self.lang, checked.labels)
        theme.install(config, study, self.lang, labels)
        config.markdown_extensions.append(ShortLinks(self._resolve))  # type: ignore[arg-type]
        config.markdown_extensions.append(Abbreviations(self._abbreviations))  # type: ignore[arg-type]
        config.extra["alternate"] = self._language_menu(config, None)
        config.extra["befund_lang"] = self.lang
        # one colour-scheme choice for the whole site, not one per language folder
        config.extra["befund_scope_up"] = "" if self.lang == study.default_language else "/.."
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # the renderer, the citations and citeproc: imported where pages are made, not where MkDocs
        # imports the plugin to read mkdocs.yml (every befund check)
        from .citations import Citations
        from .cite.style import code_digest as citation_salt
        from .render import Renderer, TemplateFailure

        checked = self._checked()
        codebook = checked.codebook
        assert codebook is not None
        prose = checked.prose.get(self.lang, [])
        targets = build_targets(codebook, {n: {self.lang: t} for n, t in prose_targets(prose).items()})
        owner = Path(config.config_file_path).parent / self.config.codebook / self.lang
        self.formats = Kept.open("citations", owner, citation_salt, self.formats)
        self.qr_codes = Kept.open("qr", owner, qr_salt, self.qr_codes)
        self.citations = Citations(codebook, self.lang, self.formats)
        self.renderer = Renderer(codebook, self.lang, self._template_dirs(config), self.citations,
                                 ui_labels(self.lang, checked.labels))
        try:
            pages = self.renderer.pages()
        except TemplateFailure as failure:
            raise PluginError(f"befund: {failure}") from None
        titles = {p.src_uri: p.title for p in pages} | {p.src_uri: p.title for p in prose}
        self.links = LinkResolver(targets, self.lang, titles, cite=self.citations.label, speak=self.renderer.speakable)
        for page in pages:
            inclusion = InclusionLevel.UNDEFINED if in_nav(page.src_uri) else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        for name, content in self.renderer.download_files.items():
            files.append(File.generated(config, f"{DOWNLOADS_DIR}{name}", content=content))
        self.forwards = forwards_for(self.lang, checked.forwards, checked.permalinks, config.site_name)
        for old_path, page_html in self.forwards.pages.items():  # old addresses lead to the new ones
            files.append(File.generated(config, f"{old_path}index.html", content=page_html))
        if self.config.nav and not config.nav:
            config.nav = build_nav(codebook, self.lang, ui_labels(self.lang, checked.labels), prose)
        return files

    def _resolve(self, link: Any) -> Any:
        assert self.links is not None
        return self.links(link)

    def _abbreviations(self) -> list[tuple[str, str, str]]:
        """The glossary's abbreviations, written out, linked from the page being rendered."""
        assert self.links is not None
        return abbreviations(self._checked().codebook, self.lang, self.links)  # type: ignore[arg-type]

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.links is not None
        self.links.page = page.file.src_uri
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        from .render import TemplateFailure
        from .render.blocks import page_blocks

        assert self.links is not None
        if self.links.errors:  # prose and codebook were checked before: a template or codebook defect
            detail = "; ".join(e.message for e in self.links.errors)
            self.links.errors.clear()
            raise PluginError(f"befund: {page.file.src_uri}: {detail}")
        unsafe, twice = judge_page(html)
        if unsafe:  # what is published is judged, strict build or not
            raise PluginError(f"befund: {page.file.src_uri} would publish unsafe HTML: "
                              + "; ".join(u.message for u in unsafe))
        if twice:  # a permalink must land on one place
            raise PluginError(f"befund: {page.file.src_uri} has the same id more than once: {', '.join(twice)}")
        html = self.renderer.insert_trusted(html)
        aliases = self.forwards.aliases.get(url_path(page.file.src_uri), [])
        if aliases:
            html = plant_aliases(html, aliases)
        try:
            before, after = page_blocks(self.renderer, page.title or config.site_name, config.site_name,
                                        _page_url(page, config), self.qr_codes)
        except TemplateFailure as failure:
            raise PluginError(f"befund: {failure}") from None
        self.print_tops[page.file.src_uri] = before
        return html + after

    @event_priority(-50)  # after the search plugin has indexed the content: see below
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        # The print block goes before the page's heading only now: in the search index it would be
        # every page's text (study, licence, address) and split each page into a preface and its h1.
        page.content = self.print_tops.pop(page.file.src_uri, "") + (page.content or "")
        # pages are rendered one after another, so setting the menu per page gives each page its own
        config.extra["alternate"] = self._language_menu(config, page.url)
        study = self._checked().codebook.study  # type: ignore[union-attr]
        description = (page.meta or {}).get("description") or config.site_description or ""
        context["befund_head"] = head_tags(study, self.lang, page.title or config.site_name,
                                           _page_url(page, config), description, config.site_name)
        return context

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        from .templatecache import template_cache

        if env.bytecode_cache is None:  # the theme's templates, compiled once rather than every build
            env.bytecode_cache = template_cache()
        labels = ui_labels(self.lang, self._checked().labels)
        env.globals["befund_labels"] = labels
        env.globals["befund_findings"] = findings_menu(self._checked().codebook, self.lang)  # type: ignore[arg-type]
        env.globals["befund_attribution"] = attribution(self._checked().codebook.study,  # type: ignore[union-attr]
                                                        self.lang, labels)
        # the sitemap's hreflang alternates: each language's absolute root (none without site_url)
        menu = self._language_menu(config, "")
        env.globals["befund_language_roots"] = [{"lang": link.lang, "url": link.absolute}
                                                for link in menu.languages if link.absolute]
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.shared = None  # a later rebuild (serve) checks the then current files
        for kept in (self.formats, self.qr_codes):
            if kept is not None:
                kept.save()

    def _checked(self) -> SiteCheck:
        assert self.checked is not None
        return self.checked

    def _template_dirs(self, config: MkDocsConfig) -> list[Path]:
        if self.config.templates:
            return [Path(config.config_file_path).parent / self.config.templates]
        if config.theme.custom_dir:
            return [Path(config.theme.custom_dir) / "befund"]
        return []

    def _language_menu(self, config: MkDocsConfig, page_url: str | None) -> LanguageMenu:
        study = self._checked().codebook.study  # type: ignore[union-attr]
        names = {lang: ui_labels(lang, self._checked().labels)["language.name"] for lang in study.languages}
        return LanguageMenu(language_links(study, self.lang, config.site_url or "", page_url, names))


def _page_url(page: Page, config: MkDocsConfig) -> str:
    """The page's public address (absolute with site_url, else the path from the site root)."""
    return page.canonical_url or page.abs_url or ""


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(problem.format())
