"""Anonymisation lint: planted identifiers are found where they are, placeholders and nouns are not."""

from __future__ import annotations

import shutil
import time
import unicodedata
from pathlib import Path

import pytest

from befund.anon import (
    BY_NAME,
    LintText,
    SensitiveTerms,
    codebook_texts,
    hash_term,
    lint_texts,
    load_sensitive_terms,
    prose_text,
)
from befund.model import Acknowledgement
from befund.problems import Problem, errors
from befund.prose import ProsePage, read_prose
from befund.texts import Spot
from befund.validate import load_codebook

from minimal import write_codebook

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "anon"
TERMS = SensitiveTerms.of(["Wolkenheim", hash_term("Klaus Brandtner")])


def quote_text(text: str, path: str = "q.yaml", line: int = 1, column: int = 1,
               acks: list[Acknowledgement] | None = None, field: str = "original") -> LintText:
    return LintText(Spot.of_text(path, text, line, column), field, text, tuple(acks or []), True,
                    owner="quote IN_99-1", acknowledgeable=True)


def commentary(text: str, path: str = "c.yaml") -> LintText:
    return LintText(Spot.of_text(path, text), "context.de", text, (), False, owner="quote IN_99-1")


def lint_one(text: str, terms: SensitiveTerms = TERMS, **kw: object) -> list[Problem]:
    return lint_texts([quote_text(text, **kw)], terms)  # type: ignore[arg-type]


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


# -- one planted identifier per rule ---------------------------------------------------------------

PLANTED = [
    ("anon-email", 2, "max.mustermann@example.org"),
    ("anon-url", 3, "https://beratung.example.net/team"),
    ("anon-url", 4, "www.example.com"),
    ("anon-phone", 5, "0521 123456"),
    ("anon-phone", 6, "+49 30 12345678"),
    ("anon-iban", 7, "DE89 3704 0044 0532 0130 00"),
    ("anon-date", 8, "12.3.2021"),
    ("anon-date", 9, "3. März"),
    ("anon-date", 10, "2021-03-12"),
    ("anon-address", 11, "Hauptstraße 12"),
    ("anon-address", 12, "Am Markt 3"),
    ("anon-postcode", 13, "33602 Bielefeld"),
    ("anon-person", 14, "Frau Schneider"),
    ("anon-person", 15, "Herr Dr. Meier"),
    ("anon-person", 16, "Mr Smith"),
    ("anon-sensitive", 17, "Wolkenheim"),
    ("anon-sensitive", 18, "Klaus Brandtner"),
    ("anon-age", 19, "32 Jahre alt"),
    ("anon-age", 20, "Mitte 40"),
    ("anon-age", 21, "aged 54"),
    ("anon-year", 22, "2019"),
    ("anon-placeholder-drift", 23, "[NAME]"),
    ("anon-placeholder-drift", 24, "[ Nutzer ]"),
]


@pytest.fixture(scope="module")
def planted() -> list[Problem]:
    # as a translation: the fixture is one text, and only quote originals count as long quotes
    return lint_texts([quote_text(fixture_text("planted.txt"), path="planted.txt", field="translation.en")], TERMS)


@pytest.mark.parametrize("rule,line,found", PLANTED, ids=[f"{r}@{n}" for r, n, _ in PLANTED])
def test_planted_identifier_is_found(planted: list[Problem], rule: str, line: int, found: str) -> None:
    hits = [p for p in planted if p.rule == rule and p.line == line]
    assert len(hits) == 1, [p.format() for p in planted if p.line == line]
    problem = hits[0]
    assert problem.path == "planted.txt"
    assert found in problem.message
    assert problem.severity == BY_NAME[rule].severity
    assert problem.hint


def test_planted_fixture_has_nothing_else(planted: list[Problem]) -> None:
    assert sorted((p.rule, p.line) for p in planted) == sorted((r, n) for r, n, _ in PLANTED)


def test_column_points_at_the_finding(planted: list[Problem]) -> None:
    email = next(p for p in planted if p.rule == "anon-email")
    assert email.column == len("Schreib mir an ") + 1


def test_hint_offers_placeholder_and_acknowledgement_for_quotes(planted: list[Problem]) -> None:
    person = next(p for p in planted if p.rule == "anon-person")
    assert "[Name]" in person.hint and "acknowledge" in person.hint
    prose = lint_texts([commentary("Dann kam Frau Schneider.")], TERMS)
    assert [p.rule for p in prose] == ["anon-person"] and "acknowledge" not in prose[0].hint


