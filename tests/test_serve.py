"""`befund serve` serves the site and rebuilds when the codebook changes (live reload while writing)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
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


def test_serve_rebuilds_when_a_quote_changes(site_copy: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/befund-lammers-2026/categories/grenzminimierungen/"
    server = subprocess.Popen(
        [sys.executable, "-m", "befund", "serve", "-f", str(site_copy / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=site_copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert wait_for(lambda: "Zwei-Mann-Team" in fetch(url), 60), "serve did not come up"
        quotes = site_copy / "codebook" / "quotes" / "IN_14.yaml"
        quotes.write_text(quotes.read_text("utf-8").replace("Zwei-Mann-Team, was", "Zwei-Mann-Team (neu), was"),
                          "utf-8")
        assert wait_for(lambda: "Zwei-Mann-Team (neu)" in fetch(url), 60), "no rebuild after a codebook change"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    log = server.stdout.read().decode("utf-8") if server.stdout else ""
    files = len(list((site_copy / "codebook").rglob("*.yaml")))
    # the plugin survives rebuilds: only the edited file is parsed again
    assert f"befund: re-read {files} of {files} codebook files" in log, log
    assert f"befund: re-read 1 of {files} codebook files" in log, log


def test_serve_rebuilds_when_a_site_label_changes(site_copy: Path) -> None:
    labels = site_copy / "labels" / "de.yaml"
    labels.parent.mkdir()
    labels.write_text("page.theory: Theoriebezug\n", "utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/befund-lammers-2026/"
    server = subprocess.Popen(
        [sys.executable, "-m", "befund", "serve", "-f", str(site_copy / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=site_copy, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: "Theoriebezug" in fetch(url), 60), "serve did not come up with the site's label"
        labels.write_text("page.theory: Theorie und Bezüge\n", "utf-8")
        assert wait_for(lambda: "Theorie und Bezüge" in fetch(url), 60), "no rebuild after a label change"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
