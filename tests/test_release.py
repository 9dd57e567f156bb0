"""Publishing: a placeholder site_url is a check warning that builds explain and a release refuses."""

from __future__ import annotations

import datetime
import gzip
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from befund.build import BuildError, build_site
from befund.cli import main
from befund.siteconfig import placeholder_site_url

from minimal import every_file, mkdocs_yml, write_codebook

BREAKS = ("canonical links, hreflang alternates and sitemap.xml point to it; 'cite this page', the QR codes and "
          "the addresses on printed pages name it; and the 404 page loads its styles and links from its path")


def make_site(root: Path, url: str) -> Path:
    write_codebook(root)
    (root / "mkdocs.yml").write_text(mkdocs_yml(url=url or None), "utf-8")
    for lang in ("de", "en"):
        (root / "content" / lang).mkdir(parents=True, exist_ok=True)
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("url, placeholder", [
    ("https://example.org/study/", True), ("https://www.example.com/", True), ("http://example.net", True),
    ("http://localhost:8000/", True), ("http://127.0.0.1:8000/", True), ("http://[::1]/", True),
    ("https://study.test/", True), ("", True), (None, True),
    ("https://team.github.io/study/", False), ("https://group.gitlab.io/study/", False),
    ("https://www.uni-beispiel.de/befund/", False), ("https://examples.org/", False),
])
def test_what_counts_as_a_placeholder(url: str | None, placeholder: bool) -> None:
    assert (placeholder_site_url(url) is not None) == placeholder


def test_check_warns_about_a_placeholder_and_says_what_it_breaks(tmp_path: Path) -> None:
    make_site(tmp_path, "https://example.org/mini/")
    result = run("check", str(tmp_path))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "mkdocs.yml:2: warning[placeholder-site-url]: site_url https://example.org/mini/ is a placeholder "
        f"(example.org is reserved for examples or this machine): {BREAKS} (set site_url to the address the site "
        "will be published at, or pass it to 'befund build --release --site-url URL'; fine for previews, "
        "'befund build --release' refuses it)",
        "befund: 0 errors, 1 warning"]
    release = run("check", str(tmp_path), "--release")
    assert release.exit_code == 1
    assert "error[placeholder-site-url]" in release.output and release.output.endswith("befund: 1 error, 0 warnings\n")


def test_check_warns_when_there_is_no_site_url(tmp_path: Path) -> None:
    make_site(tmp_path, "")
    result = run("check", str(tmp_path))
    assert (result.exit_code, result.output.splitlines()[0]) == (
        0, f"mkdocs.yml: warning[placeholder-site-url]: no site_url is set: {BREAKS} (set site_url to the address "
           "the site will be published at, or pass it to 'befund build --release --site-url URL'; fine for "
           "previews, 'befund build --release' refuses it)")


def test_a_real_address_is_no_problem(tmp_path: Path) -> None:
    make_site(tmp_path, "https://team.github.io/mini/")
    assert run("check", str(tmp_path), "--release").output == "befund: no problems found\n"


def test_a_strict_build_says_what_a_placeholder_breaks_and_builds(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    make_site(tmp_path, "https://example.org/mini/")
    with caplog.at_level(logging.INFO, logger="befund"):
        assert build_site(tmp_path / "mkdocs.yml", tmp_path / "site") == ["de", "en"]  # strict, as befund build
    said = [r.getMessage() for r in caplog.records if "placeholder" in r.getMessage()]
    assert said == [f"befund: site_url https://example.org/mini/ is a placeholder (example.org is reserved for "
                    f"examples or this machine), fine for a preview; in this build {BREAKS}. 'befund build "
                    "--release' refuses it"]


def test_a_release_refuses_a_placeholder_and_writes_nothing(tmp_path: Path) -> None:
    make_site(tmp_path, "https://example.org/mini/")
    result = run("build", "-f", str(tmp_path / "mkdocs.yml"), "--release")
    assert result.exit_code == 1
    assert result.output.startswith("befund: --release: site_url https://example.org/mini/ is a placeholder")
    assert result.output.rstrip().endswith("Set site_url in mkdocs.yml to the address the site will be published at, "
                                           "or pass --site-url URL")
    assert not (tmp_path / "site").exists()
    with pytest.raises(BuildError, match="no site_url is set"):
        build_site(tmp_path / "mkdocs.yml", tmp_path / "site", site_url="", release=True)


def test_a_release_with_the_address_given_builds(tmp_path: Path) -> None:
    make_site(tmp_path, "https://example.org/mini/")
    result = run("build", "-f", str(tmp_path / "mkdocs.yml"), "--release", "--site-url", "https://team.github.io/mini")
    assert result.exit_code == 0, result.output
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://team.github.io/mini/">' in home
    assert "example.org" not in home
    assert run("build", "-f", str(tmp_path / "mkdocs.yml"), "--release", "--no-strict").exit_code == 2


# -- reproducible builds ------------------------------------------------------------------------------
EPOCH = "1709208000"
"""SOURCE_DATE_EPOCH of the builds below: 2024-02-29 12:00 UTC, a date no test run has as its own."""


def build_in_subprocess(site: Path, hash_seed: str) -> Path:
    """``befund build`` in a fresh interpreter (its own hash seed, so set order differs), *site* as cwd."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED=hash_seed, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "befund", "build"], cwd=site, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return site / "site"


def test_the_same_input_builds_the_same_bytes(tmp_path: Path) -> None:
    first = tmp_path / "first" / "study"
    assert run("init", str(first), "--languages", "de,en,fr").exit_code == 0
    second = tmp_path / "elsewhere" / "later" / "study"
    shutil.copytree(first, second)
    one = every_file(build_in_subprocess(first, "1"))
    time.sleep(1.1)  # a later second: gzip and file times would differ if the clock got in
    two = every_file(build_in_subprocess(second, "2"))
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert "sitemap.xml.gz" in one and "fr/search/search_index.json" in one and "downloads/codebook.qdc" in one
    for name, content in one.items():  # nothing of where or when it was built
        assert str(tmp_path).encode() not in content, name
    assert gzip.decompress(one["sitemap.xml.gz"]) == one["sitemap.xml"]
    assert int.from_bytes(one["sitemap.xml.gz"][4:8], "little") == 1709164800  # gzip mtime: the day of the epoch
    assert b"<lastmod>2024-02-29</lastmod>" in one["sitemap.xml"]
    assert "2024-02-29" in one["fr/about/index.html"].decode() and str(datetime.date.today()) not in \
        one["fr/about/index.html"].decode()


@pytest.mark.parametrize("url, home", [("https://team.github.io/mini/", "/mini/"),
                                       ("https://mini.befund-tests.net/", "/")])
def test_the_404_page_links_home_by_the_path_of_site_url(tmp_path: Path, url: str, home: str) -> None:
    make_site(tmp_path, url)
    build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    for lang, root in (("de", home), ("en", f"{home}en/")):
        page = (tmp_path / "site" / ("" if lang == "de" else "en") / "404.html").read_text("utf-8")
        assert f'<li><a href="{root}">' in page, lang
        assert f'<a href="{root}quotes/">' in page, lang
        assert 'href="//' not in page and 'src="//' not in page, lang  # never a protocol-relative address
        assert f'href="{home}assets/stylesheets/' in page or f'href="{root}assets/stylesheets/' in page
