"""The real study site, built with `befund build` into a temporary folder, checked as HTML."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from befund.render import ui_labels
from befund.validate import load_codebook

from htmlscan import Scan, normalise

LANGS = ("de", "en")


@pytest.fixture(scope="session")
def codebook(repo: Path):
    result = load_codebook(repo / "codebook", repo)
    assert result.ok, [p.format() for p in result.problems]
    return result.codebook


def page(site: Path, lang: str, path: str) -> Scan:
    base = site if lang == "de" else site / lang
    return Scan((base / path / "index.html").read_text("utf-8"))


def html_pages(site: Path, lang: str) -> set[str]:
    base = site if lang == "de" else site / lang
    found = set()
    for f in base.rglob("*.html"):
        rel = f.relative_to(base).as_posix()
        if lang == "de" and rel.startswith("en/"):
            continue
        found.add(rel)
    return found


def test_both_languages_have_the_same_pages(built_site: Path) -> None:
    de, en = html_pages(built_site, "de"), html_pages(built_site, "en")
    assert de == en
    assert len(de) > 30


def test_every_quote_verbatim_with_anchor_on_category_and_source_page(built_site: Path, codebook) -> None:
    assert len(codebook.quotes) == 28
    assert len(codebook.sources) == 18
    for quote in codebook.quotes.values():
        home = codebook.page_category(quote.codings[0].id).id
        for path in (f"categories/{home}", f"sources/{quote.source}"):
            de = page(built_site, "de", path)
            figure = de.by_id.get(quote.id)
            assert figure is not None and figure.tag == "figure", f"{quote.id} has no anchor on {path}"
            blockquote = figure.find_all("blockquote")[0]
            assert blockquote.content == normalise(quote.original), f"{quote.id} not verbatim on {path}"
            assert blockquote.attrs.get("lang") == "de"
            en = page(built_site, "en", path).by_id[quote.id]
            assert en.find_all("blockquote")[0].content == normalise(quote.translation["en"])
            original = [s for s in en.find_all("span") if s.attrs.get("lang") == "de"]
            assert original and normalise(quote.original) in original[0].content
            assert "editors" in en.content


def test_quote_source_code_links_to_the_source_page(built_site: Path, codebook) -> None:
    quote = codebook.quotes["IN_14-1"]
    figure = page(built_site, "de", "categories/grenzminimierungen").by_id[quote.id]
    caption = figure.find_all("figcaption")[0]
    hrefs = [a.attrs["href"] for a in caption.find_all("a")]
    assert "../../sources/IN_14/" in hrefs
    assert f"#{quote.id}" in hrefs


def test_every_dimension_has_its_anchor_in_both_languages(built_site: Path, codebook) -> None:
    for cat in codebook.categories.values():
        home = codebook.page_category(cat.id).id
        for lang in LANGS:
            assert cat.id in page(built_site, lang, f"categories/{home}").by_id


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    ids_cache: dict[Path, set[str]] = {}

    def ids(file: Path) -> set[str]:
        if file not in ids_cache:
            ids_cache[file] = set(Scan(file.read_text("utf-8")).ids)
        return ids_cache[file]

    broken = []
    checked = 0
    for file in built_site.rglob("*.html"):
        if file.name == "404.html":
            continue  # served at arbitrary depths; its links are root-absolute
        scan = Scan(file.read_text("utf-8"))
        for href in scan.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target = file if not parts.path else (file.parent / unquote(parts.path))
            target = Path(posixpath.normpath(str(target)))
            if target.is_dir() or not target.suffix:
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{file.relative_to(built_site)}: {href}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                broken.append(f"{file.relative_to(built_site)}: {href} (no such anchor)")
    assert checked > 1000
    assert broken == []


def test_html_lang_on_every_page_including_404(built_site: Path) -> None:
    for lang in LANGS:
        base = built_site if lang == "de" else built_site / lang
        for file in base.rglob("*.html"):
            if lang == "de" and file.relative_to(built_site).parts[0] == "en":
                continue
            assert Scan(file.read_text("utf-8")).lang == lang, file
    assert "Seite nicht gefunden" in (built_site / "404.html").read_text("utf-8")
    assert "Page not found" in (built_site / "en" / "404.html").read_text("utf-8")


def test_absolute_hreflang_alternates_in_the_sitemaps(built_site: Path) -> None:
    root = "https://example.org/befund-lammers-2026/"
    for lang in LANGS:
        base = built_site if lang == "de" else built_site / lang
        sitemap = (base / "sitemap.xml").read_text("utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert len(locs) == len(html_pages(built_site, lang)) - 1  # every page but 404.html
        for loc in locs:
            path = loc.removeprefix(root).removeprefix("en/")
            for other in LANGS:
                href = root + ("" if other == "de" else "en/") + path
                assert f'<xhtml:link rel="alternate" hreflang="{other}" href="{href}"/>' in sitemap, loc


def test_absolute_hreflang_alternates_in_the_head(built_site: Path) -> None:
    root = "https://example.org/befund-lammers-2026/"
    for lang in LANGS:
        for path in ("", "categories/grenzminimierungen/", "sources/IN_25/", "method/"):
            base = built_site if lang == "de" else built_site / "en"
            html = (base / path / "index.html").read_text("utf-8")
            head = html[: html.index("</head>")]
            found = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', head))
            assert found == {"de": root + path, "en": root + "en/" + path, "x-default": root + path}
    assert 'rel="alternate"' not in (built_site / "404.html").read_text("utf-8")


def test_palette_toggles_are_named_in_the_page_language(built_site: Path) -> None:
    assert 'aria-label="Zum dunklen Farbschema wechseln"' in (built_site / "index.html").read_text("utf-8")
    assert 'aria-label="Switch to the dark colour scheme"' in (built_site / "en" / "index.html").read_text("utf-8")


def test_language_switcher_leads_to_the_same_page(built_site: Path) -> None:
    de = (built_site / "categories" / "grenzminimierungen" / "index.html").read_text("utf-8")
    assert 'href="../../en/categories/grenzminimierungen/" hreflang="en"' in de
    en = (built_site / "en" / "categories" / "grenzminimierungen" / "index.html").read_text("utf-8")
    assert 'href="../../../categories/grenzminimierungen/" hreflang="de"' in en


def test_each_language_has_its_own_search_index(built_site: Path, codebook) -> None:
    de = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text("utf-8"))
    assert de["config"]["lang"] == ["de"] and en["config"]["lang"] == ["en"]
    de_text = " ".join(d["text"] for d in de["docs"])
    en_text = " ".join(d["text"] for d in en["docs"])
    translation = codebook.quotes["IN_26-1"].translation["en"]
    assert normalise(translation)[:40] not in normalise(de_text)
    assert "Weltmeister" in de_text and "Weltmeister" in en_text  # en shows the German original too
    assert normalise(translation)[:40] in normalise(en_text)


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_pages_by_their_content_not_by_the_print_block(built_site: Path, lang: str) -> None:
    """Study, licence and address are on every printed page; in the index they would match every page
    and split each page into a preface and its heading's section."""
    base = built_site if lang == "de" else built_site / lang
    docs = json.loads((base / "search" / "search_index.json").read_text("utf-8"))["docs"]
    labels = ui_labels(lang)
    print_lines = (labels["print.qr"], f"{labels['print.source']}: Klara Lammers", "CC BY 4.0 – Lammers 2026")
    assert not [d["location"] for d in docs if any(line in d["text"] for line in print_lines)]
    pages = {d["location"].split("#")[0] for d in docs}
    assert {d["location"] for d in docs if "#" not in d["location"]} == pages  # each page has its own entry
    html = (base / "categories" / "grenzziehungen-von-aussen" / "index.html").read_text("utf-8")
    assert html.index('class="befund-print-meta"') < html.index("<h1")  # still printed above the title
    assert "befund-print-meta--end" in html


