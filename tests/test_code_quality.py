"""The code stays ruff- and mypy-clean (configuration in pyproject.toml)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def test_ruff() -> None:
    result = subprocess.run([tool("ruff"), "check", "src", "tests", "scripts"], cwd=REPO, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = subprocess.run([tool("mypy")], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


CORE = ("model", "load", "kinds", "collect", "convert", "crosscheck", "validate", "schema", "links", "mdext",
        "safety", "targets", "pages", "prose", "check", "resolve", "publish", "alternates", "problems", "anon",
        "render", "cite", "nav", "scaffold", "templatecache", "usercache", "parsecache", "gcpause", "export")
"""The core: it must not import MkDocs or click, so another host can follow Material's end of life."""


def test_the_core_imports_neither_mkdocs_nor_click() -> None:
    for name in CORE:
        path = REPO / "src" / "befund" / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
        for file in files:
            text = file.read_text("utf-8")
            assert not re.search(r"^\s*(from|import) (mkdocs|click)\b", text, re.MULTILINE), file


def test_no_module_is_a_god_module() -> None:
    """STYLE.md: modules under ~300 lines; one responsibility each."""
    too_long = {f.relative_to(REPO).as_posix(): n for f in (REPO / "src").rglob("*.py")
                if (n := len(f.read_text("utf-8").splitlines())) > 320}
    assert too_long == {}
