"""befund import-qdc's library side: REFI-QDA codebooks as QDA programs write them → a codebook skeleton.

Fixtures in tests/fixtures/refi-qda/ (each file's first comment says whose shape it has): one per
program, one per way real exports deviate from the standard, and files that must be refused.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from befund.export import FORMATS, downloads
from befund.model import Codebook
from befund.problems import Problem
from befund.qdc_import import ImportedCodebook, read_qdc, slug, split_description, write_skeleton
from befund.validate import load_codebook

from minimal import mkdocs_yml

HERE = Path(__file__).resolve().parent
REFI = HERE / "fixtures" / "refi-qda"
TODO = re.compile(r"^(?P<pad>[ -]*)# TODO (?P<lang>[a-z]{2,3}): the (?P<key>\w+) in .*$", re.MULTILINE)
TODO_SUMMARY = re.compile(r"^(?P<pad> *)# TODO summary: .*\((?P<langs>[a-z, ]+)\) with 'basis:'$", re.MULTILINE)


def read(name: str, lang: str = "de") -> tuple[ImportedCodebook, list[Problem]]:
    data, problems = read_qdc(REFI / name, REFI, lang=lang)
    assert data is not None, [p.format() for p in problems]
    return data, problems


def tree(data: ImportedCodebook) -> list[tuple[str, str | None]]:
    return [(code.id, parent.id if parent else None) for code, parent in data.walk()]


def fill(folder: Path, summaries: bool = True) -> None:
    """What the user does next: write every text marked '# TODO <lang>', and the missing summaries."""
    for path in (folder / "codebook").rglob("*.yaml"):
        text = path.read_text("utf-8")
        text = TODO.sub(lambda m: f"{m['pad']}{m['lang']}: Filled {m['key']}.", text)
        if summaries:
            text = TODO_SUMMARY.sub(lambda m: f"{m['pad']}summary: {{basis: editors, "
                                    + ", ".join(f"{lang}: Written." for lang in m["langs"].split(", ")) + "}", text)
        path.write_text(text, "utf-8")


def skeleton(tmp_path: Path, name: str, languages: tuple[str, ...] = ("de", "en")) -> Path:
    data, _ = read(name, languages[0])
    write_skeleton(data, tmp_path / "site", list(languages), year=2026)
    return tmp_path / "site"


def loaded(folder: Path) -> tuple[Codebook | None, list[str]]:
    result = load_codebook(folder / "codebook", folder)
    return result.codebook, [f"{p.rule}:{p.path}:{p.line}" for p in result.problems]


# -- files as the programs write them ------------------------------------------------------------------------

def test_maxqda_nested_codes_memo_sections_colours_and_sets() -> None:
    data, problems = read("maxqda-2022.qdc")
    assert data.origin == "MAXQDA 2022 (Release 22.4.0)"
    assert tree(data) == [("zusammenarbeit", None), ("teamarbeit", "zusammenarbeit"),
                          ("situative-aufgabenteilung", "teamarbeit"), ("sonstiges", "teamarbeit"),
                          ("augenhoehe", "zusammenarbeit"), ("abgrenzung", None),
                          ("abgrenzung-sonstiges", "abgrenzung")]
    top = data.codes[0]
    assert (top.guid, top.color, top.summary, top.description) == (
        "6E1C2A0B-7D3F-4C1E-9A55-0B6C2D4E8F10", "#2364a2", "Wie Peers und Fachkräfte gemeinsam arbeiten.",
        "**Kodierregel:** Nur Passagen über konkrete Fälle.")
    team = top.children[0]
    assert team.description == "**Ankerbeispiel:** „In dem Augenblick ist es ein Zwei-Mann-Team.“ (IN_14)"
    assert [p.format() for p in problems] == [
        "maxqda-2022.qdc:18:5: warning[qdc-no-description]: code 'Sonstiges' has no description, so its summary "
        "(id 'sonstiges') is left for you to write (write one or two sentences where '# TODO summary' stands)",
        "maxqda-2022.qdc:28:4: warning[qdc-duplicate-name]: code 'Sonstiges' gets the id 'abgrenzung-sonstiges': "
        "'sonstiges' is taken by the code 'Sonstiges' at line 18 (rename one of them (ids become web addresses "
        "and stay))",
        "maxqda-2022.qdc:28:4: warning[qdc-no-description]: code 'Sonstiges' has no description, so its summary "
        "(id 'abgrenzung-sonstiges') is left for you to write (write one or two sentences where '# TODO summary' "
        "stands)",
        "maxqda-2022.qdc:32:3: warning[qdc-set]: set 'Für den Artikel' (2 codes) is not kept: befund has no code "
        "sets (link the categories with 'related:' if they belong together)"]


def test_atlasti_real_export_and_the_0_4_namespace() -> None:
    real, problems = read("atlasti-win-23.4.0_codebook.qdc")
    assert [(c.id, c.guid, c.color, c.summary) for c in real.codes] == [
        ("code1", "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294", "#46AA00", "description")]
    assert [p.rule for p in problems] == ["qdc-set"]
    flat, problems = read("atlasti-0-4.qdc")
    assert tree(flat) == [("teamarbeit", None), ("abgrenzung", None)]
    assert [p.rule for p in problems] == ["qdc-set"]  # the namespace variant is read without a word


def test_nvivo_1_0_namespace_and_its_nodes_folder() -> None:
    data, problems = read("nvivo-12-mac.qdc", "en")
    assert tree(data) == [("perceived-boundaries", None), ("confidentiality", "perceived-boundaries"),
                          ("employment-status", "perceived-boundaries"), ("team", None)]
    assert all(code.color is None for code, _ in data.walk())
    assert [p.format() for p in problems] == [
        "nvivo-12-mac.qdc:7:190: warning[qdc-folder]: the top-level folder 'Nodes' (NVivo's container of all "
        "nodes) is left out; the codes in it become the main categories"]


def test_qualcoder_bom_and_non_codable_categories() -> None:
    assert (REFI / "qualcoder-3.qdc").read_bytes().startswith(b"\xef\xbb\xbf")
    data, problems = read("qualcoder-3.qdc", "en")
    assert tree(data) == [("roles", None), ("advocate", "roles"), ("bridge", "roles"), ("loose-code", None)]
    assert [(c.id, c.color) for c, _ in data.walk()] == [("roles", None), ("advocate", "#F781F3"),
                                                          ("bridge", "#81F7D8"), ("loose-code", "#F3F781")]
    assert [p.rule for p in problems] == ["qdc-no-description", "qdc-no-description"]


def test_taguette_empty_sets_is_accepted() -> None:
    data, problems = read("taguette-empty-sets.qdc", "en")
    assert tree(data) == [("interesting", None), ("people", None), ("interesting-places", None)]
    assert {p.rule for p in problems} == {"qdc-no-description"}


def qdpx(tmp_path: Path, entries: dict[str, bytes], name: str = "project.qdpx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return path


def test_the_codebook_inside_a_qdpx_project(tmp_path: Path) -> None:
    project = (REFI / "project.qde").read_bytes()
    path = qdpx(tmp_path, {"project.qde": project, "sources/56a79789-d535-4fb8-bedd-a915504c54ba.txt": b"Text"})
    data, problems = read_qdc(path, tmp_path, lang="en")
    assert data is not None and data.origin == "NVivo for Windows 12.6"
    assert tree(data) == [("perceived-susceptibility", None), ("personal-risk", "perceived-susceptibility")]
    assert data.codes[0].guid == "3c51efbb-071f-43a7-9f32-228b89668e8d"
    assert [p.format() for p in problems] == [
        "project.qdpx/project.qde:23:5: warning[qdc-set]: set 'Health beliefs' (1 code) is not kept: befund has "
        "no code sets (link the categories with 'related:' if they belong together)"]
    other_name = qdpx(tmp_path, {"Sources/a.txt": b"", "Mein Projekt.qde": project}, "renamed.qdpx")
    assert read_qdc(other_name, tmp_path)[0] is not None  # some programs name the .qde after the project


# -- deviations, each with its warning -----------------------------------------------------------------------

def test_non_guid_ids_get_stable_guids_with_a_warning() -> None:
    data, problems = read("deviation-non-guid-ids.qdc")
    again, _ = read("deviation-non-guid-ids.qdc")
    assert [c.guid for c in data.codes] == [c.guid for c in again.codes] == [
        "46e5b07b-46d0-54fb-a5f1-b10c4e3bd1f5", "c8662524-d1eb-5dc2-a19d-f532d18e3132"]
    assert [p.format() for p in problems] == [
        "deviation-non-guid-ids.qdc:5:5: warning[qdc-guid]: code 'Erste' has the id 'c001', which is not a GUID; "
        "befund gives it the GUID 46e5b07b-46d0-54fb-a5f1-b10c4e3bd1f5 (the same on every import of this file; "
        "a QDA program re-importing the export sees a new code)",
        "deviation-non-guid-ids.qdc:6:5: warning[qdc-guid]: code 'Zweite' has no GUID; befund gives it the GUID "
        "c8662524-d1eb-5dc2-a19d-f532d18e3132 (the same on every import of this file; a QDA program re-importing "
        "the export sees a new code)"]


def test_alpha_short_and_named_colours() -> None:
    data, problems = read("deviation-alpha-colours.qdc")
    assert [c.color for c in data.codes] == ["#FF0000", "#00ff00", None]
    assert [p.format() for p in problems] == [
        "deviation-alpha-colours.qdc:5:5: warning[qdc-color]: code 'Rot': colour '#FF0000FF' has an alpha channel "
        "(read as #RRGGBBAA); kept as #FF0000",
        "deviation-alpha-colours.qdc:7:5: warning[qdc-color]: code 'Blau': 'blue' is not a #RRGGBB colour; left "
        "out (befund gives the code its main category's colour)"]


def test_duplicate_names_in_different_branches_get_distinct_ids() -> None:
    data, problems = read("deviation-duplicate-names.qdc")
    assert tree(data) == [("naehe", None), ("sonstiges", "naehe"), ("distanz", None),
                          ("distanz-sonstiges", "distanz"), ("sonstiges-2", "distanz")]
    assert [p.message for p in problems] == [
        "code 'Sonstiges' gets the id 'distanz-sonstiges': 'sonstiges' is taken by the code 'Sonstiges' at line 6",
        "code 'sonstiges' gets the id 'sonstiges-2': 'sonstiges' is taken by the code 'Sonstiges' at line 6"]


def test_codes_without_descriptions_or_colours(tmp_path: Path) -> None:
    data, problems = read("deviation-bare-codes.qdc")
    assert [(c.id, c.summary, c.color) for c, _ in data.walk()] == [("oben", "", None), ("unten", "", None)]
    assert [p.rule for p in problems] == ["qdc-no-description", "qdc-no-description"]
    write_skeleton(data, tmp_path / "site", ["de", "en"], year=2026)
    text = (tmp_path / "site" / "codebook" / "categories" / "oben.yaml").read_text("utf-8")
    assert "# TODO summary: the QDA file has no description for this category" in text
    assert "color:" not in text
    fill(tmp_path / "site", summaries=False)
    result = load_codebook(tmp_path / "site" / "codebook", tmp_path / "site")
    assert [p.format() for p in result.problems] == [  # until the summaries are written
        "codebook/categories/oben.yaml:4:1: error[missing-field]: required field 'summary' is missing "
        "(add 'summary:')",
        "codebook/categories/oben.yaml:14:5: error[missing-field]: required field 'summary' is missing in "
        "dimensions[0] (add 'summary:')"]
    fill(tmp_path / "site")
    assert load_codebook(tmp_path / "site" / "codebook", tmp_path / "site").ok


# -- refused, with a clear error and nothing written ---------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("refused-malformed.qdc", "refused-malformed.qdc:6:27: error[qdc-xml]: not well-formed XML: mismatched tag "
                              "(the file is damaged or not XML; export it again from the QDA program)"),
    ("refused-entity.qdc", "refused-entity.qdc:2:34: error[qdc-xml]: the file declares the XML entity 'lol'; a "
                           "REFI-QDA codebook needs none (export the codebook again from the QDA program)"),
    ("refused-not-a-codebook.xml", "refused-not-a-codebook.xml:3:1: error[qdc-not-codebook]: the root element is "
                                   "<svg> in namespace 'http://www.w3.org/2000/svg', not a REFI-QDA <CodeBook> or "
                                   "<Project> (export a .qdc codebook or a .qdpx project from the QDA program)"),
    ("README.md", "README.md:1:2: error[qdc-xml]: not well-formed XML: invalid token (the file is damaged or not "
                  "XML; export it again from the QDA program)"),
])
def test_files_that_are_no_codebook_are_refused(name: str, expected: str) -> None:
    data, problems = read_qdc(REFI / name, REFI)
    assert data is None
    assert [p.format() for p in problems] == [expected]


def test_a_zip_without_a_codebook_is_refused(tmp_path: Path) -> None:
    path = qdpx(tmp_path, {"sources/a.txt": b"Text"})
    data, problems = read_qdc(path, tmp_path)
    assert data is None and [p.format() for p in problems] == [
        "project.qdpx: error[qdc-no-codebook]: project.qdpx is a zip without a project.qde, so it holds no "
        "REFI-QDA codebook (export a .qdc codebook or a .qdpx project from the QDA program)"]
    no_codes = qdpx(tmp_path, {"project.qde": b'<Project xmlns="urn:QDA-XML:project:1.0"><Sources/></Project>'},
                    "empty.qdpx")
    data, problems = read_qdc(no_codes, tmp_path)
    assert data is None and [(p.rule, p.line, p.column) for p in problems] == [("qdc-no-codebook", 1, 1)]


def test_never_overwrites_and_writes_nothing_when_a_file_exists(tmp_path: Path) -> None:
    data, _ = read("maxqda-2022.qdc")
    folder = tmp_path / "site"
    (folder / "codebook" / "categories").mkdir(parents=True)
    mine = folder / "codebook" / "categories" / "abgrenzung.yaml"
    mine.write_text("mine\n", "utf-8")
    with pytest.raises(FileExistsError, match=r"1 file\(s\) already exist, nothing was written: .*abgrenzung.yaml"):
        write_skeleton(data, folder, ["de", "en"])
    assert mine.read_text("utf-8") == "mine\n"
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == ["abgrenzung.yaml"]


# -- the skeleton ---------------------------------------------------------------------------------------------

def test_skeleton_checks_with_only_missing_languages_to_fill(tmp_path: Path) -> None:
    folder = skeleton(tmp_path, "nvivo-12-mac.qdc", ("en", "de"))
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml"))
    assert written == ["codebook/categories/perceived-boundaries.yaml", "codebook/categories/team.yaml",
                       "codebook/study.yaml"]
    assert (folder / "schema" / "category.schema.json").is_file()
    codebook, found = loaded(folder)
    assert codebook is not None
    assert {entry.split(":")[0] for entry in found} == {"missing-language"}
    fill(folder)
    codebook, found = loaded(folder)
    assert codebook is not None and found == []  # no quotes yet: categories are not warned one by one
    boundaries = codebook.categories["perceived-boundaries"]
    assert (boundaries.label, boundaries.kind, boundaries.basis and boundaries.basis.kind) == (
        {"en": "Perceived boundaries", "de": "Filled label."}, "category", "editors")
    assert [(c.id, c.kind, c.order) for c in codebook.children("perceived-boundaries")] == [
        ("confidentiality", "dimension", 1), ("employment-status", "dimension", 2)]
    imported = load_codebook(folder / "codebook", folder).codebook
    assert imported is not None
    assert imported.categories["confidentiality"].guid == "4d62f0cc-182f-44b8-a043-339c90779e9e"


def test_deeper_levels_become_subcategories(tmp_path: Path) -> None:
    folder = skeleton(tmp_path, "maxqda-2022.qdc")
    text = (folder / "codebook" / "categories" / "teamarbeit.yaml").read_text("utf-8")
    assert "\nparent: zusammenarbeit\n" in text and "  - id: situative-aufgabenteilung\n" in text
    fill(folder)
    result = load_codebook(folder / "codebook", folder)
    codebook = result.codebook
    assert codebook is not None
    assert [(c.id, c.kind) for c in codebook.children("zusammenarbeit")] == [("teamarbeit", "category"),
                                                                             ("augenhoehe", "dimension")]
    assert codebook.categories["situative-aufgabenteilung"].parent == "teamarbeit"


def test_skeleton_yaml_is_what_a_person_would_write(tmp_path: Path) -> None:
    folder = skeleton(tmp_path, "maxqda-2022.qdc")
    assert (folder / "codebook" / "categories" / "zusammenarbeit.yaml").read_text("utf-8") == """\
