"""Worker processes that build a site's languages side by side, started one of two ways.

**Forked after the check** (:func:`run_forked`; Linux, where this process runs no other thread):
each worker is a copy of the process that imported MkDocs and befund and checked the site, so it
starts building at once, with nothing imported again and no model pickled. Where a fork is not
safe (another thread holds locks a copy would inherit: a host that embeds befund; macOS, whose
system libraries refuse to run after a fork; Windows, which has none), **spawned workers**
(:class:`WorkerPool`) are started first, so that they import MkDocs and befund while the parent
imports, reads mkdocs.yml and checks the site; how many is decided from a peek at mkdocs.yml and
study.yaml, whose check comes later. This module stays light (no MkDocs; of befund only its YAML
loader) for that early start.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import logging.handlers
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from .load import SAFE_LOADER


def planned_workers(config_file: Path, wanted: list[str] | None, jobs: int | None) -> int:
    """Workers a build of *config_file* will use: one per language built, at most *jobs* (default:
    one per core). 0 when mkdocs.yml or study.yaml cannot be peeked at."""
    codebook = peek_codebook(config_file)
    return workers_for(codebook, wanted, jobs) if codebook is not None else 0


def workers_for(codebook: Path, wanted: list[str] | None, jobs: int | None) -> int:
    """Workers a build of the codebook in *codebook* will use (as :func:`planned_workers`)."""
    return min(len(peek_languages(codebook, wanted)), jobs if jobs is not None else available_cores())


class _Lenient(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """YAML with any tag read as nothing (mkdocs.yml may hold ``!ENV``, ``!!python/name:…``)."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def peek_codebook(config_file: Path) -> Path | None:
    """The codebook folder mkdocs.yml gives befund, read without MkDocs (which reads it properly
    later); None when it cannot be told (no befund plugin, an unreadable file, ``INHERIT``)."""
    try:
        config = yaml.load(config_file.read_bytes(), Loader=_Lenient)
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(config, dict) or "INHERIT" in config:
        return None
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):  # - befund, or - befund: {codebook: …}
        entries = [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None) for p in plugins]
    else:
        return None
    for name, options in entries:
        if name == "befund":
            folder = options.get("codebook", "codebook") if isinstance(options, dict) else "codebook"
            return config_file.parent / folder if isinstance(folder, str) else None
    return None


def peek_languages(codebook: Path, wanted: list[str] | None) -> list[str]:
    """The languages a build will make, read from study.yaml before the check (which says whether
    the file is right): how many workers to start while checking. [] when it cannot be read."""
    try:
        with (codebook / "study.yaml").open("rb") as file:
            study = yaml.load(file, Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError):
        return []
    found = study.get("languages") if isinstance(study, dict) else None
    if not isinstance(found, list):
        return []
    return [lang for lang in found if isinstance(lang, str) and lang in (wanted or found)]


def start_method() -> Literal["fork", "spawn"]:
    """How workers start here: forked where that is safe (Linux, and no thread but this one, Python's
    or a library's), else spawned."""
    if sys.platform == "linux" and threading.active_count() == 1 and _os_threads() == 1:
        return "fork"
    return "spawn"


