"""Build every language of a site: one strict MkDocs build per language, then publish them together.

The default language goes to the site root, every other language to ``/<lang>/``. The site is
checked once (``check.py``); the result is handed to each language's plugin instance, so the
codebook is loaded and linted once per build. The languages build side by side in worker
processes, one per core (``jobs``), forked after the check or spawned before it (``workers.py``);
their log records come back to this process's loggers.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .check import Checker, SiteCheck
from .problems import Problem, errors
from .publish import PublishError, assemble, check_replaceable, staging_folder, swap_into_place
from .siteconfig import PLUGIN, SITE_URL_USES, Site, SiteConfigError, placeholder_site_url, read_site
from .workers import WorkerPool, available_cores, run_forked, start_method, workers_for

log = logging.getLogger("befund")


class BuildError(Exception):
    """The build failed; the message says why (problems were reported as they were found)."""


def language_overrides(site: Site, lang: str, default: str, site_dir: Path, site_url: str | None) -> dict[str, Any]:
    """What differs per language: theme.language, docs_dir, site_dir and site_url."""
    theme = site.theme()
    theme["language"] = lang
    url = site_url if site_url is not None else site.config.site_url or ""
    if url and not url.endswith("/"):
        url += "/"
    if url and lang != default:
        url += f"{lang}/"
    return {"theme": theme, "docs_dir": str(site.layout.prose_dir(lang)), "site_dir": str(site_dir),
            "site_url": url or None}


def build_site(config_file: Path, site_dir: Path, *, site_url: str | None = None, strict: bool = True,
               languages: list[str] | None = None, release: bool = False,
               report: Callable[[list[Problem]], None] | None = None, jobs: int | None = None,
               pool: WorkerPool | None = None, site: Site | None = None) -> list[str]:
    """Build every language (or *languages*) into *site_dir*; returns the languages built.

    *report* receives the problems (warnings included) found before building. A *release* is the
    site to publish: it refuses a placeholder site_url. *jobs*: languages built at once (default:
    one per core; 1 builds them one after the other in this process). *pool*: workers the caller
    started already (``befund build`` starts them before it imports this module); else they are
    started here when more than one language is built at once. *site*: *config_file* as the caller
    read it already (``befund build`` does, to tell a refused mkdocs.yml by its exit status). Raises
    BuildError.
    """
    site = site if site is not None else _read(config_file)
    check_address(site_url if site_url is not None else site.config.site_url, release)
    at_once = jobs if jobs is not None else available_cores()
    started: contextlib.AbstractContextManager[WorkerPool | None]
    if pool is None and start_method() == "spawn":
        started = WorkerPool.start(workers_for(site.layout.codebook, languages, jobs))
    else:
        started = contextlib.nullcontext(pool)
    with started as pool:  # spawned workers start up while this process checks
        checked = Checker().check(site.layout)
        found = site.warnings + checked.problems
        if report is not None and found:
            report(found)
        if errors(found) or checked.codebook is None:
            raise BuildError("the codebook or content pages have errors; nothing was built "
                             "(run 'befund check' for the list)")
        if strict and found:
            raise BuildError(f"{len(found)} warning(s); a strict build fails on warnings (fix them, or pass "
                             "--no-strict for a draft)")
        langs = checked.languages
        unknown = [lang for lang in languages or [] if lang not in langs]
        if unknown:
            raise BuildError(f"--lang {', '.join(unknown)}: the study's languages are {', '.join(langs)}")
        chosen = [lang for lang in langs if lang in (languages or langs)]
        site_dir = site_dir.resolve()
        try:
            check_replaceable(site_dir)
        except PublishError as exc:
            raise BuildError(str(exc)) from None
        staging = staging_folder(site_dir)
        try:
            built = {lang: staging / f"lang-{lang}" for lang in chosen}
            if pool is not None:
                _build_in_pool(pool, site, checked, built, langs[0], site_url, strict)
            elif len(built) > 1 and at_once > 1 and start_method() == "fork":  # asked again: a fork
                # must find no other thread now (a host's may have started during the check)
                _build_forked(site, checked, built, langs[0], site_url, strict, at_once)
            else:
                for lang, target in built.items():
                    _build_one(site, checked, lang, langs[0], target, site_url, strict)
            swap_into_place(assemble(staging, built, langs, site_dir), site_dir)
        except PublishError as exc:
            raise BuildError(str(exc)) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return chosen


def _build_in_pool(pool: WorkerPool, site: Site, checked: SiteCheck, built: dict[str, Path], default: str,
                   site_url: str | None, strict: bool) -> None:
    slim = checked.for_build()
    running = [pool.submit(_build_in_worker, site.config_file, slim, lang, default, target, site_url, strict)
               for lang, target in built.items()]
    for job in running:
        job.result()  # the first failure (a BuildError) is raised here


def _build_forked(site: Site, checked: SiteCheck, built: dict[str, Path], default: str, site_url: str | None,
                  strict: bool, at_once: int) -> None:
    failed = run_forked([(_build_one, (site, checked, lang, default, target, site_url, strict))
                         for lang, target in built.items()], at_once)
    for outcome in failed:
        if outcome is not None:
            raise outcome  # the first failure (a BuildError), as a pool's would be


def _build_in_worker(config_file: Path, checked: SiteCheck, lang: str, default: str, target: Path,
                     site_url: str | None, strict: bool) -> None:
    gc.freeze()  # the codebook lives until the worker ends: the collector need not walk it again and again
    _build_one(_read(config_file), checked, lang, default, target, site_url, strict)


def check_address(url: str | None, release: bool) -> None:
    """A release needs the site's real address; any other build says what a placeholder breaks."""
    reason = placeholder_site_url(url)
    if reason is None:
        return
    if release:
        raise BuildError(f"--release: {reason}; {SITE_URL_USES}. Set site_url in mkdocs.yml to the address the "
                         "site will be published at, or pass --site-url URL")
    log.info("befund: %s, fine for a preview; in this build %s. 'befund build --release' refuses it", reason,
             SITE_URL_USES)


def _read(config_file: Path) -> Site:
    try:
        return read_site(config_file)
    except SiteConfigError as exc:
        raise BuildError("mkdocs.yml cannot be used:\n  " + "\n  ".join(p.format() for p in exc.problems)) from None


class _ErrorLog(logging.Handler):
    """Remembers what MkDocs logged as warnings and errors, to say why a build failed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build_one(site: Site, checked: SiteCheck, lang: str, default: str, target: Path, site_url: str | None,
               strict: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build  # here: a parent with workers never builds

    log.info("befund: building '%s' into %s", lang, target)
    seen = _ErrorLog()
    logging.getLogger("mkdocs").addHandler(seen)
    try:
        language = read_site(site.config_file, strict=strict,
                             **language_overrides(site, lang, default, target, site_url))
        language.config.plugins[PLUGIN].share(checked)  # type: ignore[attr-defined]
        language.config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(language.config)
        finally:
            language.config.plugins.on_shutdown()
    except SiteConfigError as exc:
        raise BuildError(f"building '{lang}' failed: " + "; ".join(p.format() for p in exc.problems)) from None
    except (ConfigurationError, PluginError, Abort) as exc:
        reasons = [m for m in seen.messages if m.strip()] or [str(exc)]
        raise BuildError(f"building '{lang}' failed ({exc}):\n  " + "\n  ".join(reasons)) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(seen)