# yaml-language-server: $schema=../../schema/category.schema.json
# Imported by befund import-qdc from maxqda-2022.qdc (MAXQDA 2022 (Release 22.4.0)).
# '# TODO <lang>' marks a text still to write in that language (befund check: missing-language).
id: zusammenarbeit
parent: null
order: 1
basis: editors  # or 'article' (with section: "…") if the article names and delimits this category
guid: 6E1C2A0B-7D3F-4C1E-9A55-0B6C2D4E8F10  # from the QDA program: kept, so a .qdc export matches its codes
color: "#2364a2"
label:
  de: Zusammenarbeit
  # TODO en: the label in 'en' (translate the 'de' text above)
summary:
  basis: editors
  de: Wie Peers und Fachkräfte gemeinsam arbeiten.
  # TODO en: the summary in 'en' (translate the 'de' text above)
description:
  basis: editors
  de: "**Kodierregel:** Nur Passagen über konkrete Fälle."
  # TODO en: the description in 'en' (translate the 'de' text above)
dimensions:
  - id: augenhoehe
    order: 2
    basis: editors  # or 'article' (with section: "…") if the article names and delimits this dimension
    guid: AD5A6E4F-1B7C-4A5D-9E99-4FA06B8C2D54  # from the QDA program: kept, so a .qdc export matches its codes
    color: "#5fa2dd"
    label:
      de: Augenhöhe
      # TODO en: the label in 'en' (translate the 'de' text above)
    summary:
      basis: editors
      de: Zusammenarbeit unter Gleichen.
      # TODO en: the summary in 'en' (translate the 'de' text above)
    description:
      basis: editors
      de: In-vivo-Code.
      # TODO en: the description in 'en' (translate the 'de' text above)
