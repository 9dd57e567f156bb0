"""Package hygiene: befund's wheel, installed into a fresh virtualenv outside the checkout, starts, checks,
builds and publishes a site (templates, labels, schemas, theme and scaffold included), through the very
commands a new site's README and publishing workflows use."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from befund import __version__

from test_scaffold import readme_commands

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.wheel


def sh(command: list[str] | str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, shell=isinstance(command, str),
                          executable="/bin/bash" if isinstance(command, str) else None)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the fresh virtualenv, the folder holding befund's wheel), built from a copy of the sources."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so building writes nothing into the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = work / "wheels"
    sh([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet", "-w", str(wheels)], cwd=work)
    venv = work / "venv"
    sh([sys.executable, "-m", "venv", str(venv)], cwd=work)
    wheel = next(wheels.glob("befund-*.whl"))
    sh([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], cwd=work)
    return venv, wheels


def test_the_wheel_holds_one_version_a_licence_and_every_data_file(installed: tuple[Path, Path]) -> None:
    venv, wheels = installed
    assert next(wheels.glob("befund-*.whl")).name == f"befund-{__version__}-py3-none-any.whl"
    assert sh([str(venv / "bin" / "befund"), "--version"], cwd=venv).strip() == f"befund, version {__version__}"
    where = "import befund, pathlib; print(pathlib.Path(befund.__file__).parent)"
    package = Path(sh([str(venv / "bin" / "python"), "-c", where], cwd=venv).strip())
    assert package.is_relative_to(venv)  # the installed copy, not the checkout
    for pattern in ("schema/*.schema.json", "templates/pages/*.md.j2", "labels/*.yaml", "theme/404.html",
                    "theme/assets/befund/*.js", "anon/words/*.txt", "scaffold/files/codebook/*.j2",
                    "scaffold/texts/*.yaml", "scaffold/labels/fr.yaml"):
        assert list(package.glob(pattern)), pattern
    licence = list(venv.glob("lib/python*/site-packages/befund-*.dist-info/licenses/LICENSE"))
    assert licence and "MIT License" in licence[0].read_text("utf-8")


def test_a_new_site_is_published_with_the_readme_commands(installed: tuple[Path, Path], tmp_path: Path) -> None:
    venv, wheels = installed
    bin_dir = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "SOURCE_DATE_EPOCH")}
    env |= {"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "PIP_FIND_LINKS": str(wheels),
            "SITE_URL": "https://team.github.io/study/", "NO_MKDOCS_2_WARNING": "1"}
    sh(["befund", "init", "study", "--languages", "de,en,fr"], cwd=tmp_path, env=env)
    site = tmp_path / "study"
    git = ["git", "-c", "user.name=Team", "-c", "user.email=team@befund.invalid"]
    sh(["git", "init", "--quiet"], cwd=site)
    sh([*git, "add", "."], cwd=site)
    sh([*git, "commit", "--quiet", "-m", "befund init", "--date", "2026-03-01T12:00:00Z"], cwd=site,
       env=env | {"GIT_COMMITTER_DATE": "2026-03-01T12:00:00Z"})
    commands = readme_commands((site / "README.md").read_text("utf-8"))
    sh("set -euo pipefail\n" + "\n".join(commands), cwd=site, env=env)  # what the workflows run, as written
    public = site / "public"
    home = (public / "fr" / "index.html").read_text("utf-8")
    assert '<html lang="fr"' in home and "Toutes les citations" in home
    assert '<link rel="canonical" href="https://team.github.io/study/fr/">' in home
    assert b"<lastmod>2026-03-01</lastmod>" in (public / "sitemap.xml").read_bytes()  # SOURCE_DATE_EPOCH: the commit
    assert (public / "en" / "categories" / "first-category" / "index.html").is_file()
    # the MkDocs plugin is registered too: a plain mkdocs build of the default language
    sh(["mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "plain")], cwd=site, env=env)
    assert '<html lang="de"' in (tmp_path / "plain" / "index.html").read_text("utf-8")
