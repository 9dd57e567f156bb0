"""`befund serve` serves the site and rebuilds when the codebook changes (live reload while writing)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def serving(site: Path, *, keep_log: bool = False) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`befund serve` of *site* on a free port: (its root URL, the server), stopped afterwards."""
    port = free_port()
    output = subprocess.PIPE if keep_log else subprocess.DEVNULL
    server = subprocess.Popen(
        [sys.executable, "-m", "befund", "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=site, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/befund-lammers-2026/", server
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_serve_rebuilds_when_a_quote_changes(site_copy: Path) -> None:
    with serving(site_copy, keep_log=True) as (root, server):
        url = root + "categories/grenzminimierungen/"
        assert wait_for(lambda: "Zwei-Mann-Team" in fetch(url), 60), "serve did not come up"
        quotes = site_copy / "codebook" / "quotes" / "IN_14.yaml"
        quotes.write_text(quotes.read_text("utf-8").replace("Zwei-Mann-Team, was", "Zwei-Mann-Team (neu), was"),
                          "utf-8")
        assert wait_for(lambda: "Zwei-Mann-Team (neu)" in fetch(url), 60), "no rebuild after a codebook change"
    log = server.stdout.read().decode("utf-8") if server.stdout else ""
    files = len(list((site_copy / "codebook").rglob("*.yaml")))
    # serve's own check before the first build stored every file's parse (befund's cache), and the
    # plugin survives rebuilds: only the edited file is parsed again
    assert f"befund: re-read 0 of {files} codebook files" in log, log
    assert f"befund: re-read 1 of {files} codebook files" in log, log


def test_serve_rebuilds_when_a_site_label_changes(site_copy: Path) -> None:
    labels = site_copy / "labels" / "de.yaml"
    labels.parent.mkdir()
    labels.write_text("page.theory: Theoriebezug\n", "utf-8")
    with serving(site_copy) as (url, _server):
        assert wait_for(lambda: "Theoriebezug" in fetch(url), 60), "serve did not come up with the site's label"
        labels.write_text("page.theory: Theorie und Bezüge\n", "utf-8")
        assert wait_for(lambda: "Theorie und Bezüge" in fetch(url), 60), "no rebuild after a label change"