"""


def test_ids_from_names() -> None:
    assert slug("Außenwirkung & Öffentlichkeit") == "aussenwirkung-oeffentlichkeit"
    assert slug("  1. Phase ") == "code-1-phase"
    assert slug("Café–Gespräch") == "cafe-gespraech"
    assert slug("政治") == ""
    assert len(slug("x" * 80)) == 64


def test_description_sections_become_summary_description_and_basis() -> None:
    assert split_description("Erster Absatz.\n\nZweiter.", "de") == ("Erster Absatz.", "Zweiter.", None)
    summary, description, basis = split_description(
        "Definition: Kurz.\r\nBeschreibung: Lang.\r\nGrundlage: Artikel, Abschnitt 5.1\r\nAnchor example: „x“", "de")
    assert (summary, description) == ("Kurz.", "Lang.\n\n**Ankerbeispiel:** „x“")
    assert basis is not None and (basis.kind, basis.section) == ("article", "5.1")


# -- round trips ----------------------------------------------------------------------------------------------

def code_tree(content: bytes) -> list[tuple[str, str | None, str, str | None]]:
    """(name, parent name, GUID, colour) of every code, in document order."""
    import xml.etree.ElementTree as ET

    found: list[tuple[str, str | None, str, str | None]] = []

    def walk(element: ET.Element, parent: str | None) -> None:
        for code in element.findall("{urn:QDA-XML:codebook:1.0}Code"):
            found.append((code.get("name", ""), parent, code.get("guid", ""), code.get("color")))
            walk(code, code.get("name"))

    walk(ET.fromstring(content).find("{urn:QDA-XML:codebook:1.0}Codes"), None)  # type: ignore[arg-type]
    return found


def reexport(tmp_path: Path, qdc: Path, lang: str = "de") -> bytes:
    data, problems = read_qdc(qdc, tmp_path, lang=lang)
    assert data is not None, [p.format() for p in problems]
    folder = tmp_path / "again"
    write_skeleton(data, folder, [lang, "en" if lang != "en" else "de"], year=2026)
    fill(folder)
    result = load_codebook(folder / "codebook", folder)
    assert result.codebook is not None and result.ok, [p.format() for p in result.problems]
    return FORMATS["qdc"](result.codebook, lang)["codebook.qdc"]


def test_round_trip_export_import_export_keeps_codes_hierarchy_and_guids(tmp_path: Path) -> None:
    result = load_codebook(HERE.parent / "codebook", HERE.parent)
    assert result.codebook is not None
    first = downloads(result.codebook, "de")["codebook.qdc"]
    (tmp_path / "codebook.qdc").write_bytes(first)
    second = reexport(tmp_path, tmp_path / "codebook.qdc")
    assert code_tree(second) == code_tree(first)
    assert len(code_tree(first)) == len(result.codebook.categories)


def test_round_trip_keeps_a_qda_programs_guids_and_colours(tmp_path: Path) -> None:
    original = code_tree((REFI / "maxqda-2022.qdc").read_bytes())
    assert code_tree(reexport(tmp_path, REFI / "maxqda-2022.qdc")) == original


# -- from a QDA program's codebook to a site ------------------------------------------------------------------

QUOTES = """\
source: {id: IN_01, type: IN}
quotes:
  - id: IN_01-1
    original: "We keep it between us."
    translation: {de: "Das bleibt unter uns."}
    codings:
      - {id: confidentiality, basis: editors}
      - {id: employment-status, basis: editors}
      - {id: team, basis: editors}
