"""Loading and validation: every kind of bad input is reported with file, line, rule and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from befund.problems import Problem
from befund.validate import load_codebook

from minimal import CATEGORY, CONCEPTS, QUOTES, STUDY, write_codebook

CODING = "codings: [{id: dim-a, basis: article}]"


def problems_of(tmp_path: Path, **changes: str) -> list[Problem]:
    root = write_codebook(tmp_path, **changes)
    return load_codebook(root, tmp_path).problems


def only(problems: list[Problem], rule: str) -> Problem:
    found = [p for p in problems if p.rule == rule]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


def test_minimal_codebook_is_clean(tmp_path: Path) -> None:
    result = load_codebook(write_codebook(tmp_path), tmp_path)
    assert result.ok
    assert result.problems == []
    assert result.codebook is not None
    assert [c.id for c in result.codebook.quotes["IN_01-1"].codings] == ["dim-a"]


def test_real_codebook_is_clean(repo: Path) -> None:
    result = load_codebook(repo / "codebook", repo)
    assert [p.format() for p in result.problems if p.severity == "error"] == []
    assert result.ok


# -- YAML level -----------------------------------------------------------------------------------
def test_tab_indentation(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, categories__haupt_yaml=CATEGORY.replace("  - id: dim-a", "\t- id: dim-a")),
             "yaml-syntax")
    assert (p.path, p.line) == ("codebook/categories/haupt.yaml", 15)
    assert "tabs" in p.hint


def test_bad_indentation(tmp_path: Path) -> None:
    bad = CATEGORY.replace("    basis: editors\n    label", "    basis: editors\n   label")
    p = only(problems_of(tmp_path, categories__haupt_yaml=bad), "yaml-syntax")
    assert p.path == "codebook/categories/haupt.yaml" and p.line in (17, 18)


def test_unclosed_quote_points_at_its_opening(tmp_path: Path) -> None:
    bad = QUOTES.replace('original: "Wir sind ein Team [MA]."', 'original: "Wir sind ein Team [MA].')
    p = only(problems_of(tmp_path, quotes__IN_01_yaml=bad), "yaml-syntax")
    assert (p.path, p.line) == ("codebook/quotes/IN_01.yaml", 4)


def test_duplicate_key(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, study_yaml=STUDY + "year: 2027\n"), "duplicate-key")
    assert (p.path, p.line) == ("codebook/study.yaml", 17)
    assert "line 5" in p.hint


def test_empty_file(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, concepts_yaml="# nothing yet\n"), "empty-file")
    assert p.path == "codebook/concepts.yaml"


def test_bom_and_non_utf8(tmp_path: Path) -> None:
    root = write_codebook(tmp_path)
    (root / "concepts.yaml").write_bytes(b"\xef\xbb\xbf" + (root / "concepts.yaml").read_bytes())
    (root / "references.yaml").write_bytes((root / "references.yaml").read_bytes().replace(b"Allen", b"All\xe9n"))
    problems = load_codebook(root, tmp_path).problems
    rules = {(p.path, p.rule, p.line) for p in problems if p.rule == "encoding"}
    assert ("codebook/concepts.yaml", "encoding", 1) in rules
    assert ("codebook/references.yaml", "encoding", 4) in rules


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 12):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    p = only(problems_of(tmp_path, concepts_yaml=bomb), "yaml-alias")
    assert p.path == "codebook/concepts.yaml"


def test_python_tags_are_refused(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, concepts_yaml="concepts: !!python/object/apply:os.system [echo hi]\n"),
             "yaml-tag")
    assert (p.path, p.line) == ("codebook/concepts.yaml", 1)


def test_very_large_file_is_refused(tmp_path: Path) -> None:
    big = "concepts:\n" + ("# padding " * 30 + "\n") * 8000
    p = only(problems_of(tmp_path, concepts_yaml=big), "file-too-large")
    assert p.path == "codebook/concepts.yaml"


# -- schema level ---------------------------------------------------------------------------------
def test_wrong_type(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, study_yaml=STUDY.replace("year: 2026", "year: [2026]")), "wrong-type")
    assert (p.path, p.line) == ("codebook/study.yaml", 5)
    assert "whole number" in p.message


def test_text_given_as_plain_string(tmp_path: Path) -> None:
    bad = CATEGORY.replace("summary: {basis: article, de: Kurz., en: Short.}", "summary: Kurz.")
    p = only(problems_of(tmp_path, categories__haupt_yaml=bad), "wrong-type")
    assert p.line == 7 and "de:" in p.hint


def test_unknown_field_with_did_you_mean(tmp_path: Path) -> None:
    bad = CATEGORY.replace("summary:", "sumary:", 1)
    problems = problems_of(tmp_path, categories__haupt_yaml=bad)
    p = only(problems, "unknown-field")
    assert (p.line, p.hint) == (7, "did you mean 'summary'?")
    assert only(problems, "missing-field").message.startswith("required field 'summary'")


def test_missing_required_field(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, study_yaml=STUDY.replace("year: 2026\n", "")), "missing-field")
    assert p.path == "codebook/study.yaml" and "'year'" in p.message


def test_missing_language(tmp_path: Path) -> None:
    bad = CATEGORY.replace("label: {de: Dimension A, en: Dimension A}", "label: {de: Dimension A}")
    p = only(problems_of(tmp_path, categories__haupt_yaml=bad), "missing-language")
    assert (p.path, p.line) == ("codebook/categories/haupt.yaml", 18)
    assert "'en'" in p.message


def test_missing_translation_of_a_quote(tmp_path: Path) -> None:
    bad = QUOTES.replace('translation: {en: "We are a team [MA]."}', "translation: {}")
    problems = problems_of(tmp_path, quotes__IN_01_yaml=bad)
    assert any(p.line == 5 and p.path == "codebook/quotes/IN_01.yaml" for p in problems), problems


def test_invalid_id_syntax(tmp_path: Path) -> None:
    bad = CATEGORY.replace("  - id: dim-a", "  - id: dim a!")
    problems = problems_of(tmp_path, categories__haupt_yaml=bad)
    p = next(p for p in problems if p.rule == "invalid-id")
    assert (p.path, p.line) == ("codebook/categories/haupt.yaml", 15)


def test_uncoded_quote_is_an_error(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, quotes__IN_01_yaml=QUOTES.replace(CODING, "codings: []")),
             "uncoded-quote")
    assert (p.path, p.line, p.severity) == ("codebook/quotes/IN_01.yaml", 6, "error")


# -- across files ---------------------------------------------------------------------------------
def test_duplicate_id_across_files(tmp_path: Path) -> None:
    other = CATEGORY.replace("id: haupt", "id: zweite").replace("dim-a", "theorie")
    other = other.replace("order: 1\nbasis", "order: 2\nbasis")
    p = only(problems_of(tmp_path, categories__zweite_yaml=other), "duplicate-id")
    assert "theorie" in p.message
    assert {p.path, p.message.rsplit(" in ", 1)[1].split(":")[0]} == {"codebook/concepts.yaml",
                                                                      "codebook/categories/zweite.yaml"}


def test_id_must_match_file_name(tmp_path: Path) -> None:
    root = write_codebook(tmp_path)
    (root / "categories" / "haupt.yaml").rename(root / "categories" / "main.yaml")
    p = only(load_codebook(root, tmp_path).problems, "id-file-mismatch")
    assert (p.path, p.line) == ("codebook/categories/main.yaml", 1)


def test_quote_id_must_start_with_source(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, quotes__IN_01_yaml=QUOTES.replace("id: IN_01-1", "id: IN_02-1")),
             "id-file-mismatch")
    assert p.line == 3 and "IN_01-1" in p.hint


def test_unknown_coding_with_suggestion(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, quotes__IN_01_yaml=QUOTES.replace(CODING, "codings: [{id: dim-b, basis: article}]")),
             "unknown-category")
    assert (p.path, p.line) == ("codebook/quotes/IN_01.yaml", 6)
    assert p.hint == "did you mean 'dim-a'?"


def test_unknown_references_of_every_kind(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        concepts_yaml="concepts:\n  - id: theorie\n    label: {de: T, en: T}\n"
                      "    summary: {basis: editors, de: T., en: T.}\n"
                      "    references: [allen2001]\n    related: [nix]\n",
        quotes__IN_01_yaml=QUOTES.replace("type: IN", "type: XX"),
    )
    rules = {(p.rule, p.line) for p in problems}
    assert ("unknown-reference", 5) in rules
    assert ("unknown-concept", 6) in rules
    assert ("unknown-source-type", 1) in rules


def test_unknown_parent(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, categories__haupt_yaml=CATEGORY.replace("parent: null", "parent: hauptt")),
             "unknown-category")
    assert p.line == 2


def test_cycle_in_category_tree(tmp_path: Path) -> None:
    a = CATEGORY.replace("parent: null", "parent: zwei")
    b = ("id: zwei\nparent: haupt\norder: 2\nbasis: editors\nlabel: {de: Z, en: Z}\n"
         "summary: {basis: editors, de: Z., en: Z.}\n")
    problems = problems_of(tmp_path, categories__haupt_yaml=a, categories__zwei_yaml=b)
    cycles = [p for p in problems if p.rule == "cycle"]
    assert {p.path for p in cycles} == {"codebook/categories/haupt.yaml", "codebook/categories/zwei.yaml"}
    assert all(p.line == 2 for p in cycles)


def test_unknown_link_in_markdown_field(tmp_path: Path) -> None:
    bad = CATEGORY.replace("See [[concept:theorie]].", "See [[concept:theroie]].")
    p = only(problems_of(tmp_path, categories__haupt_yaml=bad), "unknown-link")
    assert (p.path, p.line, p.column) == ("codebook/categories/haupt.yaml", 13, 9)
    assert p.hint == "did you mean 'theorie'?"


def test_category_without_evidence_is_a_warning(tmp_path: Path) -> None:
    extra = CATEGORY.replace("id: haupt", "id: leer").replace("dim-a", "dim-leer")
    extra = extra.replace("order: 1\nbasis", "order: 2\nbasis")
    problems = problems_of(tmp_path, categories__leer_yaml=extra)
    warned = {(p.message.split("'")[1], p.severity) for p in problems if p.rule == "no-evidence"}
    assert warned == {("leer", "warning"), ("dim-leer", "warning")}


def test_raw_html_in_markdown_is_rejected(tmp_path: Path) -> None:
    bad = CATEGORY.replace("See [[concept:theorie]].", 'See <script>alert(1)</script> [x](javascript:alert(1)).')
    problems = [p for p in problems_of(tmp_path, categories__haupt_yaml=bad) if p.rule == "unsafe-markup"]
    assert [(p.line, p.column) for p in problems] == [(13, 9), (13, 25), (13, 39)]
    assert "javascript: URLs are not allowed" in problems[2].message


def test_all_errors_reported_together(tmp_path: Path) -> None:
    """A broken study.yaml hides nothing: references, cycles and links elsewhere are still checked."""
    cycle = ("id: zwei\nparent: drei\norder: 2\nbasis: editors\nlabel: {de: Z, en: Z}\n"
             "summary: {basis: editors, de: Z., en: Z.}\n")
    problems = problems_of(
        tmp_path,
        study_yaml=STUDY.replace("year: 2026", "year: soon"),
        quotes__IN_01_yaml=QUOTES.replace(CODING, "codings: [{id: nothing, basis: article}]"),
        categories__haupt_yaml=CATEGORY.replace("See [[concept:theorie]].", "See [[concept:theori]]."),
        categories__zwei_yaml=cycle,
        categories__drei_yaml=cycle.replace("id: zwei", "id: drei").replace("parent: drei", "parent: zwei"),
        concepts_yaml=CONCEPTS.replace("references: [allen2000]", "references: [allen2001]"),
    )
    found = sorted((p.path, p.line, p.rule) for p in problems)
    assert found == [
        ("codebook/categories/drei.yaml", 2, "cycle"),
        ("codebook/categories/haupt.yaml", 13, "unknown-link"),
        ("codebook/categories/zwei.yaml", 2, "cycle"),
        ("codebook/concepts.yaml", 5, "unknown-reference"),
        ("codebook/quotes/IN_01.yaml", 6, "unknown-category"),
        ("codebook/study.yaml", 5, "wrong-type"),
    ], [p.format() for p in problems]


BLOCK = """\
concepts:
  - id: theorie
    label: {{de: T, en: T}}
    summary: {{basis: editors, de: T., en: T.}}
    description:
      basis: editors
      de: {style}
        Erste Zeile des Textes,
        zweite Zeile mit [[concept:nirgends]] mittendrin.

        Ein neuer Absatz mit [[term:fehlt]].
      en: See [[concept:theorie]].
    references: [allen2000]
