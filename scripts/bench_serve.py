"""Edit-to-rebuilt time of ``befund serve``: how long after saving one quote its page shows the change.

    python scripts/bench_serve.py --runs 5

Copies the site (mkdocs.yml, content/, overrides/, codebook/) into a temporary folder, serves it
with ``befund serve --lang en`` on a free port, waits for the first build, then edits one quote's
English translation in its YAML file again and again, each time measuring from the write to the moment the
page where the quote is interpreted is served with the new words (polled every 20 ms). Prints each
run, the median, and how many codebook files the rebuild read again (from serve's own log line).
The repository's files are never touched.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "content", "overrides", "codebook")
MARKERS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page_of_quote(site: Path, quote_id: str) -> str:
    """The URL path of the page where *quote_id* is interpreted (its permanent home)."""
    from befund.check import Checker
    from befund.siteconfig import read_site
    from befund.targets import build_targets

    checked = Checker().check(read_site(site / "mkdocs.yml").layout)
    assert checked.codebook is not None, "the site does not check"
    src = build_targets(checked.codebook, {})[("quote", quote_id)].src_uri
    return "/" + src.removesuffix("index.md").removesuffix(".md")  # below the address serve announces


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, word: str, limit: float) -> float | None:
    """Seconds until *url* serves *word*, or None after *limit* seconds."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if word in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def served_at(log: list[str], limit: float) -> str | None:
    """The address MkDocs' server announces ("Serving on http://…/path/"), without its final slash."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        for line in list(log):
            found = re.search(r"Serving on (http://\S+?)/?$", line.strip())
            if found:
                return found.group(1)
        time.sleep(0.05)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="edits to time (default: %(default)s)")
    parser.add_argument("--quote", default="GD_02-1", help="the quote to edit (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="befund-serve-bench-") as tmp:
        site = Path(tmp)
        for part in SITE_PARTS:
            source = REPO / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, site / part)
        quote_file = next(p for p in (site / "codebook" / "quotes").glob("*.yaml")
                          if re.search(rf"^\s*- id: {re.escape(args.quote)}\s*$", p.read_text("utf-8"), re.M))
        url = f"http://127.0.0.1:{free_port()}"
        path = page_of_quote(site, args.quote)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen([sys.executable, "-m", "befund", "serve", "-f", str(site / "mkdocs.yml"),
                                   "--lang", "en", "-a", url.removeprefix("http://")],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        log: list[str] = []
        reader = threading.Thread(target=lambda: log.extend(iter(server.stdout.readline, "")),  # type: ignore[union-attr]
                                  daemon=True)
        reader.start()
        try:
            base = served_at(log, 120)
            if base is None or wait_for(f"{base}{path}", args.quote, 60) is None:
                sys.exit("bench_serve: the first build did not finish:\n" + "".join(
                    line for line in log if " code 404" not in line)[-3000:])
            original = quote_file.read_text("utf-8")
            times = []
            for run in range(args.runs):
                word = f"zz{MARKERS[run % len(MARKERS)]}zz"
                edited = re.sub(r'(\n    translation:\n      en: ")', rf"\1{word} ", original, count=1)
                assert edited != original, f"no English translation found in {quote_file.name}"
                time.sleep(0.5)  # the previous rebuild has settled
                quote_file.write_text(edited, "utf-8")
                took = wait_for(f"{base}{path}", word, 60)
                if took is None:
                    sys.exit("bench_serve: the edit never showed:\n" + "".join(log[-30:]))
                times.append(took)
                print(f"run {run + 1}: {took:.2f} s", flush=True)
            reread = [line.strip() for line in log if "re-read" in line]
            print(f"edit to rebuilt page: median {statistics.median(times):.2f} s (min {min(times):.2f}, max "
                  f"{max(times):.2f}) over {len(times)} edits of {quote_file.relative_to(site)}; "
                  f"{os.cpu_count()} cores")
            if reread:
                print(f"serve's log: {reread[-1]}")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
