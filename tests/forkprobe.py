"""Forked workers tried in a fresh interpreter (``python tests/forkprobe.py SCENARIO FOLDER``).

A test process may run threads of its own (the browser tests' web server lives for the whole
session), and forking it would copy their locks; so the tests of ``workers.run_forked`` and
``workers.start_method`` run here, in a process with no other thread, and read what it prints
(one JSON value).
"""

from __future__ import annotations

import _thread
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path

from befund.build import BuildError
from befund.workers import run_forked, start_method


def _fails(message: str) -> None:
    raise BuildError(message)


class _Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("not this one")


def _fails_oddly() -> None:
    raise _Unpicklable("odd")


def _logs(text: str) -> None:
    logging.getLogger("befund").warning("said in a worker: %s", text)


def _marks(folder: Path, name: str) -> None:
    """Notes its start and end, to see how many tasks overlap."""
    (folder / f"{name}.start").write_text(str(time.monotonic()))
    time.sleep(0.3)
    (folder / f"{name}.end").write_text(str(time.monotonic()))


class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[list[object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.heard.append([record.name, record.levelname, record.getMessage()])


def outcomes() -> object:
    """What four workers raised (or how one died) and what one logged, as this process sees it."""
    heard = _Heard()
    logger = logging.getLogger("befund")
    logger.addHandler(heard)
    logger.setLevel(logging.INFO)
    found = run_forked([(_logs, ("hello",)), (_fails, ("no luck",)), (_fails_oddly, ()), (os._exit, (3,))], 2)
    import multiprocessing
    return {"outcomes": [None if o is None else [type(o).__name__, str(o)] for o in found],
            "heard": heard.heard, "children": len(multiprocessing.active_children())}


def overlap(folder: Path) -> object:
    """How many of three tasks ran at once, with *at_once* 1 and 2."""
    most = {}
    for at_once in (1, 2):
        marks = folder / str(at_once)
        marks.mkdir()
        assert run_forked([(_marks, (marks, name)) for name in "abc"], at_once) == [None] * 3
        spans = [(float((marks / f"{n}.start").read_text()), float((marks / f"{n}.end").read_text())) for n in "abc"]
        most[at_once] = max(sum(1 for start, end in spans if start <= moment < end) for moment, _ in spans)
    return most


def _settled() -> str:
    """The start method once an ended thread has left (the kernel counts it a moment longer than
    ``join`` waits)."""
    waited = 0.0
    while start_method() != "fork" and waited < 5:
        time.sleep(0.02)
        waited += 0.02
    return start_method()


def threads() -> object:
    """The start method alone, with a thread, after it, with a thread threading does not know of, after it."""
    seen = [start_method()]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    seen.append(start_method())
    stop.set()
    thread.join()
    seen.append(_settled())
    lock = _thread.allocate_lock()
    lock.acquire()
    _thread.start_new_thread(lock.acquire, ())  # unknown to threading.active_count()
    seen.append(start_method() if threading.active_count() == 1 else "threading knew it")
    lock.release()
    seen.append(_settled())
    return seen


if __name__ == "__main__":
    scenario, folder = sys.argv[1], Path(sys.argv[2])
    result = {"outcomes": outcomes, "threads": threads}.get(scenario)
    print(json.dumps(result() if result else overlap(folder)))
