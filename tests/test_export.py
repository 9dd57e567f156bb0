"""befund.export: every download format against its golden file, and what each format promises.

The golden files in tests/golden/export/ are built from tests/fixtures/export/codebook. After an
intended change, regenerate them and review the diff before committing:

    BEFUND_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export.py
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from befund import __version__
from befund.export import FORMATS, downloads
from befund.export.csv_export import BOM
from befund.export.plaintext import plain_text
from befund.export.qdc_sections import compose, parse, parse_basis
from befund.model import Basis, Codebook
from befund.validate import load_codebook

from minimal import write_codebook

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "export" / "codebook"
GOLDEN = HERE / "golden" / "export"
REGENERATE = os.environ.get("BEFUND_REGENERATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    result = load_codebook(FIXTURE, FIXTURE.parent)
    assert result.ok, [p.format() for p in result.problems]
    assert result.codebook is not None
    return result.codebook


def golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(content)
    assert path.is_file(), f"{path} is missing: run with BEFUND_REGENERATE_GOLDEN=1"
    assert content.decode("utf-8") == path.read_bytes().decode("utf-8")  # bytes: CSV line ends are CRLF


def without_version(content: bytes) -> bytes:
    """The .qdc names befund's version; the golden file does not, so a release does not change it."""
    return content.replace(f'origin="befund {__version__}"'.encode(), b'origin="befund VERSION"')


@pytest.mark.parametrize("fmt", ["csv", "json", "bibtex", "ris"])
def test_language_independent_formats_match_their_golden_files(codebook: Codebook, fmt: str) -> None:
    files = FORMATS[fmt](codebook, "de")
    assert tuple(files) == FORMATS[fmt].files
    assert FORMATS[fmt](codebook, "en") == files
    for name, content in files.items():
        golden(name, content)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_qdc_matches_its_golden_file_in_each_language(codebook: Codebook, lang: str) -> None:
    files = FORMATS["qdc"](codebook, lang)
    golden(f"codebook-{lang}.qdc", without_version(files["codebook.qdc"]))


def test_downloads_give_every_file_in_table_order(codebook: Codebook) -> None:
    files = downloads(codebook, "en")
    assert list(files) == [name for fmt in FORMATS.values() for name in fmt.files]
    assert files["codebook.qdc"] == FORMATS["qdc"](codebook, "en")["codebook.qdc"]
    assert downloads(codebook, "en") == files  # deterministic


def test_a_codebook_without_references_has_no_bibliography_downloads(tmp_path: Path) -> None:
    write_codebook(tmp_path, concepts_yaml="concepts:\n  - id: theorie\n    label: {de: T, en: T}\n"
                                           "    summary: {basis: editors, de: T., en: T.}\n")
    (tmp_path / "codebook" / "references.yaml").unlink()
    result = load_codebook(tmp_path / "codebook", tmp_path)
    assert result.codebook is not None and result.ok
    assert set(downloads(result.codebook, "de")) == {"categories.csv", "quotes.csv", "codebook.json",
                                                       "codebook.schema.json", "codebook.qdc"}


# -- CSV -----------------------------------------------------------------------------------------------------

def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_has_a_bom_crlf_and_one_column_per_language(codebook: Codebook) -> None:
    files = FORMATS["csv"](codebook, "de")
    for content in files.values():
        assert content.startswith(BOM.encode()) and b"\r\n" in content
    categories = rows(files["categories.csv"])
    assert [r["id"] for r in categories] == ["teamarbeit", "gemeinsam", "augenhoehe", "grenzen", "trennung",
                                            "zustaendigkeit"]
    team = categories[0]
    assert (team["label_de"], team["label_en"], team["basis"], team["basis_section"]) == (
        "Teamarbeit", "Teamwork", "article", "5.1")
    assert (team["description_basis"], team["quotes_direct"], team["quotes_total"], team["sources_total"]) == (
        "editors", "0", "2", "2")
    assert "[[quote:IN_01-1]]" in team["description_de"]  # texts stay as the codebook writes them
    assert categories[2]["quotes_direct"] == "2"


