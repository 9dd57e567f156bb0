"""Practitioners and trainers: findings first, readable for everyone, links that never break, handouts,
the concept map, wayfinding."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from click.testing import CliRunner

from befund.build import build_site
from befund.cli import main
from befund.permalinks import Permalink, _likely_successor
from befund.validate import load_codebook

LANGS = ("de", "en")


def html_of(site: Path, lang: str, path: str) -> str:
    return (site / ("" if lang == "de" else "en") / path / "index.html").read_text("utf-8")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def codebook(repo: Path):
    return load_codebook(repo / "codebook", repo).codebook


# -- findings first -------------------------------------------------------------------------------------

def test_home_page_starts_with_the_lead_and_the_findings(built_site: Path) -> None:
    for lang, findings in (("de", "Die Ergebnisse auf einen Blick"), ("en", "The findings at a glance")):
        html = html_of(built_site, lang, "")
        article = html[html.index("<article"):]
        lead = article.index("befund-lead")
        assert lead < article.index(findings) < article.index('class="befund-map"') < article.index('id="practice"')
        assert article.index('id="practice"') < article.index('<details class="befund-abstract" id="abstract">')


def test_every_category_page_opens_with_an_in_short_box(built_site: Path, codebook) -> None:
    for cat in (c for c in codebook.categories.values() if c.kind == "category"):
        for lang in LANGS:
            html = html_of(built_site, lang, f"categories/{cat.id}")
            box = re.search(r'<div class="befund-inshort">(.*?)</div>\s*(?=<div class="befund-reading|<h2)', html, re.S)
            assert box, cat.id
            text = box.group(1)
            assert html.index('class="befund-inshort"') < html.index('id="dimensions"') if 'id="dimensions"' in html \
                else True
            for dim in codebook.children(cat.id, "dimension"):
                n = len(codebook.quotes_coded(dim.id))
                assert f'href="#{dim.id}"' in text, (cat.id, dim.id)
                count = {"de": "Zitat" if n == 1 else "Zitate", "en": "quote" if n == 1 else "quotes"}[lang]
                assert f"· {n} {count}" in text
            assert 'class="befund-keyquote"' in text
            assert "handout/" in text


def test_in_short_links_the_practice_that_rests_on_the_category(built_site: Path, codebook) -> None:
    html = html_of(built_site, "de", "categories/grenzminimierungen")
    box = html[html.index('class="befund-inshort"'):html.index("Handout zum Ausdrucken")]
    resting = [r for r in codebook.recommendations.values()
               if r.kind == "practice" and {"gemeinsames-team", "augenhoehe", "ergaenzendes-wissen",
                                            "gemeinsame-akteursgruppe", "grenzminimierungen"} & set(r.categories)]
    assert resting
    for rec in resting:
        assert f'href="../../recommendations/#{rec.id}"' in box
    assert re.search(r'href="../../recommendations/#[\w-]+-questions">\d+ Fragen zur Reflexion', box)


# -- readable for everyone ------------------------------------------------------------------------------

def test_abbreviations_are_written_out_at_first_use_on_every_page(built_site: Path) -> None:
    expansions = {"de": {"PU": "Peer-Unterstützer*innen", "MA": "Mitarbeitende des Jobcenters"},
                  "en": {"PU": "peer supporters", "MA": "Jobcenter staff"}}
    for lang in LANGS:
        base = built_site if lang == "de" else built_site / "en"
        for page in base.rglob("index.html"):
            if lang == "de" and page.relative_to(built_site).as_posix().startswith("en/"):
                continue
            html = page.read_text("utf-8")
            article = re.sub(r'<figure class="befund-quote".*?</figure>', "", html[html.find("<article"):],
                             flags=re.S)
            for short, long in expansions[lang].items():
                uses = [m.start() for m in re.finditer(rf'<abbr title="[^"]*">{short}</abbr>', article)]
                if not uses:
                    continue
                first = article[uses[0]:uses[0] + 300]
                expanded = f'>{short}</abbr> (<a class="befund-abbr-expansion" href="' in first and f">{long}</a>)" \
                    in first
                introduced = article[max(0, uses[0] - 1):uses[0]] == "("  # the author's own "… (PU)"
                assert expanded or introduced, (page, short)
                assert article.count(f">{long}</a>)") == (0 if introduced else 1)  # at its first use only


def test_quote_ids_are_speakable(built_site: Path) -> None:
    html = html_of(built_site, "de", "categories/grenzminimierungen")
    assert 'aria-label="IN_14-1 (Einzelinterview 14, Zitat 1)"' in html
    assert 'aria-label="IN_14 (Einzelinterview 14)"' in html
    en = html_of(built_site, "en", "categories/grenzminimierungen")
    assert 'aria-label="IN_14-1 (Individual interview 14, quote 1)"' in en


def test_permalinks_and_the_language_switch_speak_the_pages_language(built_site: Path) -> None:
    de, en = (html_of(built_site, lang, "categories/grenzminimierungen") for lang in LANGS)
    assert 'title="Dauerhafter Link zu diesem Abschnitt"' in de and "Permanent link\"" not in de
    assert 'title="Permanent link to this section"' in en
    assert re.search(r'befund-lang-button" aria-haspopup="true">.*?<span class="befund-sr-only">Sprache wählen: '
                     r'</span><span class="befund-lang-button__code">DE</span><span class="befund-sr-only"> '
                     r'\(Deutsch, aktuelle Sprache\)</span>', de, re.S)
    assert "<span class=\"befund-sr-only\"> (English, current language)</span>" in en
    assert re.search(r'aria-current="true">\s*English <span class="befund-lang-current">', en)


def test_every_permanent_item_has_a_copy_link_button(built_site: Path, codebook) -> None:
    html = html_of(built_site, "de", "categories/grenzminimierungen")
    buttons = re.findall(r'<button type="button" class="befund-copy befund-copy--link md-button" '
                         r'data-copy-href="([^"]+)"[^>]*hidden>', html)
    dims = [d.id for d in codebook.children("grenzminimierungen", "dimension")]
    quotes = {q.id for d in dims for q in codebook.quotes_coded(d)}
    assert set(buttons) >= {"./"} | {f"#{d}" for d in dims} | {f"#{q}" for q in quotes}
    source = html_of(built_site, "de", "sources/IN_14")  # a quote's canonical address is its category page
    assert 'data-copy-href="../../categories/grenzminimierungen/#IN_14-1"' in source
    recs = html_of(built_site, "de", "recommendations")
    assert all(f'data-copy-href="#{r}"' in recs for r in codebook.recommendations)


# -- links that never break ------------------------------------------------------------------------------

def rename(site: Path, old: str, new: str) -> None:
    """Rename an id everywhere it is used (as a careless editor would, without a redirect)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in [*(site / "codebook").rglob("*.yaml"), *(site / "content").rglob("*.md")]:
        text = path.read_text("utf-8")
        if pattern.search(text):
            path.write_text(pattern.sub(new, text), "utf-8")


