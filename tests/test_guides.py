"""The documentation's guides: every file example is real syntax that `befund check` accepts.

Each code block with a ``title="path"`` is a file of a befund site. The blocks of one guide are
written into a fresh ``befund init`` site together, and the site must check without any problem.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from befund.anon import RULES
from befund.cli import main
from befund.kinds import FILE_KINDS
from befund.scaffold import create_site

GUIDES = Path(__file__).resolve().parent.parent / "docs" / "manual" / "guides"
FENCE = re.compile(r'^```(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^```$', re.MULTILINE | re.DOTALL)
VERIFY = "<!-- befund: verify against the implementation -->"
UNCHECKED = {"codebook/redirects.yaml"}
"""Examples that name ids of another study (a redirect's target must exist): checked with ids of a
fresh site by test_the_renaming_guide_works_as_written."""


def blocks(page: Path) -> list[tuple[str, str | None, str]]:
    """(language, title, text) of every fenced code block of *page*."""
    return [(m["lang"], m["title"], m["body"]) for m in FENCE.finditer(page.read_text("utf-8"))]


def guides() -> list[Path]:
    return sorted(GUIDES.glob("*.md"))


def known_file(title: str) -> bool:
    """Whether befund reads a file at *title* (relative to the site's folder)."""
    if title.startswith("codebook/"):
        rel = title.removeprefix("codebook/")
        return any(rel == k.location or (k.is_folder and rel.startswith(k.location)) for k in FILE_KINDS)
    return title.startswith("content/") or title == "sensitive-terms.txt"


def test_there_are_guides_with_checked_examples() -> None:
    names = {page.stem for page in guides()}
    assert {"categories-and-quotes", "basis-and-provenance", "translating", "anonymising", "citing",
            "renaming-ids", "importing-from-qda"} <= names
    checked = {page.stem for page in guides() if any(title for _, title, _ in blocks(page))}
    assert {"categories-and-quotes", "basis-and-provenance", "translating", "anonymising", "citing"} <= checked


@pytest.mark.parametrize("page", guides(), ids=lambda p: p.stem)
def test_every_yaml_example_names_its_file(page: Path) -> None:
    untitled = [body.splitlines()[0] for lang, title, body in blocks(page) if lang == "yaml" and not title]
    assert untitled == [], f"{page.name}: a YAML example without title=\"codebook/…\" cannot be checked"


@pytest.mark.parametrize("page", guides(), ids=lambda p: p.stem)
def test_examples_pass_befund_check(page: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    create_site(site)
    fresh = CliRunner().invoke(main, ["check", str(site)], catch_exceptions=False).output
    written = []
    for _, title, body in blocks(page):
        if title is None:
            continue
        if title in UNCHECKED:
            continue
        assert known_file(title), f"{page.name}: befund does not read {title}"
        (site / title).parent.mkdir(parents=True, exist_ok=True)
        (site / title).write_text(body, "utf-8")
        written.append(title)
    result = CliRunner().invoke(main, ["check", str(site)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == fresh, written  # no problem but the new site's own (its placeholder site_url)


def test_no_guide_describes_a_feature_that_does_not_exist_yet() -> None:
    assert [page.name for page in guides() if page.read_text("utf-8").startswith(VERIFY)] == []


def test_anonymising_guide_names_every_rule() -> None:
    text = (GUIDES / "anonymising.md").read_text("utf-8")
    assert [rule.name for rule in RULES if f"`{rule.name}`" not in text] == []


def test_the_renaming_guide_works_as_written(tmp_path: Path) -> None:
    """Lock, rename a dimension, read the error the guide quotes, add the redirect as the guide
    writes it (its ids swapped for the new site's), and check clean again."""
    page = GUIDES / "renaming-ids.md"
    text = " ".join(page.read_text("utf-8").split())  # the guide's lines wrap inside the quoted error
    site = tmp_path / "site"
    create_site(site)
    run = CliRunner().invoke
    fresh = run(main, ["check", str(site)], catch_exceptions=False).output
    assert run(main, ["lock", str(site)], catch_exceptions=False).exit_code == 0
    category = site / "codebook" / "categories" / "first-category.yaml"
    category.write_text(category.read_text("utf-8").replace("id: first-dimension", "id: renamed-dimension"), "utf-8")
    result = run(main, ["check", str(site)], catch_exceptions=False)  # step 2: every place naming the old id
    assert result.exit_code == 1 and "'first-dimension'" in result.output
    for file in (site / "codebook").rglob("*.yaml"):
        file.write_text(re.sub(r"(?<![\w-])first-dimension(?![\w-])", "renamed-dimension", file.read_text("utf-8")),
                        "utf-8")
    result = run(main, ["check", str(site)], catch_exceptions=False)
    assert result.exit_code == 1
    quoted = re.search(r"`(permalinks\.lock:\d+:\d+: error\[permalink-gone\]: the published address) de "
                       r"/categories/x/#vertrauen( no longer exists)`", text)
    assert quoted, "the guide no longer quotes the error"
    gone = [line for line in result.output.splitlines() if "permalink-gone" in line]
    assert gone and all(re.search(r"permalinks\.lock:\d+:\d+: error\[permalink-gone\]: the published address "
                                  r"\w+ /\S*#first-dimension no longer exists", line) for line in gone), gone
    assert "{from: first-dimension, to: renamed-dimension}" in gone[0]  # the entry the guide says check suggests
    [example] = [body for _, title, body in blocks(page) if title == "codebook/redirects.yaml"]
    assert "{from: vertrauen, to: vertrauensaufbau}" in example
    redirects = example.replace("vertrauensaufbau", "renamed-dimension").replace("vertrauen", "first-dimension")
    (site / "codebook" / "redirects.yaml").write_text(redirects, "utf-8")
    result = run(main, ["check", str(site)], catch_exceptions=False)
    assert result.exit_code == 0 and result.output == fresh, result.output