def test_quote_csv_lists_codings_with_their_basis_in_article_order(codebook: Codebook) -> None:
    quotes = rows(FORMATS["csv"](codebook, "de")["quotes.csv"])
    assert [q["id"] for q in quotes] == ["IN_01-1", "GD_01-1", "IN_01-2"]
    first = quotes[0]
    assert first == {"id": "IN_01-1", "source": "IN_01", "source_type": "IN", "order": "1", "section": "5.1",
                     "primary_coding": "gemeinsam", "codings": "gemeinsam:article; augenhoehe:editors",
                     "original_de": 'Wir sind ein Team, "ganz ehrlich" [MA].',
                     "translation_en": 'We are a team, "honestly" [MA].'}
    assert quotes[2]["original_de"] == "Das ist deren Sache.\nNicht meine."


# -- JSON ----------------------------------------------------------------------------------------------------

def test_json_validates_against_its_own_schema(codebook: Codebook) -> None:
    files = FORMATS["json"](codebook, "de")
    data, schema = json.loads(files["codebook.json"]), json.loads(files["codebook.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["$schema"] == "codebook.schema.json" and data["format"] == "befund-codebook"
    assert [c["id"] for c in data["categories"]] == sorted(c["id"] for c in data["categories"])
    team = next(c for c in data["categories"] if c["id"] == "teamarbeit")
    assert team["summary"]["basis"] == {"kind": "article", "section": "5.1"}
    assert "origin" not in team and "texts" not in data
    broken = json.loads(files["codebook.json"])
    broken["quotes"][0]["codings"][0]["basis"]["kind"] = "hearsay"
    with pytest.raises(jsonschema.ValidationError, match="hearsay"):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_the_real_codebook_exports_valid_json() -> None:
    result = load_codebook(HERE.parent / "codebook", HERE.parent)
    assert result.codebook is not None
    files = FORMATS["json"](result.codebook, "de")
    jsonschema.validate(json.loads(files["codebook.json"]), json.loads(files["codebook.schema.json"]),
                        cls=jsonschema.Draft202012Validator)


# -- plain text and description sections ---------------------------------------------------------------------

def test_links_become_the_words_a_reader_sees(codebook: Codebook) -> None:
    text = codebook.categories["teamarbeit"].description["en"]
    assert plain_text(text, codebook, "en") == (
        "The article calls it working together auf Augenhöhe (IN_01-1), in the sense of the Boundary work and "
        "with reference to Allen 2000, page 3; opposite: Separating tasks.\n\n"
        "A second paragraph with “quotation marks”, a comma, and *emphasis*.")


def test_description_sections_read_back_as_written() -> None:
    text = compose([("definition", "Kurz."), ("description", "Lang.\n\nNoch mehr: ja."), ("basis", "Artikel, "
                    "Abschnitt 5.2.1"), ("anchor", "„Zitat“ (IN_01-1)")], "de")
    assert text == ("Definition: Kurz.\n\nBeschreibung: Lang.\n\nNoch mehr: ja.\n\nGrundlage: Artikel, Abschnitt "
                    "5.2.1\n\nAnkerbeispiel: „Zitat“ (IN_01-1)")
    preamble, sections = parse(text)
    assert preamble == "" and [key for key, _ in sections] == ["definition", "description", "basis", "anchor"]
    assert sections[1] == ("description", "Lang.\n\nNoch mehr: ja.")
    assert parse_basis(sections[2][1]) == Basis("article", "5.2.1")
    assert parse_basis("editors") == Basis("editors") and parse_basis("someone") is None


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_the_codebook_json_is_written_as_pythons_json_writes_it(value: object) -> None:
    """The JSON download is indented by two, keys sorted, any character as it is (control characters
    escaped), byte for byte as ``json.dumps`` writes it: the format researchers' tools were tested on."""
    from befund.export.json_export import _dump

    expected = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert _dump(value) == expected.encode("utf-8")
