"""Build every language of a site: one strict MkDocs build per language, then publish them together.

The default language goes to the site root, every other language to ``/<lang>/``. The site is
checked once (``check.py``); the result is handed to each language's plugin instance, so the
codebook is loaded and linted once per build. The languages build side by side in worker
processes, one per core (``jobs``); their log records come back to this process's loggers.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import logging.handlers
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .check import Checker, SiteCheck
from .problems import Problem, errors
from .publish import PublishError, assemble, check_replaceable, staging_folder, swap_into_place
from .siteconfig import PLUGIN, SITE_URL_USES, Site, SiteConfigError, placeholder_site_url, read_site

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
               report: Callable[[list[Problem]], None] | None = None, jobs: int | None = None) -> list[str]:
    """Build every language (or *languages*) into *site_dir*; returns the languages built.

    *report* receives the problems (warnings included) found before building. A *release* is the
    site to publish: it refuses a placeholder site_url. *jobs*: languages built at once (default:
    one per core; 1 builds them one after the other in this process). Raises BuildError.
    """
    site = _read(config_file)
    check_address(site_url if site_url is not None else site.config.site_url, release)
    workers = min(len(peek_languages(site.layout.codebook, languages)), jobs if jobs is not None else available_cores())
    with _WorkerPool.start(workers) as pool:  # the workers start up while this process checks
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
                pool.build(site, checked, built, langs[0], site_url, strict)
            else:
                for lang, target in built.items():
                    _build_one(site, checked, lang, langs[0], target, site_url, strict)
            swap_into_place(assemble(staging, built, langs, site_dir), site_dir)
        except PublishError as exc:
            raise BuildError(str(exc)) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return chosen


def peek_languages(codebook: Path, wanted: list[str] | None) -> list[str]:
    """The languages a build will make, read from study.yaml before the check (which says whether
    the file is right): how many workers to start while checking. [] when it cannot be read."""
    try:
        with (codebook / "study.yaml").open("rb") as file:
            study = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError):
        return []
    found = study.get("languages") if isinstance(study, dict) else None
    if not isinstance(found, list):
        return []
    return [lang for lang in found if isinstance(lang, str) and lang in (wanted or found)]


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _WorkerPool:
    """Worker processes, one per language built at once, started fresh (spawn): a fork would copy
    the locks of any thread running in a host that embeds befund; a fork server would outlive the
    build and keep the workers' time and memory out of this process's accounts (what benchmarks
    and ``time`` read). They import MkDocs and befund while the parent checks the site."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.records = context.Queue()
        self.listener = logging.handlers.QueueListener(self.records, _Redispatch())
        levels = {name: logging.getLogger(name).getEffectiveLevel() for name in ("mkdocs", "befund")}
        self.listener.start()
        self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start,
                                        initargs=(self.records, levels))
        for _ in range(workers):  # the pool starts its processes as work arrives
            self.pool.submit(_warm_up)

    @classmethod
    @contextlib.contextmanager
    def start(cls, workers: int) -> Iterator[_WorkerPool | None]:
        """A pool of *workers* processes (None for fewer than two: this process builds)."""
        if workers < 2:
            yield None
            return
        pool = cls(workers)
        try:
            yield pool
        finally:
            pool.pool.shutdown(wait=True, cancel_futures=True)
            pool.listener.stop()

    def build(self, site: Site, checked: SiteCheck, built: dict[str, Path], default: str, site_url: str | None,
              strict: bool) -> None:
        slim = checked.for_build()
        running = [self.pool.submit(_build_in_worker, site.config_file, slim, lang, default, target, site_url,
                                    strict) for lang, target in built.items()]
        for job in running:
            job.result()  # the first failure (a BuildError) is raised here


def _worker_start(records: Any, levels: dict[str, int]) -> None:
    """A worker's log records go to the parent, at the levels the parent's loggers have."""
    for name, level in levels.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = [logging.handlers.QueueHandler(records)]
        logger.setLevel(level)
        logger.propagate = False
    atexit.register(_end_at_once)


def _end_at_once() -> None:
    """A worker's last step, registered last so run first when it exits: by then multiprocessing has
    sent its log records and results and flushed its output; freeing the model and the site's pages
    and tearing down the interpreter would only make the parent wait (the parent ends so too:
    ``cli._finish``)."""
    os._exit(0)


def _warm_up() -> None:
    """What each language's build imports first: loaded in a worker while the parent checks."""
    from . import plugin  # noqa: F401  (the plugin pulls in the core: model, render, citations)


def _build_in_worker(config_file: Path, checked: SiteCheck, lang: str, default: str, target: Path,
                     site_url: str | None, strict: bool) -> None:
    gc.freeze()  # the codebook lives until the worker ends: the collector need not walk it again and again
    _build_one(_read(config_file), checked, lang, default, target, site_url, strict)


class _Redispatch(logging.Handler):
    """Hands a worker's record to this process's logger of the same name (and so to its handlers)."""

    def handle(self, record: logging.LogRecord) -> bool:  # type: ignore[override]
        logging.getLogger(record.name).handle(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() does the work
        self.handle(record)


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
