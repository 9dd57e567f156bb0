"""The [[kind:id]] syntax: resolution per language and page, labels, and passages in other languages."""

from __future__ import annotations

from pathlib import Path

from befund.links import relative_href, resolve
from befund.sitemap import Target
from befund.validate import load_codebook

from minimal import CATEGORY, write_codebook

TARGETS = {
    ("category", "augenhoehe"): Target("categories/grenzminimierungen.md", "augenhoehe",
                                       {"de": "Zusammenarbeit „auf Augenhöhe“", "en": "Working together"}),
    ("category", "team"): Target("categories/team.md", "", {"de": "Akteur*innen [MA]", "en": "Team"}),
    ("page", "method"): Target("method.md", "", {}),
}


def test_links_resolve_relative_to_the_page_with_the_label_in_its_language() -> None:
    text = "Siehe [[category:augenhoehe]] und [[page:method]]."
    de, problems = resolve(text, "de", "sources/IN_14.md", TARGETS, {"method.md": "Methode"})
    assert problems == []
    assert de == ("Siehe [Zusammenarbeit „auf Augenhöhe“](../categories/grenzminimierungen.md#augenhoehe) "
                  "und [Methode](../method.md).")
    en, _ = resolve(text, "en", "categories/grenzminimierungen.md", TARGETS, {"method.md": "Method"})
    assert en == "Siehe [Working together](#augenhoehe) und [Method](../method.md)."


def test_codebook_labels_are_literal_but_author_labels_are_markdown() -> None:
    plain, _ = resolve("[[category:team]]", "de", "index.md", TARGETS)
    assert plain == r"[Akteur\*innen \[MA\]](categories/team.md)"
    own, _ = resolve("[[category:team|*mein* Team]]", "de", "index.md", TARGETS)
    assert own == "[*mein* Team](categories/team.md)"


def test_unknown_targets_are_reported_with_a_suggestion() -> None:
    text, problems = resolve("[[category:augenhohe]] [[nothing:x]]", "de", "index.md", TARGETS)
    assert text == "[[category:augenhohe]] [[nothing:x]]"
    assert [p.hint for p in problems] == ["did you mean 'augenhoehe'?",
                                          "use one of category, quote, source, concept, recommendation, term, "
                                          "ref, page, lang"]


def test_passages_in_another_language_are_marked_and_escaped() -> None:
    text, problems = resolve("They call it “[[lang:de|auf Augenhöhe <b>]]”.", "en", "index.md", TARGETS)
    assert problems == []
    assert text == 'They call it “<span lang="de">auf Augenhöhe &lt;b&gt;</span>”.'
    _, problems = resolve("[[lang:deutsch|x]] [[lang:de]]", "en", "index.md", TARGETS)
    assert len(problems) == 2 and problems[0].hint == "write [[lang:de|auf Augenhöhe]]"


def test_relative_href() -> None:
    assert relative_href("index.md", "index.md", "x") == "#x"
    assert relative_href("categories/a.md", "sources/IN_01.md") == "../sources/IN_01.md"
    assert relative_href("categories/a.md", "categories/b.md", "d") == "b.md#d"


def test_bad_language_mark_in_the_codebook_is_located(tmp_path: Path) -> None:
    bad = CATEGORY.replace("See [[concept:theorie]].", "See [[lang:german|auf Augenhöhe]].")
    problems = [p for p in load_codebook(write_codebook(tmp_path, categories__haupt_yaml=bad), tmp_path).problems
                if p.rule == "unknown-link"]
    assert [(p.path, p.line, p.column) for p in problems] == [("codebook/categories/haupt.yaml", 10, 9)]
