"""Build every language of a site: one strict MkDocs build per language, assembled and swapped in.

The default language goes to the site root, every other language to ``/<lang>/``. Languages are
built into a staging folder next to the target; only when all succeed does the staging folder
replace the previous site, so a failed build never leaves a half-written site behind.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.utils import yaml_load

from .anon import codebook_texts, lint_texts, load_sensitive_terms, prose_texts
from .problems import Problem, errors
from .prose import check_prose, prose_targets, read_prose
from .sitemap import build_targets
from .validate import check_page_links, load_codebook

log = logging.getLogger("befund")


class BuildError(Exception):
    """The build failed; the message says why (problems were printed as they were found)."""


@dataclass
class SiteConfig:
    """What befund needs to know of a site's mkdocs.yml before MkDocs loads it."""

    config_file: Path
    raw: dict[str, Any]

    @classmethod
    def read(cls, config_file: Path) -> SiteConfig:
        try:
            with config_file.open("rb") as handle:
                raw = yaml_load(handle) or {}
        except OSError as exc:
            raise BuildError(f"cannot read {config_file}: {exc.strerror}") from None
        except Exception as exc:  # YAML errors in mkdocs.yml: say so, not a traceback
            raise BuildError(f"{config_file} is not valid YAML: {exc}") from None
        return cls(config_file, raw)

    @property
    def root(self) -> Path:
        return self.config_file.parent

    def plugin_option(self, name: str, default: str) -> str:
        """An option of the befund plugin as written in mkdocs.yml."""
        for entry in self.raw.get("plugins", []) or []:
            if isinstance(entry, dict) and "befund" in entry:
                return str((entry["befund"] or {}).get(name, default))
        return default

    @property
    def codebook_dir(self) -> Path:
        return self.root / self.plugin_option("codebook", "codebook")

    @property
    def sensitive_terms_file(self) -> Path:
        return self.root / self.plugin_option("sensitive_terms", "sensitive-terms.txt")

    def docs_dir(self, lang: str, default: str) -> Path:
        """``docs_dir`` names the default language's folder; other languages are its siblings."""
        docs = self.root / self.raw.get("docs_dir", f"content/{default}")
        return docs if lang == default else docs.parent / lang

    def overrides(self, lang: str, default: str, site_dir: Path, site_url: str | None) -> dict[str, Any]:
        theme = self.raw.get("theme", {})
        # a deep copy: MkDocs and plugins change nested theme values, and each language needs its own
        theme = {"name": theme} if isinstance(theme, str) else copy.deepcopy(theme)
        theme["language"] = lang
        url = site_url if site_url is not None else self.raw.get("site_url") or ""
        if url and not url.endswith("/"):
            url += "/"
        if url and lang != default:
            url += f"{lang}/"
        return {
            "theme": theme,
            "docs_dir": str(self.docs_dir(lang, default)),
            "site_dir": str(site_dir),
            "site_url": url or None,
        }


@dataclass
class SiteCheck:
    """What befund check finds: the study's languages (empty when the codebook is unusable) and problems."""

    languages: list[str]
    problems: list[Problem]
    codebook_ok: bool


def check_site(site: SiteConfig) -> SiteCheck:
    """Every problem of the codebook and of the prose pages in every language, in one pass."""
    result = load_codebook(site.codebook_dir, site.root)
    problems = list(result.problems)
    if result.codebook is None or errors(problems):
        langs = result.codebook.study.languages if result.codebook else []
        return SiteCheck(langs, problems, codebook_ok=False)
    langs = result.codebook.study.languages
    every_page = []
    for lang in langs:
        pages, found = read_prose(site.docs_dir(lang, langs[0]), site.root)
        every_page += pages
        problems += found
        titles = prose_targets(pages)
        problems += check_prose(pages, build_targets(result.codebook, {n: {lang: t} for n, t in titles.items()}),
                                site.root)
        problems += check_page_links(result, lang, set(titles))
    terms, found = load_sensitive_terms(site.sensitive_terms_file, site.root)
    problems += found
    problems += lint_texts(codebook_texts(result.codebook) + prose_texts(every_page, site.root), terms)
    return SiteCheck(langs, problems, codebook_ok=True)


def build_site(config_file: Path, site_dir: Path, *, site_url: str | None = None, strict: bool = True,
               languages: list[str] | None = None,
               report: Callable[[list[Problem]], None] | None = None) -> list[str]:
    """Build every language into *site_dir*; returns the languages built. Raises BuildError.

    *report* receives the problems (warnings included) found before building.
    """
    site = SiteConfig.read(config_file)
    checked = check_site(site)
    if report is not None and checked.problems:
        report(checked.problems)
    if not checked.codebook_ok or not checked.languages:
        raise BuildError("the codebook has errors; nothing was built (run 'befund check' for the list)")
    if errors(checked.problems):
        raise BuildError("the codebook or content pages have errors; nothing was built "
                         "(run 'befund check' for the list)")
    langs = checked.languages
    default = langs[0]
    chosen = languages or langs
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        for lang in chosen:
            target = staging / "site" if lang == default else staging / lang
            _build_one(site, lang, default, target, site_url, strict)
        assembled = staging / "site"
        assembled.mkdir(exist_ok=True)
        for lang in chosen:
            if lang != default:
                os.replace(staging / lang, assembled / lang)
        _swap_into_place(assembled, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return chosen


class _ErrorLog(logging.Handler):
    """Remembers what MkDocs logged as warnings and errors, to say why a build failed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build_one(site: SiteConfig, lang: str, default: str, target: Path, site_url: str | None, strict: bool) -> None:
    log.info("befund: building '%s' into %s", lang, target)
    overrides = site.overrides(lang, default, target, site_url)
    seen = _ErrorLog()
    logging.getLogger("mkdocs").addHandler(seen)
    try:
        config = load_config(str(site.config_file), strict=strict, **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (ConfigurationError, PluginError, Abort) as exc:
        reasons = [m for m in seen.messages if m.strip()] or [str(exc)]
        raise BuildError(f"building '{lang}' failed ({exc}):\n  " + "\n  ".join(reasons)) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(seen)


def _swap_into_place(new: Path, site_dir: Path) -> None:
    """Replace *site_dir* by *new* with two renames, so readers never see a half-written site."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.previous")
        if old.exists():
            shutil.rmtree(old)
        os.replace(site_dir, old)
    os.replace(new, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