"""


def where(text: str, *needles: str) -> list[tuple[int, int]]:
    """Line and column of each needle in a file's text, as an editor shows them."""
    lines = text.splitlines()
    return [next((n, ln.index(needle) + 1) for n, ln in enumerate(lines, 1) if needle in ln) for needle in needles]


@pytest.mark.parametrize("style", [">", ">-", "|", "|-", "plain", "quoted"])
def test_links_in_multi_line_texts_are_located_exactly(tmp_path: Path, style: str) -> None:
    text = BLOCK.format(style=style)
    if style in ("plain", "quoted"):
        text = text.replace(f"      de: {style}\n        Erste", "      de: Erste")
    if style == "quoted":
        text = text.replace("de: Erste", 'de: "Erste').replace("[[term:fehlt]].", '[[term:fehlt]]."')
    problems = [p for p in problems_of(tmp_path, concepts_yaml=text) if p.rule == "unknown-link"]
    assert [(p.line, p.column) for p in problems] == where(text, "[[concept:nirgends]]", "[[term:fehlt]]"), \
        [p.format() for p in problems]


@pytest.mark.parametrize("name", ["stuff.yaml", "categorys"])
def test_unknown_files_are_warned(tmp_path: Path, name: str) -> None:
    root = write_codebook(tmp_path)
    target = root / name
    if name.endswith(".yaml"):
        target.write_text("a: 1\n")
    else:
        target.mkdir()
    p = only(load_codebook(root, tmp_path).problems, "unknown-file")
    assert p.severity == "warning"


