"""The [[kind:id]] syntax: a Markdown extension that resolves per language and page, leaves code alone,
and passages in other languages."""

from __future__ import annotations

import posixpath
from pathlib import Path

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from befund.links import find_links
from befund.mdext import Markdown, ShortLinks
from befund.render.queries import page_url, relative_url
from befund.resolve import LinkResolver, relative_href, relative_path
from befund.targets import Target
from befund.validate import load_codebook

from minimal import CATEGORY, write_codebook

TARGETS = {
    ("category", "augenhoehe"): Target("categories/grenzminimierungen.md", "augenhoehe",
                                       {"de": "Zusammenarbeit „auf Augenhöhe“", "en": "Working together"}),
    ("category", "team"): Target("categories/team.md", "", {"de": "Akteur*innen [MA]", "en": "Team"}),
    ("ref", "burr2020"): Target("references.md", "burr2020", {"de": "Burr et al. 2020", "en": "Burr et al. 2020"}),
    ("page", "method"): Target("method.md", "", {}),
}


def render(text: str, lang: str = "de", page: str = "index.md", titles: dict[str, str] | None = None,
           extensions: tuple[str, ...] = ()) -> tuple[str, LinkResolver]:
    resolver = LinkResolver(TARGETS, lang, titles or {})
    resolver.page = page
    html = markdown.markdown(text, extensions=[*extensions, ShortLinks(resolver)])
    return html, resolver


def test_links_resolve_relative_to_the_page_with_the_label_in_its_language() -> None:
    text = "Siehe [[category:augenhoehe]] und [[page:method]]."
    de, resolver = render(text, "de", "sources/IN_14.md", {"method.md": "Methode"})
    assert resolver.errors == []
    assert de == ('<p>Siehe <a href="../categories/grenzminimierungen.md#augenhoehe">Zusammenarbeit „auf '
                  'Augenhöhe“</a> und <a href="../method.md">Methode</a>.</p>')
    en, _ = render(text, "en", "categories/grenzminimierungen.md", {"method.md": "Method"})
    assert en == '<p>Siehe <a href="#augenhoehe">Working together</a> und <a href="../method.md">Method</a>.</p>'


def test_codebook_labels_are_literal_but_author_labels_are_markdown() -> None:
    plain, _ = render("[[category:team]]")
    assert plain == '<p><a href="categories/team.md">Akteur*innen [MA]</a></p>'
    own, _ = render("[[category:team|*mein* Team]]")
    assert own == '<p><a href="categories/team.md"><em>mein</em> Team</a></p>'


def test_code_spans_and_fenced_blocks_show_the_syntax() -> None:
    text = "Schreiben Sie `[[category:x]]`:\n\n```\n[[category:augenhoehe]]\n```\n\n    [[category:team]]\n"
    html, resolver = render(text, extensions=("fenced_code",))
    assert resolver.errors == []
    assert "<code>[[category:x]]</code>" in html
    assert html.count("[[category:augenhoehe]]") == 1 and html.count("[[category:team]]") == 1
    assert "<a " not in html
    links = find_links(text + "\nAber [[category:team]].", Markdown(["fenced_code"]))
    assert [link.target for link in links] == ["team"]


def test_reference_locators() -> None:
    html, resolver = render("([[ref:burr2020, page 32]])")
    assert resolver.errors == []
    assert html == '<p>(<a href="references.md#burr2020">Burr et al. 2020, page 32</a>)</p>'
    _, resolver = render("[[category:team, page 3]]")
    assert resolver.errors[0].message.startswith("[[category:team, page 3]]: only references take a locator")


def test_unknown_targets_are_reported_with_a_suggestion() -> None:
    html, resolver = render("[[category:augenhohe]] [[nothing:x]]")
    assert html == "<p>[[category:augenhohe]] [[nothing:x]]</p>"
    assert [e.hint for e in resolver.errors] == ["did you mean 'augenhoehe'?",
                                                 "use one of category, quote, source, concept, recommendation, "
                                                 "term, ref, page, lang"]


def test_passages_in_another_language_are_marked_and_escaped() -> None:
    html, resolver = render("They call it “[[lang:de|auf Augenhöhe <b>]]”.", "en")
    assert resolver.errors == []
    assert html == '<p>They call it “<span lang="de">auf Augenhöhe &lt;b&gt;</span>”.</p>'
    _, resolver = render("[[lang:deutsch|x]] [[lang:de]]", "en")
    assert len(resolver.errors) == 2 and resolver.errors[0].hint == "write [[lang:de|auf Augenhöhe]]"