"""


def test_an_imported_codebook_becomes_a_site_once_the_second_language_is_written(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from befund.build import build_site
    from befund.cli import main

    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["import-qdc", str(REFI / "nvivo-12-mac.qdc"), str(site), "--languages", "en,de"])
    assert result.exit_code == 0, result.output
    (site / "mkdocs.yml").write_text(
        mkdocs_yml(lang="en", url="https://imported.befund-tests.net/", site_name="Imported", custom_dir=True), "utf-8")
    for folder in ("content/en", "content/de", "overrides"):
        (site / folder).mkdir(parents=True)
    check = CliRunner().invoke(main, ["check", str(site)])
    assert check.exit_code == 1 and "error[missing-language]: label has no 'de' text" in check.output
    fill(site)
    check = CliRunner().invoke(main, ["check", str(site)])
    assert (check.exit_code, check.output.strip()) == (0, "befund: no problems found")
    assert build_site(site / "mkdocs.yml", site / "site") == ["en", "de"]  # strict, as befund build is
    assert "Perceived boundaries" in (site / "site" / "categories" / "perceived-boundaries" / "index.html").read_text()
    (site / "codebook" / "quotes").mkdir()
    (site / "codebook" / "quotes" / "IN_01.yaml").write_text(QUOTES, "utf-8")
    assert build_site(site / "mkdocs.yml", site / "site") == ["en", "de"]
    page = (site / "site" / "de" / "categories" / "perceived-boundaries" / "index.html").read_text("utf-8")
    assert "Das bleibt unter uns." in page


# -- smaller departures, inline ------------------------------------------------------------------------------

@pytest.mark.parametrize(("xml", "expected"), [
    ('<CodeBook><Codes><Code guid="{11111111-2222-4333-8444-555555555555}" name="A" isCodable="true"/></Codes>'
     "</CodeBook>",
     ["x.qdc:1:1: warning[qdc-namespace]: the file names no namespace; read as urn:QDA-XML:codebook:1.0 (check the "
      "codes after import)",
      "x.qdc:1:18: warning[qdc-no-description]: code 'A' has no description, so its summary (id 'a') is left for "
      "you to write (write one or two sentences where '# TODO summary' stands)"]),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:2.0"><Codes><Code guid="11111111-2222-4333-8444-555555555555" '
     'name="A" isCodable="true"><Description>a</Description><Note>n</Note></Code></Codes></CodeBook>',
     ["x.qdc:1:1: warning[qdc-namespace]: unknown REFI-QDA version '2.0'; read as version 1.0 (check the codes "
      "after import)", "x.qdc:1:155: warning[qdc-ignored]: <Note> in code 'A' is not read"]),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-2222-4333-8444-555555555555" '
     'name="A" isCodable="true"><Description>a</Description></Code><Code guid="11111111-2222-4333-8444-'
     '555555555555" name="B" isCodable="true"><Description>b</Description></Code></Codes></CodeBook>',
     ["x.qdc:1:162: warning[qdc-guid]: code 'B' repeats the GUID of the code at line 1; befund gives it the GUID "
      "a4dcc2f0-a36b-52ca-ab83-e1de62626dc2 (the same on every import of this file; a QDA program re-importing "
      "the export sees a new code)"]),
])
def test_smaller_departures_are_read_with_a_warning(tmp_path: Path, xml: str, expected: list[str]) -> None:
    (tmp_path / "x.qdc").write_text(xml, "utf-8")
    data, problems = read_qdc(tmp_path / "x.qdc", tmp_path)
    assert data is not None
    assert [p.format() for p in problems] == expected


@pytest.mark.parametrize(("xml", "expected"), [
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
     "x.qdc:1:44: error[qdc-no-codes]: the codebook has no codes (export the codebook again from the QDA program)"),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-2222-4333-8444-555555555555" '
     'isCodable="true"/></Codes></CodeBook>',
     "x.qdc:1:51: error[qdc-no-name]: a code without a name (name the code in the QDA program and export again)"),
])
def test_codebooks_without_usable_codes_are_refused(tmp_path: Path, xml: str, expected: str) -> None:
    (tmp_path / "x.qdc").write_text(xml, "utf-8")
    data, problems = read_qdc(tmp_path / "x.qdc", tmp_path)
    assert data is None and [p.format() for p in problems] == [expected]