def test_control_character_is_located(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, concepts_yaml="concepts:\n  - id: the\x00orie\n"), "yaml-syntax")
    assert (p.path, p.line, p.column) == ("codebook/concepts.yaml", 2, 12)


RECOMMENDATIONS = """\
recommendations:
  - id: empfehlung
    kind: practice
    label: {de: E, en: R}
    summary: {basis: editors, de: E., en: R.}
    categories: [haupt, dim-x]
    concepts: [theorie, theorie-x]
"""

GLOSSARY = """\
terms:
  - id: pu
    term: {de: Peer, en: Peer}
    definition: {basis: editors, de: D., en: D.}
    related: [theorie, nirgends]
"""


@pytest.mark.parametrize("changes, path, line, rule", [
    ({"recommendations_yaml": RECOMMENDATIONS}, "codebook/recommendations.yaml", 6, "unknown-category"),
    ({"recommendations_yaml": RECOMMENDATIONS}, "codebook/recommendations.yaml", 7, "unknown-concept"),
    ({"glossary_yaml": GLOSSARY}, "codebook/glossary.yaml", 5, "unknown-id"),
    ({"categories__haupt_yaml": CATEGORY + "    related: [dim-z]\n"}, "codebook/categories/haupt.yaml", 20,
     "unknown-category"),
    ({"categories__haupt_yaml": CATEGORY.replace("summary: {basis: article, de: Kurz., en: Short.}",
                                                 "summary: {basis: article, de: Kurz., en: Short.}\n"
                                                 "concepts: [theori]")},
     "codebook/categories/haupt.yaml", 8, "unknown-concept"),
    ({"concepts_yaml": "concepts:\n  - id: theorie\n    parent: oben\n    label: {de: T, en: T}\n"
                       "    summary: {basis: editors, de: T., en: T.}\n"}, "codebook/concepts.yaml", 3,
     "unknown-concept"),
    ({"quotes__IN_01_yaml": QUOTES.replace(CODING,
                                           "codings: [{id: dim-a, basis: article}, {id: theorie, basis: editors}]")},
     "codebook/quotes/IN_01.yaml", 6, "wrong-reference"),
])
def test_dangling_reference_of_every_kind(tmp_path: Path, changes: dict[str, str], path: str, line: int,
                                          rule: str) -> None:
    found = [p for p in problems_of(tmp_path, **changes) if p.rule == rule]
    assert found, rule
    assert (found[0].path, found[0].line) == (path, line), found[0].format()
    assert found[0].hint