def test_relative_href() -> None:
    assert relative_href("index.md", "index.md", "x") == "#x"
    assert relative_href("categories/a.md", "sources/IN_01.md") == "../sources/IN_01.md"
    assert relative_href("categories/a.md", "categories/b.md", "d") == "b.md#d"


PART = st.sampled_from(["a", "b", "categories", "sources", "index.md", "IN_01.md", "x y", "ä"])
ODD = st.sampled_from([".", "..", "/a", "a//b", "./a", "a/../b", "a/", "/"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(PART, min_size=1, max_size=4), st.lists(PART, max_size=4))
def test_relative_path_is_relpath_for_page_sources(target: list[str], start: list[str]) -> None:
    target_path, start_path = "/".join(target), "/".join(start)
    assert relative_path(target_path, start_path) == posixpath.relpath(target_path, start_path or ".")


@given(ODD, st.one_of(ODD, st.just("")))
def test_relative_path_leaves_other_paths_to_relpath(target: str, start: str) -> None:
    assert relative_path(target, start) == posixpath.relpath(target, start or ".")


PAGE_SOURCE = st.lists(st.sampled_from(["a", "categories", "sources", "index", "IN_01", "x y", "ä"]),
                       min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md")


@settings(max_examples=2000, deadline=None)
@given(PAGE_SOURCE, PAGE_SOURCE, st.sampled_from(["", "IN_05-1"]))
def test_relative_url_is_the_relpath_of_the_page_urls(from_src: str, to_src: str, anchor: str) -> None:
    here, there = page_url(from_src), page_url(to_src)
    expected = "" if here == there else posixpath.relpath("/" + there, "/" + here) + "/"
    assert relative_url(from_src, to_src, anchor) == (f"{expected}#{anchor}" if anchor else expected or "./")


def test_bad_language_mark_in_the_codebook_is_located(tmp_path: Path) -> None:
    bad = CATEGORY.replace("See [[concept:theorie]].", "See [[lang:german|auf Augenhöhe]].")
    problems = [p for p in load_codebook(write_codebook(tmp_path, categories__haupt_yaml=bad), tmp_path).problems
                if p.rule == "unknown-link"]
    assert [(p.path, p.line, p.column) for p in problems] == [("codebook/categories/haupt.yaml", 13, 9)]


def test_links_in_codebook_code_are_not_checked(tmp_path: Path) -> None:
    shown = CATEGORY.replace("See [[concept:theorie]].", "Write `[[category:nirgends]]` to link.")
    problems = load_codebook(write_codebook(tmp_path, categories__haupt_yaml=shown), tmp_path).problems
    assert [p for p in problems if p.rule == "unknown-link"] == []
    broken = CATEGORY.replace("See [[concept:theorie]].", "Write `this` and [[category:nirgends]].")
    problems = load_codebook(write_codebook(tmp_path, categories__haupt_yaml=broken), tmp_path).problems
    assert [(p.line, p.column) for p in problems if p.rule == "unknown-link"] == [(13, 22)]


# -- plain text into Markdown -----------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab äß\\`*_{}[]()#+-.!><&\"'|~=:;/")), max_size=40))
def test_escaped_text_is_every_special_character_backslashed_once(text: str) -> None:
    import html

    from befund.safety import md_escape

    special = "\\`*_{}[]()#+-.!>"
    expected = "".join("\\" + char if char in special else char for char in html.escape(text, quote=True)
                       .replace("&#x27;", "&#39;").replace("&quot;", "&#34;"))
    assert md_escape(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc ÄÖÜ\\`*_{}[]()+-.!<>&|~=:")), min_size=1, max_size=30)
       .filter(lambda t: t.strip() == t and t))
def test_escaped_text_shows_literally(text: str) -> None:
    """What md_escape makes of a text, Markdown shows as that text: no emphasis, link, code or tag."""
    import html

    from befund.safety import md_escape

    rendered = markdown.markdown(str(md_escape(text)))
    assert rendered == f"<p>{html.escape(text, quote=False)}</p>"