def _os_threads() -> int | None:
    """This process's threads as the kernel counts them (those a C library started too); None: unknown."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


Task = tuple[Callable[..., None], tuple[Any, ...]]
"""A function and its arguments, run in a worker."""


def run_forked(tasks: Sequence[Task], at_once: int) -> list[BaseException | None]:
    """Run each task in a process forked from this one, *at_once* of them at a time; what each raised
    (None: it returned), in the order of *tasks*. Their log records come back to this process's
    loggers of the same name. This process starts no thread meanwhile (so a later fork copies no
    lock a thread holds): it reads every worker's pipe itself. Call only where :func:`start_method`
    says ``fork``."""
    context = multiprocessing.get_context("fork")
    levels = _levels()
    outcomes: list[BaseException | None] = [None] * len(tasks)
    waiting = list(enumerate(tasks))
    running: dict[Connection, tuple[BaseProcess, int]] = {}
    done: set[int] = set()
    redispatch = _Redispatch()
    gc.freeze()  # the workers' copies need not be walked by the collector, nor this process's meanwhile
    try:
        while waiting or running:
            while waiting and len(running) < at_once:
                index, (work, args) = waiting.pop(0)
                reader, writer = context.Pipe(duplex=False)
                started = context.Process(target=_forked, args=(writer, levels, work, args))
                started.start()
                writer.close()  # the worker holds the only writing end: its end is this end's EOF
                running[reader] = (started, index)
            for ready in multiprocessing.connection.wait(list(running)):
                pipe = cast(Connection, ready)
                process, index = running[pipe]
                try:
                    kind, payload = pipe.recv()
                except EOFError:  # the worker has ended
                    process.join()
                    if index not in done:  # killed, or it died before it could say
                        outcomes[index] = ChildProcessError(f"a worker ended with exit status {process.exitcode}")
                    pipe.close()
                    del running[pipe]
                    continue
                if kind == "log":
                    redispatch.handle(payload)
                else:
                    outcomes[index] = payload
                    done.add(index)
    finally:
        for process, _index in running.values():  # interrupted (Ctrl-C reached them too): none outlives us
            process.terminate()
            process.join()
        gc.unfreeze()
    return outcomes


def _levels() -> dict[str, int]:
    return {name: logging.getLogger(name).getEffectiveLevel() for name in ("mkdocs", "befund")}


def _forked(pipe: Any, levels: dict[str, int], work: Callable[..., None], args: tuple[Any, ...]) -> None:
    """A forked worker: runs *work*, its log records and then what it raised sent through *pipe*."""
    _send_logs(_PipeHandler(pipe), levels)
    _watch_parent()
    outcome: BaseException | None = None
    try:
        work(*args)
    except BaseException as raised:  # sent to the parent, which raises it
        outcome = raised
    try:
        pipe.send(("done", outcome))
    except Exception:  # an exception that cannot be pickled: its text
        pipe.send(("done", RuntimeError("".join(traceback.format_exception(outcome)))))


class _PipeHandler(logging.handlers.QueueHandler):
    """Sends a forked worker's log records to its parent through the worker's pipe (the documented
    way to give a QueueHandler another kind of queue)."""

    def enqueue(self, record: logging.LogRecord) -> None:
        self.queue.send(("log", record))  # type: ignore[attr-defined]


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class WorkerPool:
    """Worker processes, one per language built at once, started fresh (spawn): a fork would copy
    the locks of any thread running in a host that embeds befund; a fork server would outlive the
    build and keep the workers' time and memory out of this process's accounts (what benchmarks
    and ``time`` read). Their log records come back to this process's loggers."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.workers = workers
        self.records = context.Queue()
        self.listener = logging.handlers.QueueListener(self.records, _Redispatch())
        levels = _levels()
        self.listener.start()
        self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start,
                                        initargs=(self.records, levels))
        for _ in range(workers):  # the pool starts its processes as work arrives
            self.pool.submit(_warm_up)

    @classmethod
    @contextlib.contextmanager
    def start(cls, workers: int) -> Iterator[WorkerPool | None]:
        """A pool of *workers* processes (None for fewer than two: the caller builds)."""
        if workers < 2:
            yield None
            return
        pool = cls(workers)
        try:
            yield pool
        finally:
            pool.pool.shutdown(wait=True, cancel_futures=True)
            pool.listener.stop()

    def submit(self, work: Callable[..., None], *args: Any) -> Future[None]:
        return self.pool.submit(work, *args)


class _Redispatch(logging.Handler):
    """Hands a worker's record to this process's logger of the same name (and so to its handlers)."""

    def handle(self, record: logging.LogRecord) -> bool:  # type: ignore[override]
        logging.getLogger(record.name).handle(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() does the work
        self.handle(record)


def _worker_start(records: Any, levels: dict[str, int]) -> None:
    """A worker's log records go to the parent, at the levels the parent's loggers have; it ends
    with the parent."""
    _send_logs(logging.handlers.QueueHandler(records), levels)
    atexit.register(_end_at_once)
    _watch_parent()


def _send_logs(handler: logging.Handler, levels: dict[str, int]) -> None:
    """This worker's records of befund and MkDocs go to *handler* only (on to the parent), at the
    levels the parent's loggers have."""
    for name, level in levels.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def _watch_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), name="befund-parent", daemon=True).start()


def _end_with(parent: int) -> None:
    """Ends this worker when the parent process has ended. Ctrl-C reaches every process of the
    terminal's group, but a parent killed alone (a CI timeout, an editor's stop button) could not
    stop its workers, which built their language to the end into a staging folder nobody reads."""
    multiprocessing.connection.wait([parent])
    os._exit(1)


def _end_at_once() -> None:
    """A worker's last step, registered last so run first when it exits: by then multiprocessing has
    sent its log records and results and flushed its output; freeing the model and the site's pages
    and tearing down the interpreter would only make the parent wait (the parent ends so too:
    ``cli._finish``)."""
    os._exit(0)


def _warm_up() -> None:
    """What each language's build imports: loaded in a worker while the parent checks (the plugin's
    hooks import the renderer, citations and citeproc, and the theme's template cache)."""
    from mkdocs.commands import build as mkdocs_build  # noqa: F401

    from . import build, plugin, templatecache  # noqa: F401
    from .render import blocks  # noqa: F401
