"""The benchmark scripts run and report what README's performance section quotes (their numbers are
not judged here: performance is measured by the scripts, never by a timed test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KEYS = {"size", "check_s", "check_cold_s", "render_s", "build_s", "plain_build_s", "peak_rss_mb", "search_index_bytes",
        "plain_search_index_bytes", "own_share", "build_vs_plain"}


def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "scripts" / name), *args], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)


def test_bench_measures_the_real_study_and_a_grown_one_against_plain_mkdocs(tmp_path: Path) -> None:
    done = script("bench.py", "--sizes", "real,60", "--runs", "1", "--work", str(tmp_path), "--json",
                  str(tmp_path / "bench.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tmp_path / "bench.json").read_text("utf-8"))
    assert [r["size"] for r in results] == ["real", "60"]
    assert results[1]["quotes"] == 60
    for result in results:
        assert set(result) >= KEYS, KEYS - set(result)
        assert all(result[key] > 0 for key in KEYS - {"size"}), result
        assert result["plain_mode"] == "parallel"
    assert "| real |" in done.stdout and "c/d" in done.stdout
    assert not (REPO / "build" / "bench" / "60").exists() or (tmp_path / "60").is_dir()  # --work was used
    assert any((tmp_path / "cache" / "codebook").iterdir())  # befund's cache, the benchmark's own
    for quotes in (REPO / "codebook" / "quotes").glob("*.yaml"):  # the "saved" quote file is put back
        assert (tmp_path / "real" / "codebook" / "quotes" / quotes.name).read_bytes() == quotes.read_bytes()


def test_bench_serve_times_an_edit_until_its_page_is_served() -> None:
    done = script("bench_serve.py", "--runs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "edit to rebuilt page: median" in done.stdout
    assert "re-read 1 of" in done.stdout  # only the edited file was read again
