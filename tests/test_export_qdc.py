"""The REFI-QDA codebook export: valid per Codebook.xsd (checked with the pure-Python xmlschema, which
rejects what lxml lets through), stable GUIDs, colours by branch, descriptions the importer reads back."""

from __future__ import annotations

import copy
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from befund.export.qdc import GUID_ROOT, NAMESPACE, PALETTE, code_guid, to_qdc
from befund.model import Codebook
from befund.validate import load_codebook

from minimal import write_codebook

HERE = Path(__file__).resolve().parent
REFI = HERE / "fixtures" / "refi-qda"
FIXTURE = HERE / "fixtures" / "export" / "codebook"
NS = {"q": NAMESPACE}


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(REFI / "Codebook.xsd"))


@pytest.fixture(scope="module")
def fixture_codebook() -> Codebook:
    result = load_codebook(FIXTURE, FIXTURE.parent)
    assert result.codebook is not None and result.ok
    return result.codebook


@pytest.fixture(scope="module")
def real_codebook() -> Codebook:
    result = load_codebook(HERE.parent / "codebook", HERE.parent)
    assert result.codebook is not None
    return result.codebook


def codes(content: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(content)
    return {code.get("name", ""): code for code in root.iter(f"{{{NAMESPACE}}}Code")}


def test_the_schema_checker_rejects_what_lxml_accepts(xsd: xmlschema.XMLSchema) -> None:
    # why the tests use xmlschema: a colour with alpha is invalid RGBType, and it must be caught
    bad = (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"'
           b' name="x" isCodable="true" color="#FF0000FF"/></Codes></CodeBook>')
    assert not xsd.is_valid(bad)
    assert xsd.is_valid(bad.replace(b"#FF0000FF", b"#FF0000"))
    assert not xsd.is_valid((REFI / "taguette-empty-sets.qdc").read_bytes())  # <Sets/> needs a Set


@pytest.mark.parametrize("lang", ["de", "en"])
def test_exports_are_valid_per_codebook_xsd(xsd: xmlschema.XMLSchema, fixture_codebook: Codebook,
                                            real_codebook: Codebook, lang: str) -> None:
    xsd.validate(to_qdc(fixture_codebook, lang))
    xsd.validate(to_qdc(real_codebook, lang))


def test_every_category_and_dimension_is_a_code_in_its_hierarchy(real_codebook: Codebook) -> None:
    root = ET.fromstring(to_qdc(real_codebook, "de"))
    seen: dict[str, str | None] = {}

    def walk(element: ET.Element, parent: str | None) -> None:
        for code in element.findall("q:Code", NS):
            ident = next(c.id for c in real_codebook.categories.values() if c.label["de"] == code.get("name"))
            seen[ident] = parent
            assert code.get("guid") == code_guid(real_codebook.study.id, ident)
            assert code.get("isCodable") == "true"
            walk(code, ident)

    walk(root.find("q:Codes", NS), None)  # type: ignore[arg-type]
    assert seen == {c.id: c.parent for c in real_codebook.categories.values()}


def test_guids_are_uuid5_of_the_study_and_the_id_and_never_change() -> None:
    assert code_guid("mini", "haupt") == str(uuid.uuid5(uuid.uuid5(GUID_ROOT, "mini"), "haupt"))
    # pinned: a change here changes every GUID befund has ever exported
    assert str(GUID_ROOT) == "222039b0-a9cb-5b00-be51-96cd437842fe"
    assert code_guid("mini", "haupt") == "cbaf6322-57e9-532b-beb1-c768ac31f1d9"


def test_the_same_codebook_exports_the_same_bytes(tmp_path: Path) -> None:
    first = load_codebook(write_codebook(tmp_path / "a"), tmp_path / "a").codebook
    second = load_codebook(write_codebook(tmp_path / "b"), tmp_path / "b").codebook
    assert first is not None and second is not None
    assert to_qdc(first, "de") == to_qdc(second, "de")
    assert to_qdc(first, "de") != to_qdc(first, "en")


def test_colours_follow_the_main_category_and_kept_values_win(fixture_codebook: Codebook) -> None:
    found = codes(to_qdc(fixture_codebook, "de"))
    assert [found[name].get("color") for name in ("Teamarbeit", "Gemeinsam handeln", "Augenhöhe")] == [PALETTE[0]] * 3
    assert found["Grenzen"].get("color") == PALETTE[1]
    assert found["Aufgabentrennung"].get("color") == "#1A2B3C"  # kept in the category file
    assert found["Aufgabentrennung"].get("guid") == "{5C0A6B3E-2F4D-4E7A-9B1C-0D2E3F405162}"
    plain = copy.deepcopy(fixture_codebook)
    for node in plain.categories.values():
        node.guid = node.color = None
    without = codes(to_qdc(plain, "de"))
    assert without["Aufgabentrennung"].get("color") == PALETTE[1]
    assert without["Aufgabentrennung"].get("guid") == code_guid("export-test", "trennung")


def test_a_guid_kept_twice_is_exported_once(fixture_codebook: Codebook) -> None:
    copied = copy.deepcopy(fixture_codebook)
    for ident in ("trennung", "zustaendigkeit"):  # a copied category file keeps the other's GUID
        copied.categories[ident].guid = "11111111-2222-4333-8444-555555555555"
    found = codes(to_qdc(copied, "de"))
    assert found["Aufgabentrennung"].get("guid") == "11111111-2222-4333-8444-555555555555"
    assert found["Zuständigkeit, klar"].get("guid") == code_guid("export-test", "zustaendigkeit")


def test_descriptions_have_labelled_sections_with_the_key_quote(fixture_codebook: Codebook) -> None:
    found = codes(to_qdc(fixture_codebook, "en"))
    description = found["An equal footing"].findtext("q:Description", namespaces=NS)
    assert description == ("Definition: The editors read equal standing here.\n\nBasis: editors\n\n"
                           "Anchor example: “On an equal footing – that is how we see it.” "
                           "(GD_01-1, translated by the editors)")
    assert found["Boundaries"].findtext("q:Description", namespaces=NS) == (
        "Definition: Where responsibilities end.\n\nBasis: editors")
