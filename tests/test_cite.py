"""befund.cite: CSL items from the model and citation locators."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from befund.cite import (
    CslItem,
    LocatorError,
    add_year_suffixes,
    parse_locator,
    study_csl,
    to_csl,
    webpage_csl,
)
from befund.cite.collate import collation_key
from befund.cite.csl import csl_edition
from befund.model import Name
from befund.validate import load_codebook

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def items() -> dict[str, CslItem]:
    result = load_codebook(REPO / "codebook", REPO)
    assert result.codebook is not None
    return {ref.id: to_csl(ref) for ref in result.codebook.references.values()}


def book(ref_id: str = "x", **fields: object) -> CslItem:
    item: CslItem = {"id": ref_id, "type": "book", "author": [{"family": "Lammers", "given": "K."}],
                     "issued": {"date-parts": [[2025]]}, "title": "Ein Buch", "language": "de"}
    item.update(fields)
    return item


# -- items from the codebook --------------------------------------------------------------------------------

def test_references_become_csl_items(items: dict[str, CslItem]) -> None:
    assert items["schubert2013"] == {
        "id": "schubert2013", "type": "report", "issued": {"date-parts": [[2013]]},
        "author": [{"family": "Schubert", "given": "M."}, {"family": "Parthier", "given": "K."},
                   {"family": "Kupka", "given": "P."}, {"family": "Krüger", "given": "U."},
                   {"family": "Holke", "given": "J."}, {"family": "Fuchs", "given": "P."}],
        "title": "Menschen mit psychischen Störungen im SGB II", "language": "de",
        "URL": "http://doku.iab.de/forschungsbericht/2013/fb1213.pdf", "accessed": {"date-parts": [[2020, 2, 27]]}}
    assert items["breuer2019"]["edition"] == 4  # a number, so the style renders "4. Aufl." / "4th ed."
    assert items["epp2022"]["editor"] == [{"family": "Weimann-Sandig", "given": "N."}]
    assert (items["akerblom2023"]["volume"], items["akerblom2023"]["page"]) == ("17", "1–13")


@pytest.mark.parametrize(("written", "stored"), [("4", 4), ("4.", 4), ("4th", 4), ("4. Aufl.", 4),
                                                  ("4th ed.", 4), ("Revised edition", "Revised edition")])
def test_numbered_editions_become_numbers(written: str, stored: int | str) -> None:
    assert csl_edition(written) == stored


# -- sorting and disambiguation ---------------------------------------------------------------------------

def test_collation_folds_accents_and_special_letters() -> None:
    names = ["Zander", "Özdemir", "Oz", "Ärzte", "Åkerblom", "Abel", "Strauß", "Strausberg", "Ørsted"]
    assert sorted(names, key=collation_key) == ["Abel", "Åkerblom", "Ärzte", "Ørsted", "Oz", "Özdemir",
                                                "Strausberg", "Strauß", "Zander"]


# -- locators ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "parsed"), [
    ("S. 32", ("page", "32")), ("p.32", ("page", "32")), ("pp. 7-9", ("page", "7–9")),
    ("pp. 7 – 9", ("page", "7–9")), ("page 12", ("page", "12")), ("S. 32f.", ("page", "32f.")),
    ("Kap. 3", ("chapter", "3")), ("chap. 5", ("chapter", "5")), ("chapter 2", ("chapter", "2")),
    ("Abschn. 5.1", ("section", "5.1")), ("sec. 5.1", ("section", "5.1")), ("section 2.3.1", ("section", "2.3.1")),
    (" s. 4 ", ("page", "4")),
])
def test_locators_are_read(text: str, parsed: tuple[str, str]) -> None:
    assert parse_locator(text) == parsed


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty locator after the comma"),
    ("32", "locator '32' has no label"),
    ("p.", "locator 'p.' has a label but no value"),
    ("para. 3", "unknown locator label 'para.'"),
    ("p 32", "unknown locator label 'p'"),
    ("S. abc", "locator value 'abc' is not a page, range or section number"),
    ("S. 7–", "locator value '7–' is not a page, range or section number"),
])
def test_malformed_locators_are_reported_not_raised(text: str, message: str) -> None:
    error = parse_locator(text)
    assert isinstance(error, LocatorError)
    assert error.message == message
    assert error.hint


# -- items for the article and the website ---------------------------------------------------------------

def test_a_page_of_the_site_is_led_by_the_site_unless_editors_are_named() -> None:
    page = webpage_csl("page", "Boundary work from outside", "Peer work: findings", "https://example.org/en/x/",
                       accessed="2025-03-04", year=2025, version="1.2", language="en")
    assert page["author"] == [{"literal": "Peer work: findings"}]
    assert "container-title" not in page and page["version"] == "1.2"
    assert page["accessed"] == {"date-parts": [[2025, 3, 4]]}
    edited = webpage_csl("page", "Grenzziehungen", "Peer-Arbeit: Befunde", "https://example.org/x/",
                         editors=[Name("Lammers", "K.")])
    assert edited["author"] == [{"family": "Lammers", "given": "K."}]
    assert edited["container-title"] == "Peer-Arbeit: Befunde"
    assert "issued" not in edited and "accessed" not in edited


def test_year_suffixes_follow_the_titles() -> None:
    refs = add_year_suffixes([book("b", title="Zweites Buch"), book("old", issued={"date-parts": [[2019]]}),
                              book("a", title="Erstes Buch")])
    assert [r.get("year-suffix") for r in refs] == ["b", None, "a"]


def test_the_article_gets_no_invented_journal_doi_or_url() -> None:
    authors = [Name("Lammers", "K."), Name("Muster", "M.")]
    bare = study_csl("study", "Grenzen der Peer-Arbeit", authors, 2025, language="de")
    assert bare == {"id": "study", "type": "article", "title": "Grenzen der Peer-Arbeit", "language": "de",
                    "issued": {"date-parts": [[2025]]},
                    "author": [{"family": "Lammers", "given": "K."}, {"family": "Muster", "given": "M."}]}
    full = study_csl("study", "Grenzen", authors, 2025, journal="Soziale Passagen", doi="10.1007/x")
    assert full["type"] == "article-journal"
    assert (full["container-title"], full["DOI"]) == ("Soziale Passagen", "10.1007/x")
    assert "URL" not in full


def test_the_package_imports_neither_mkdocs_nor_click() -> None:
    code = ("import sys, befund.cite; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'click', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