def test_a_renamed_dimension_fails_check_until_a_redirect_says_where_it_went(site_copy: Path) -> None:
    assert run("lock", str(site_copy)).exit_code == 0
    lock = (site_copy / "codebook" / "permalinks.lock").read_text("utf-8")
    assert "de /categories/grenzminimierungen/#augenhoehe" in lock and "en /en/" not in lock
    rename(site_copy, "augenhoehe", "zusammenarbeit-auf-augenhoehe")
    result = run("check", str(site_copy))
    assert result.exit_code == 1
    gone = [ln for ln in result.output.splitlines() if "permalink-gone" in ln]
    assert len(gone) == 2  # the anchor, in each language
    line = lock.splitlines().index("de /categories/grenzminimierungen/#augenhoehe") + 1
    assert gone[0].startswith(f"codebook/permalinks.lock:{line}:1: error[permalink-gone]: the published address "
                              "de /categories/grenzminimierungen/#augenhoehe no longer exists")
    assert "{from: augenhoehe, to: zusammenarbeit-auf-augenhoehe}" in gone[0]
    (site_copy / "codebook" / "redirects.yaml").write_text(
        "redirects:\n  - {from: augenhoehe, to: zusammenarbeit-auf-augenhoehe}\n", "utf-8")
    assert run("check", str(site_copy)).exit_code == 0
    build_site(site_copy / "mkdocs.yml", site_copy / "site")
    for lang in LANGS:
        html = html_of(site_copy / "site", lang, "categories/grenzminimierungen")
        # the old #augenhoehe stands right before the new anchor: the browser lands there, no script needed
        assert re.search(r'<span id="augenhoehe" class="befund-alias" aria-hidden="true"></span>'
                         r'<h3 id="zusammenarbeit-auf-augenhoehe"', html)


def test_the_suggested_redirect_is_an_id_published_since_the_lock_never_a_look_alike() -> None:
    page, other = "categories/a/", "categories/b/"
    where = {ident: (where, ident) for ident, where in [("third-dimension", page), ("renamed", page),
                                                        ("first-dimension-moved", other), ("unrelated", other)]}
    gone = Permalink("de", page, "first-dimension")
    assert _likely_successor("first-dimension", gone, where, ["renamed", "unrelated"]) == "renamed"  # alone there
    assert _likely_successor("first-dimension", gone, where, ["first-dimension-moved", "renamed"]) == \
        "first-dimension-moved"  # names the old id, even on another page
    assert _likely_successor("first-dimension", gone, where, ["unrelated"]) == "NEW-ID"  # nothing like it
    assert _likely_successor("first-dimension", gone, where, []) == "NEW-ID"  # third-dimension is still published


