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
"""Examples that name ids of another study (a redirect's target must exist): shown, not checked."""


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