@pytest.mark.parametrize("text,found", [
    ("am 12.03.21 war das", "12.03.21"),
    ("seit dem 3. März 2021", "3. März 2021"),
    ("on March 3, 2021 we met", "March 3, 2021"),
    ("on 3 March we met", "3 March"),
    ("am 12.3. hatte ich frei", "12.3."),
    ("mobil 0171/1234567", "0171/1234567"),
    ("Tel. (0521) 12 34 56", "(0521) 12 34 56"),
    ("Bahnhofstr. 5a im Hinterhaus", "Bahnhofstr. 5a"),
    ("in der Berliner Straße 7 wohnt sie", "Berliner Straße 7"),
    ("at 221b Baker Street", "221b Baker Street"),
    ("Dr. Müller hat angerufen", "Dr. Müller"),
    ("Prof. Dr. von Hagen", "Prof. Dr. von Hagen"),
    ("mit Frau von der Heide gesprochen", "Frau von der Heide"),
    ("Mrs. Brown and Dr Smith", "Mrs. Brown"),
    ("Frau Müller-Lüdenscheidt", "Frau Müller-Lüdenscheidt"),
    ("a 45-jähriger Mann", "45-jähriger"),
    ("a 54-year-old man", "54-year-old"),
    ("she is in her forties", "in her forties"),
    ("siehe jobcenter-musterstadt.de", "jobcenter-musterstadt.de"),
])
def test_more_forms_are_found(text: str, found: str) -> None:
    problems = lint_one(text)
    assert any(found in p.message for p in problems), [p.format() for p in problems]


# -- what must not be reported ---------------------------------------------------------------------

def test_placeholders_nouns_pages_and_sections_are_not_reported() -> None:
    problems = lint_one(fixture_text("clean.txt"), path="clean.txt", field="translation.en")
    assert problems == [], [p.format() for p in problems]


def test_years_in_commentary_citations_are_not_warned() -> None:
    text = ("Der Artikel folgt Walker (2013, S. 12–15) und Viking (2022) sowie [[ref:nadai2005]]; "
            "Abschnitt 5.2.1 fasst das zusammen.")
    assert lint_texts([commentary(text)], TERMS) == []


def test_years_inside_short_links_are_not_warned_even_in_quotes() -> None:
    assert lint_one("wie in [[ref:walker2013]] beschrieben") == []


def test_markdown_link_in_prose_is_a_citation_but_a_bare_url_is_not() -> None:
    text = "Siehe [die Studie](https://doi.org/10.1000/xyz) und <https://example.org/a>.\nOder https://example.org/b"
    problems = lint_texts([commentary(text)], TERMS)
    assert [(p.rule, p.message.split("'")[1]) for p in problems] == [("anon-url", "https://example.org/b")]


def test_sentence_initial_capital_is_not_placeholder_drift() -> None:
    assert lint_one("[The user] came. Then [the user] left, and [the user] came back.") == []


def test_bare_years_are_warned_only_in_quotes() -> None:
    assert [p.rule for p in lint_one("Das war 2019.")] == ["anon-year"]
    assert lint_texts([commentary("Das war 2019.")], TERMS) == []


# -- acknowledgements ------------------------------------------------------------------------------

def test_acknowledgement_suppresses_matching_finding() -> None:
    ack = Acknowledgement("anon-address", "public address of the Jobcenter", "Hauptstraße 12")
    problems = lint_one("Das Jobcenter in der Hauptstraße 12 und die Lindenstraße 4.", acks=[ack])
    assert [(p.rule, "Lindenstraße 4" in p.message) for p in problems] == [("anon-address", True)]


def test_acknowledgement_without_match_covers_the_rule() -> None:
    ack = Acknowledgement("anon-year", "the year of a public reform")
    assert lint_one("Seit 2005 und seit 2011 ist das so.", acks=[ack]) == []


def test_acknowledgement_applies_to_other_texts_of_the_quote() -> None:
    ack = Acknowledgement("anon-year", "the year of a public reform", "2005")
    items = [quote_text("Seit 2005.", acks=[ack]),
             quote_text("Since 2005.", acks=[ack], field="translation.en")]
    assert lint_texts(items, TERMS) == []