def test_a_renamed_category_page_redirects_with_its_anchors(site_copy: Path) -> None:
    assert run("lock", str(site_copy)).exit_code == 0
    rename(site_copy, "grenzziehungen-von-innen", "grenzziehungen-innen")
    (site_copy / "codebook" / "categories" / "grenzziehungen-von-innen.yaml").rename(
        site_copy / "codebook" / "categories" / "grenzziehungen-innen.yaml")
    assert run("check", str(site_copy)).exit_code == 1
    (site_copy / "codebook" / "redirects.yaml").write_text(
        "redirects:\n  - {from: grenzziehungen-von-innen, to: grenzziehungen-innen}\n", "utf-8")
    assert run("check", str(site_copy)).exit_code == 0, run("check", str(site_copy)).output
    build_site(site_copy / "mkdocs.yml", site_copy / "site")
    old = site_copy / "site" / "categories" / "grenzziehungen-von-innen" / "index.html"
    page = old.read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../grenzziehungen-innen/">' in page
    assert 'location.replace(m[h]!==undefined?m[h]:"../grenzziehungen-innen/"+location.hash)' in page
    handout = site_copy / "site" / "en" / "categories" / "grenzziehungen-von-innen" / "handout" / "index.html"
    assert "url=../../grenzziehungen-innen/handout/" in handout.read_text("utf-8")
    # the redirected addresses stay locked, so they keep working after the next befund lock
    assert run("lock", str(site_copy)).exit_code == 0
    assert "de /categories/grenzziehungen-von-innen/" in (site_copy / "codebook" / "permalinks.lock").read_text()


def test_the_studys_lock_file_matches_the_site(repo: Path, site_copy: Path) -> None:
    before = (repo / "codebook" / "permalinks.lock").read_text("utf-8")
    assert run("lock", str(site_copy)).exit_code == 0
    assert (site_copy / "codebook" / "permalinks.lock").read_text("utf-8") == before  # run befund lock, commit it


# -- the concept map and wayfinding ------------------------------------------------------------------------

def test_concept_map_links_resolve_to_their_sections(built_site: Path, codebook) -> None:
    for lang in LANGS:
        for path in ("", "categories"):
            html = html_of(built_site, lang, path)
            svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" class="befund-map"'):]
            svg = svg[:svg.index("</svg>")]
            hrefs = re.findall(r'<a href="([^"]+)"', svg)
            assert len(hrefs) == len(codebook.categories)
            base = f"/{'' if lang == 'de' else 'en/'}{path + '/' if path else ''}"
            for href in hrefs:
                target, anchor = urldefrag(urljoin(base, href))
                file = built_site / target.lstrip("/") / "index.html"
                assert file.is_file(), href
                assert not anchor or f'id="{anchor}"' in file.read_text("utf-8"), href


def test_the_findings_are_a_nested_clickable_section_with_breadcrumbs(built_site: Path) -> None:
    html = html_of(built_site, "de", "categories/grenzziehungen-von-aussen")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    assert re.search(r'<a href="../" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*Ergebnisse', nav)
    assert re.search(r'<a href="../grenzziehungen/" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*'
                     r'Grenzziehungen\s*</span>', nav)
    path = html[html.index('<nav class="md-path"'):]
    path = path[:path.index("</nav>")]
    assert [t.strip() for t in re.findall(r"<span class=\"md-ellipsis\">\s*([^<]+?)\s*</span>", path)] == \
        ["Startseite", "Ergebnisse", "Grenzziehungen"]


def test_the_404_page_offers_search_categories_and_the_quote_index(built_site: Path) -> None:
    for lang, words in (("de", "Suche öffnen"), ("en", "Open search")):
        html = (built_site / ("" if lang == "de" else "en") / "404.html").read_text("utf-8")
        content = html[html.index("<article"):]
        prefix = "" if lang == "de" else "en/"
        assert f'for="__search" role="button" tabindex="0">{words}</label>' in content
        assert re.search(rf'href="/[^"]*/{prefix}categories/grenzminimierungen/"', content)
        assert re.search(rf'href="/[^"]*/{prefix}quotes/"', content)


def test_the_quote_index_has_one_section_per_quote_in_article_order(built_site: Path, codebook) -> None:
    html = html_of(built_site, "de", "quotes")
    ids = re.findall(r'<h2 id="([^"]+)">', html)
    assert ids == [q.id for q in sorted(codebook.quotes.values(), key=lambda q: q.order)]
    assert html.count('<details class="befund-quote-entry__full">') == sum(
        len(q.original) > 160 for q in codebook.quotes.values())
    import json
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    entries = {d["location"] for d in index["docs"] if d["location"].startswith("quotes/#")} - {"quotes/#alle-zitate"}
    assert entries == {f"quotes/#{q}" for q in codebook.quotes}  # one search entry per quote
