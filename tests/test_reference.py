"""The codebook reference: generated from the schemas, complete, with examples, deterministic, built."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from befund.kinds import FILE_KINDS
from befund.load import parse_text
from befund.reference import reference_markdown
from befund.samples import shorten
from befund.schema import check_document, load_schema

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


@pytest.fixture(scope="module")
def reference() -> str:
    return reference_markdown(codebook=REPO / "codebook")


@pytest.fixture(scope="module")
def scaffold_reference() -> str:
    return reference_markdown()


# -- an independent walk of the schemas ---------------------------------------------------------------
def inline_fields(node: dict[str, Any], path: str = "") -> Iterator[str]:
    """Dotted paths of every field a schema writes out itself (not behind a $ref)."""
    for name, sub in node.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        yield here
        yield from inline_fields(sub, here)
        if isinstance(sub.get("items"), dict):
            yield from inline_fields(sub["items"], here + "[]")


def definition_fields(node: dict[str, Any]) -> Iterator[str]:
    """Field names of a shared definition (of its entries, for a list)."""
    for part in (node, node.get("items", {})):
        yield from part.get("properties", {})
        if part.get("patternProperties"):
            yield "<language>"


def section(text: str, heading: str) -> str:
    """From the heading line that starts with *heading* to the next heading of the same level."""
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}")
    ends = [text.find(f"\n{marker} ", start + 1) for marker in ("#" * n for n in range(1, len(level) + 1))]
    ends = [end for end in ends if end != -1]
    return text[start:min(ends)] if ends else text[start:]


def test_every_field_of_every_file_kind_is_in_its_section(reference: str) -> None:
    for kind in FILE_KINDS:
        own = section(reference, f"## {kind.name}:")
        missing = [path for path in inline_fields(load_schema(kind.schema)) if f"| `{path}` |" not in own]
        assert missing == [], f"{kind.name}: {missing}"


def test_every_shared_definition_and_its_fields_are_explained(reference: str) -> None:
    types = section(reference, "## Shared value types")
    for name, node in load_schema("defs")["$defs"].items():
        own = section(types, f"### {name} ")
        missing = [field for field in definition_fields(node) if f"| `{field}` |" not in own]
        assert missing == [], f"{name}: {missing}"


def test_fields_named_by_a_record_are_opened_up_where_used(reference: str) -> None:
    quotes = section(reference, "## quotes:")
    for path in ("quotes[].codings[].id", "quotes[].codings[].basis", "quotes[].acknowledge[].reason"):
        assert f"| `{path}` |" in quotes
    recommendations = section(reference, "## recommendations:")
    assert "| `recommendations[].questions[].categories` |" in recommendations


def test_every_described_field_shows_its_description(reference: str) -> None:
    schema = load_schema("quotes")
    original = schema["properties"]["quotes"]["items"]["properties"]["original"]["description"]
    assert original in section(reference, "## quotes:")


def test_rows_say_type_requirement_rules_and_example_in_words(scaffold_reference: str) -> None:
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in scaffold_reference.splitlines()
            if line.startswith("| `")}
    assert rows["`quotes[].order`"] == (
        "| `quotes[].order` | integer | optional | at least 1 | Position of the passage among the quotes the "
        "article cites (1 = the first): quotes appear in this order. | `1` |")
    assert rows["`parent`"].startswith("| `parent` | [id](#type-id) or empty (null) | required | — |")
    assert rows["`languages`"].startswith(
        "| `languages` | list of language codes | required | at least 1 entry; each at most once; each: a language "
        "code such as `de`, `en` or `pt-BR` |")
    assert rows["`summary`"].startswith(
        "| `summary` | [interpretive text: basis + text per language](#type-interpretation) | required |")
    assert "| `references[].type` | choice | required | `article-journal`, `book`, `chapter`, `report`, `webpage` |" \
        in scaffold_reference
    assert "| `quotes[].codings` | [list of codings](#quotes-quotes-codings) | required | at least 1 entry |" \
        in scaffold_reference


@pytest.mark.parametrize("which", ["study", "scaffold"])
def test_each_file_kind_has_an_example_file_its_schema_accepts(which: str, reference: str,
                                                               scaffold_reference: str) -> None:
    text = reference if which == "study" else scaffold_reference
    for kind in FILE_KINDS:
        example = section(section(text, f"## {kind.name}:"), "### Example")
        found = re.search(r"```yaml\n(.*?)```", example, re.DOTALL)
        assert found is not None, kind.name
        doc, problems = parse_text(found.group(1), Path("example.yaml"), "example.yaml")
        assert doc is not None and problems == []
        assert [p.format() for p in check_document(doc, kind.schema)] == [], kind.name


def test_every_field_row_has_an_example(reference: str) -> None:
    for line in reference.splitlines():
        if line.startswith("| `") and line.count(" | ") == 5:  # field tables of file kinds have 6 columns
            assert line.rsplit(" | ", 1)[1].strip(" |"), line


def test_examples_come_from_the_study_where_it_has_them(reference: str) -> None:
    assert "Examples are taken from the codebook of Lammers (2026)," in reference
    assert "That codebook's content is licensed CC-BY-4.0." in reference
    assert "| `source.id` | [id](#type-id) | required |" in reference
    assert "`GD_02` |" in reference  # the first source file of the study


def test_internal_links_point_at_headings(reference: str) -> None:
    ids = set(re.findall(r"\{#([a-z0-9-]+)\}", reference))
    links = set(re.findall(r"\]\(#([a-z0-9-]+)\)", reference))
    assert links - ids == set()
    assert len(re.findall(r"\{#([a-z0-9-]+)\}", reference)) == len(ids), "heading ids must be unique"


def test_reference_is_deterministic(reference: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert reference_markdown(codebook=REPO / "codebook") == reference
    assert reference_markdown() == reference_markdown()


def test_only_english_is_written() -> None:
    with pytest.raises(ValueError, match="written in en, not 'fr'"):
        reference_markdown("fr")


def test_shorten_cuts_texts_at_words_and_never_inside_a_link() -> None:
    assert shorten("kurz", 10) == "kurz"
    assert shorten("eins zwei drei vier", 10) == "eins zwei …"
    assert shorten("siehe [[quote:IN_01-1]] dort", 15) == "siehe …"
    assert shorten("erste Zeile\nzweite Zeile", 40) == "erste Zeile …"
    assert shorten("https://example.org/a/very/long/address", 10) == "https://example.org/a/very/long/address"
    assert shorten(["a", "b", "c"], 10) == ["a", "b", "…"]


# -- the documentation site -----------------------------------------------------------------------------
def build_docs(source: Path, out: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(source / "mkdocs.yml"), site_dir=str(out), strict=True)
    build(config)


def test_the_reference_is_never_a_file_kept_by_hand() -> None:
    assert not (DOCS / "manual" / "reference.md").exists()


def test_docs_site_builds_strictly_with_the_generated_reference(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    build_docs(DOCS, out)
    page = (out / "reference" / "index.html").read_text("utf-8")
    for kind in FILE_KINDS:
        for path in inline_fields(load_schema(kind.schema)):
            assert f"<code>{html.escape(path, quote=False)}</code>" in page, path
    assert 'id="type-interpretation"' in page
    for guide in ("categories-and-quotes", "basis-and-provenance", "translating", "anonymising", "citing",
                  "renaming-ids", "importing-from-qda"):
        assert (out / "guides" / guide / "index.html").is_file()
    loaded = {m for p in out.rglob("*.html") for m in re.findall(r'src="(https?://[^"]+)', p.read_text("utf-8"))}
    assert loaded == set(), "the documentation loads nothing from other hosts"


def test_docs_build_refuses_a_reference_page_kept_by_hand(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    source = tmp_path / "docs"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("ids.md", "__pycache__"))
    (source / "manual" / "reference.md").write_text("# kept by hand\n", "utf-8")
    with pytest.raises(Abort):
        build_docs(source, tmp_path / "out")
    assert "reference.md is generated from befund's JSON Schemas: remove " in caplog.text