def test_stale_acknowledgement_warns_at_the_quote() -> None:
    stale = Acknowledgement("anon-date", "was a date once", "12.3.2021")
    typo = Acknowledgement("anon-adress", "typo in the rule")
    other = Acknowledgement("unsafe-markup", "another check's business")
    problems = lint_one("Nichts mehr zu sehen.", acks=[stale, typo, other], line=7, column=5)
    assert [(p.rule, p.severity, p.line, p.column) for p in problems] == \
        [("anon-stale-acknowledgement", "warning", 7, 5)] * 2
    assert "12.3.2021" in problems[0].message
    assert "anon-address" in problems[1].hint


def test_match_is_compared_without_case_and_spacing() -> None:
    ack = Acknowledgement("anon-person", "a public figure", "frau  SCHNEIDER")
    assert lint_one("Frau Schneider hat das gesagt.", acks=[ack]) == []


# -- sensitive terms -------------------------------------------------------------------------------

def test_sensitive_terms_are_whole_words_and_any_case() -> None:
    terms = SensitiveTerms.of(["Wolke", "Haus am See"])
    problems = lint_one("Die WOLKE, die Wolkendecke und das haus am  see.", terms)
    assert [p.message.split("'")[1] for p in problems] == ["WOLKE", "haus am  see"]


def test_hash_term_ignores_case_normalisation_and_spacing() -> None:
    digest = hash_term("Müller")
    assert digest.startswith("sha256:") and len(digest) == 7 + 64
    assert hash_term("MÜLLER") == digest == hash_term(unicodedata.normalize("NFD", "Müller"))
    assert hash_term("Klaus  Brandtner ") == hash_term("klaus brandtner")


def test_hashed_terms_match_words_and_ngrams() -> None:
    terms = SensitiveTerms.of([hash_term("Müller"), hash_term("Jobcenter Wolkenheim Nord")])
    text = ("Das hat mir MÜLLER gesagt, auch Frau-Müller-Lüdenscheidt.\n"
            "Im Jobcenter   Wolkenheim Nord war das. Nicht im Jobcenter. Wolkenheim Nord.")
    problems = lint_one(text, terms, line=3)
    sensitive = [(p.line, p.message.split("'")[1]) for p in problems if p.rule == "anon-sensitive"]
    assert sensitive == [(3, "MÜLLER"), (3, "Müller"), (4, "Jobcenter   Wolkenheim Nord")]
    assert "Müller" not in str(terms.hashed)


def test_hashed_terms_match_decomposed_text() -> None:
    terms = SensitiveTerms.of([hash_term("Müller")])
    assert [p.rule for p in lint_one(unicodedata.normalize("NFD", "Das sagt Müller."), terms)] == ["anon-sensitive"]


def test_load_sensitive_terms(tmp_path: Path) -> None:
    path = tmp_path / "sensitive-terms.txt"
    path.write_text("\ufeff# real names, never commit\n\nWolkenheim\n  Klaus   Brandtner  \n"
                    f"{hash_term('Geheimdorf').upper().replace('SHA256', 'sha256')}\n"
                    "sha256:abc\nX\n", "utf-8")
    terms, problems = load_sensitive_terms(path)
    assert terms.plain == ("Wolkenheim", "Klaus Brandtner")
    assert terms.hashed == {hash_term("Geheimdorf")}
    assert [(p.rule, p.line, p.severity) for p in problems] == \
        [("anon-terms-file", 6, "error"), ("anon-terms-file", 7, "warning")]
    assert [p.rule for p in lint_one("In Geheimdorf bei Wolkenheim.", terms)] == ["anon-sensitive"] * 2


def test_missing_terms_file_is_no_problem(tmp_path: Path) -> None:
    terms, problems = load_sensitive_terms(tmp_path / "sensitive-terms.txt")
    assert not terms and problems == []


def test_terms_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "sensitive-terms.txt"
    path.write_bytes("Müller\n".encode("latin-1"))
    terms, problems = load_sensitive_terms(path, base=tmp_path)
    assert not terms and [(p.path, p.rule) for p in problems] == [("sensitive-terms.txt", "anon-terms-file")]


# -- other warnings and locations ------------------------------------------------------------------

def test_long_quote_original_warns_but_translation_does_not() -> None:
    long = " ".join(["Wort"] * 160)
    assert [p.rule for p in lint_one(long)] == ["anon-long-quote"]
    assert "160 words" in lint_one(long)[0].message
    assert lint_one(long, field="translation.en") == []
    assert lint_one(" ".join(["Wort"] * 140)) == []


