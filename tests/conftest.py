from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """befund's user cache (compiled templates, parsed codebooks) inside the test session, not in
    ~/.cache: hundreds of temporary sites would each leave their parsed codebook there."""
    folder = tmp_path_factory.mktemp("befund-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BEFUND_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def copy_site(target: Path) -> Path:
    """A private copy of the study's site sources (never the repository itself)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("codebook", "content", "overrides"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "site-src")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real study site, built once per test session with befund's strict build."""
    from befund.build import build_site

    out = tmp_path_factory.mktemp("built") / "site"
    build_site(REPO / "mkdocs.yml", out)
    return out
