"""Research integrity: what is the article's and what the editors' is marked; quotes in the article's
order, in full once per page; attribution on every page; every citation linked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from befund.build import BuildError, build_site
from befund.validate import load_codebook

from htmlscan import Scan
from minimal import CATEGORY, QUOTES, write_codebook

LANGS = ("de", "en")
MARKS = {"de": ("Lesart der Redaktion", "Artikel, Abschn."), "en": ("Editors' reading", "Article, section")}


@pytest.fixture(scope="module")
def codebook(repo: Path):
    result = load_codebook(repo / "codebook", repo)
    assert result.ok
    return result.codebook


def pages(site: Path, lang: str) -> list[Path]:
    base = site if lang == "de" else site / "en"
    return [p for p in base.rglob("*.html") if lang == "en" or not p.relative_to(site).as_posix().startswith("en/")]


def scan(site: Path, lang: str, path: str) -> Scan:
    base = site if lang == "de" else site / "en"
    return Scan((base / path / "index.html").read_text("utf-8"))


# -- provenance in the model ------------------------------------------------------------------------

def test_a_text_without_basis_fails_check(tmp_path: Path) -> None:
    bad = CATEGORY.replace("summary: {basis: article, de: Kurz., en: Short.}", "summary: {de: Kurz., en: Short.}")
    problems = load_codebook(write_codebook(tmp_path, categories__haupt_yaml=bad), tmp_path).problems
    assert [(p.rule, p.path, p.line, p.field) for p in problems] == \
        [("missing-basis", "codebook/categories/haupt.yaml", 7, "summary")]
    assert "basis: article" in problems[0].hint and "basis: editors" in problems[0].hint


def test_a_coding_without_basis_and_an_article_text_without_section_fail(tmp_path: Path) -> None:
    quotes = QUOTES.replace("codings: [{id: dim-a, basis: article}]\n    section: \"5.1\"", "codings: [{id: dim-a}]")
    category = CATEGORY.replace('section: "5.1"\n', "")
    problems = load_codebook(write_codebook(tmp_path, quotes__IN_01_yaml=quotes, categories__haupt_yaml=category),
                             tmp_path).problems
    assert sorted((p.rule, p.field) for p in problems) == [("missing-basis", "quotes[0].codings[0]"),
                                                           ("missing-section", "basis"),
                                                           ("missing-section", "summary.basis")]


def test_editorial_blocks_are_marked_in_both_languages(built_site: Path, codebook) -> None:
    editors = [t for t in codebook.texts if t.basis is not None and t.basis.kind == "editors"]
    assert editors, "the study has editorial texts"
    for lang in LANGS:
        glossary = scan(built_site, lang, "glossary")
        marked = [e for e in glossary.root.find_all("div") if e.attrs.get("data-basis") == "editors"]
        assert marked and all(MARKS[lang][0] in e.content for e in marked)
        category = scan(built_site, lang, "categories/grenzminimierungen")
        dims = [e for e in category.root.find_all("span") if e.attrs.get("data-basis") == "editors"]
        assert len([d for d in dims if "befund-basis" in d.attrs.get("class", "")]) >= 4  # the editors' dimensions
        article = [e for e in category.root.find_all("div") if e.attrs.get("data-basis") == "article"]
        assert article and all(MARKS[lang][1] in e.content for e in article)


def test_editorial_codings_are_marked(built_site: Path, codebook) -> None:
    quote = codebook.quotes["IN_08-1"]
    assert [c.basis.kind for c in quote.codings] == ["article", "editors"]
    for lang in LANGS:
        figure = scan(built_site, lang, "sources/IN_08").by_id["IN_08-1"]
        kinds = [s.attrs["data-basis"] for s in figure.find_all("span")
                 if "befund-basis--coding" in s.attrs.get("class", "")]
        assert kinds == ["article", "editors"]


# -- quotes: article order, once per page, every coding listed -----------------------------------------

def test_every_page_has_unique_ids(built_site: Path) -> None:
    for lang in LANGS:
        for page in pages(built_site, lang):
            ids = re.findall(r'\sid="([^"]+)"', page.read_text("utf-8"))
            twice = sorted({i for i in ids if ids.count(i) > 1})
            assert twice == [], f"{page}: {twice}"


def test_a_duplicate_id_fails_the_build(site_copy: Path) -> None:
    override = site_copy / "overrides" / "befund"
    override.mkdir(parents=True)
    (override / "glossary.md.j2").write_text("---\ntitle: x\n---\n# x\n\n## a {: #same }\n\n## b {: #same }\n")
    with pytest.raises(BuildError, match=r"glossary\.md has the same id more than once: same"):
        build_site(site_copy / "mkdocs.yml", site_copy / "site", strict=False)


def test_quotes_appear_in_full_once_per_page_in_the_article_order(built_site: Path, codebook) -> None:
    for cat in (c for c in codebook.categories.values() if c.kind == "category"):
        nodes = [cat.id] + [d.id for d in codebook.children(cat.id, "dimension")]
        shown = {q.id for n in nodes for q in codebook.quotes_coded(n)}
        for lang in LANGS:
            html = (built_site / ("" if lang == "de" else "en") / "categories" / cat.id / "index.html").read_text()
            full = re.findall(r'<figure class="befund-quote" id="([^"]+)"', html)
            assert sorted(full) == sorted(shown), cat.id
            for node in nodes:  # within a node, in the order the article cites them
                start = html.find(f'id="{node}"')
                end = min([html.find(f'id="{n}"', start + 1) for n in nodes if html.find(f'id="{n}"', start + 1) > 0]
                          or [len(html)])
                here = re.findall(r'<figure class="befund-quote" id="([^"]+)"', html[start:end])
                orders = [codebook.quotes[q].order for q in here]
                assert orders == sorted(orders), (cat.id, node, here)


def test_a_quote_assigned_twice_on_one_page_is_shown_once_and_referred_to(built_site: Path, codebook) -> None:
    quote = codebook.quotes["GD_02-1"]  # augenhoehe (article) and ergaenzendes-wissen (editors), one page
    assert [c.id for c in quote.codings] == ["augenhoehe", "ergaenzendes-wissen"]
    for lang in LANGS:
        html = (built_site / ("" if lang == "de" else "en") / "categories/grenzminimierungen/index.html").read_text()
        assert html.count('id="GD_02-1"') == 1
        refs = re.findall(r'<p class="befund-quote-ref" data-basis="editors">.*?</p>', html, re.S)
        assert any('href="#GD_02-1"' in ref for ref in refs)


def test_source_pages_list_every_coding(built_site: Path, codebook) -> None:
    for quote in codebook.quotes.values():
        caption = scan(built_site, "de", f"sources/{quote.source}").by_id[quote.id].find_all("figcaption")[0]
        hrefs = [a.attrs.get("href", "") for a in caption.find_all("a")]
        for coding in quote.codings:
            home = codebook.page_category(coding.id).id
            anchor = "" if home == coding.id else f"#{coding.id}"
            assert f"../../categories/{home}/{anchor}" in hrefs, (quote.id, coding.id)


# -- attribution ---------------------------------------------------------------------------------------

def test_every_page_carries_the_attribution_in_its_language(built_site: Path) -> None:
    deed = {"de": "https://creativecommons.org/licenses/by/4.0/deed.de",
            "en": "https://creativecommons.org/licenses/by/4.0/deed.en"}
    name = {"de": "Namensnennung 4.0 International", "en": "Attribution 4.0 International"}
    for lang in LANGS:
        for page in pages(built_site, lang):
            html = page.read_text("utf-8")
            footer = html[html.index('class="befund-footer befund-attribution"'):]
            footer = footer[:footer.index("</p>")]
            assert f'href="{deed[lang]}" rel="license">Creative Commons {name[lang]}</a>' in footer, page
            assert "© The Author(s) 2026" in footer and "Klara Lammers (2026)" in footer
            assert re.search(r'href="[^"]*#changes"', footer), page


def test_the_article_is_named_with_an_honest_note_until_its_address_is_known(built_site: Path,
                                                                             site_copy: Path) -> None:
    for lang, note in (("de", "liegen der Redaktion noch nicht vor"), ("en", "not yet known to the editors")):
        assert note in scan(built_site, lang, "about").root.content
    study = site_copy / "codebook" / "study.yaml"
    study.write_text(study.read_text("utf-8").replace("doi: null", "doi: 10.1234/example"), "utf-8")
    build_site(site_copy / "mkdocs.yml", site_copy / "site")
    about = (site_copy / "site" / "about" / "index.html").read_text("utf-8")
    assert 'href="https://doi.org/10.1234/example"' in about and "noch nicht vor" not in about


# -- wording ----------------------------------------------------------------------------------------------

def test_counts_use_singular_and_plural(built_site: Path) -> None:
    for lang, one, wrong in (("de", "1 Zitat", "1 Zitate"), ("en", "1 quote", "1 quotes")):
        text = (built_site / ("" if lang == "de" else "en") / "categories" / "index.html").read_text("utf-8")
        assert one in text and wrong not in text


def test_the_conclusion_is_findable_by_its_name(built_site: Path) -> None:
    for lang, name in (("de", "Fazit"), ("en", "Conclusion")):
        html = (built_site / ("" if lang == "de" else "en") / "recommendations" / "index.html").read_text("utf-8")
        assert name in re.search(r"<title>(.*?)</title>", html).group(1)


def test_every_in_text_citation_is_linked(built_site: Path, codebook) -> None:
    families = {a.family for ref in codebook.references.values() for a in ref.author}
    citation = re.compile(r"\b(" + "|".join(re.escape(f) for f in sorted(families)) + r")\b[^.;()]{0,40}?\(?"
                          r"(?:19|20)\d\d[a-z]?\b")
    for lang in LANGS:
        for page in pages(built_site, lang):
            if page.parent.name in ("references",) or page.name == "404.html":
                continue
            html = page.read_text("utf-8")
            content = html[html.find("<article"):html.find("</article>")]
            content = re.sub(r"<a\b[^>]*>.*?</a>", " ", content, flags=re.S)  # linked citations are fine
            content = re.sub(r"<figure class=\"befund-quote\".*?</figure>", " ", content, flags=re.S)
            text = re.sub(r"<[^>]+>", "", content)
            found = [m.group(0) for m in citation.finditer(text) if str(codebook.study.year) not in m.group(0)]
            assert found == [], page  # the article itself (its year) is cited by the site, not a reference