def test_multiline_text_reports_the_line_inside_it() -> None:
    problems = lint_one("erste Zeile\nzweite Zeile\ndritte mit 0521 123456", line=10, column=7)
    assert [(p.rule, p.line, p.column) for p in problems] == [("anon-phone", 12, 12)]


def test_one_line_text_reports_the_column_inside_it() -> None:
    item = LintText(Spot("q.yaml", 10, 5), "original", "Ruf an: 0521 123456", (), True)
    assert [(p.line, p.column) for p in lint_texts([item], TERMS)] == [(10, 13)]


def test_prose_texts_point_into_the_page(tmp_path: Path) -> None:
    page_path = tmp_path / "content" / "de" / "method.md"
    text = "---\ntitle: Methode\n---\n# Methode\n\nWir sprachen mit Frau Schneider.\n"
    page = ProsePage("method.md", page_path, "Methode", 40, text)
    problems = lint_texts([prose_text(page.path, tmp_path, page.text)], TERMS)
    assert [(p.path, p.line, p.column, p.rule) for p in problems] == \
        [("content/de/method.md", 6, 18, "anon-person")]


def test_two_hundred_kilobytes_lint_quickly() -> None:
    chunk = (fixture_text("planted.txt") + fixture_text("clean.txt") + "0 1 " * 200 + "a" * 500 + "+4" * 200
             + "1." * 200 + "[" * 200 + "Frau " * 100 + "x@" * 200 + "www." * 100 + "Hauptstraße" * 50)
    text = (chunk * (200_000 // len(chunk) + 1))[:200_000]
    started = time.perf_counter()
    problems = lint_texts([quote_text(text), commentary(text)], TERMS)
    assert time.perf_counter() - started < 5  # catastrophic backtracking would take minutes
    assert errors(problems)


# -- the real codebook -----------------------------------------------------------------------------

def _real_items(codebook_dir: Path, base: Path) -> list[LintText]:
    result = load_codebook(codebook_dir)
    assert result.codebook is not None, [p.format() for p in result.problems]
    pages: list[ProsePage] = []
    for lang in ("de", "en"):
        found, _ = read_prose(base / "content" / lang, base)
        pages += found
    assert pages
    return codebook_texts(result.codebook.texts) + [prose_text(p.path, base, p.text) for p in pages]


def test_real_codebook_has_no_anonymisation_errors() -> None:
    items = _real_items(REPO / "codebook", REPO)
    fields = {i.field.split(".")[0] for i in items}
    assert {"original", "translation", "context", "summary", "description", "page"} <= fields
    problems = lint_texts(items, SensitiveTerms())
    assert errors(problems) == [], [p.format() for p in errors(problems)]


def test_planted_quotes_in_a_small_codebook(tmp_path: Path) -> None:
    root = write_codebook(tmp_path)
    shutil.copy(FIXTURES / "IN_99.yaml", root / "quotes" / "IN_99.yaml")
    result = load_codebook(root)
    assert result.codebook is not None and not errors(result.problems), [p.format() for p in result.problems]
    problems = [p for p in lint_texts(codebook_texts(result.codebook.texts), TERMS)
                if p.path == "codebook/quotes/IN_99.yaml"]
    found = sorted((p.line, p.column, p.rule, p.severity, p.message) for p in problems)
    expected = [  # exact line and column of each find inside its text
        (7, 28, "anon-person", "'Frau Schneider'", "original"),
        (7, 46, "anon-date", "'12.3.2021'", "original"),
        (9, 12, "anon-person", "'Ms Schneider'", "translation.en"),
        (9, 47, "anon-date", "'12 March 2021'", "translation.en"),
        (14, 64, "anon-email", "'max@example.org'", "context.de"),
        (26, 9, "anon-stale-acknowledgement", "anon-date", "IN_99-2"),  # the address acknowledgement is used
    ]
    assert len(found) == len(expected), found
    for actual, wanted in zip(found, expected, strict=True):
        (line, column, rule, severity, message), (e_line, e_col, e_rule, e_found, e_where) = actual, wanted
        assert (line, column, rule) == (e_line, e_col, e_rule)
        assert e_found in message and e_where in message
        assert severity == ("warning" if rule == "anon-stale-acknowledgement" else "error")