def test_no_request_to_third_party_hosts(built_site: Path) -> None:
    offenders = []
    for file in built_site.rglob("*.html"):
        scan = Scan(file.read_text("utf-8"))
        offenders += [r for r in scan.resources if re.match(r"(https?:)?//", r)]
    for css in built_site.rglob("*.css"):
        offenders += re.findall(r"url\((?:['\"])?(?:https?:)?//[^)]*\)", css.read_text("utf-8"))
        offenders += re.findall(r"@import[^;]*(?:https?:)?//", css.read_text("utf-8"))
    assert offenders == []
    assert "fonts.googleapis" not in (built_site / "index.html").read_text("utf-8")


def test_attribution_license_and_translation_note(built_site: Path) -> None:
    for lang in LANGS:
        about = page(built_site, lang, "about")
        assert f"https://creativecommons.org/licenses/by/4.0/deed.{lang}" in about.links
        assert "changes" in about.by_id and "translations" in about.by_id
    about_en = page(built_site, "en", "about").root.content
    assert "translated by the editors" in about_en


def test_generated_pages_are_not_written_into_the_sources(repo: Path, built_site: Path) -> None:
    assert not (repo / "content" / "de" / "categories").exists()
    assert not (repo / "content" / "de" / "index.md").exists()


def test_passages_in_the_other_language_are_marked(built_site: Path) -> None:
    en_refs = (built_site / "en" / "references" / "index.html").read_text("utf-8")
    title = "Fürsorgliche Verstrickung: Soziale Arbeit zwischen Profession und Freiwilligenarbeit"
    assert f'<span lang="de">{title}</span>' in en_refs
    de_refs = (built_site / "references" / "index.html").read_text("utf-8")
    assert '<span lang="en">Doing occupational demarcation' in de_refs
    assert '<span lang="de">Fürsorgliche' not in de_refs  # German titles need no mark on German pages
    en_cat = (built_site / "en" / "sources" / "IN_05" / "index.html").read_text("utf-8")
    assert '<span lang="de">auf Augenhöhe</span>' in en_cat
