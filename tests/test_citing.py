"""Researchers: references through citeproc-py, "cite this page" on every page, metadata for reference
managers and link previews, CITATION.cff."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

from befund.cli import main

LANGS = ("de", "en")


def html_of(site: Path, lang: str, path: str) -> str:
    return (site / ("" if lang == "de" else "en") / path / "index.html").read_text("utf-8")


def every_page(site: Path, lang: str) -> list[Path]:
    base = site if lang == "de" else site / "en"
    return [p for p in sorted(base.rglob("index.html"))
            if lang == "en" or not p.relative_to(site).as_posix().startswith("en/")]


def entry(html: str, ref_id: str) -> str:
    found = re.search(rf'<p class="befund-reference" id="{ref_id}">(.*?)</p>', html, re.S)
    assert found, ref_id
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_bibliography_is_formatted_by_the_citation_style(built_site: Path) -> None:
    de, en = html_of(built_site, "de", "references"), html_of(built_site, "en", "references")
    assert "(4. Aufl.)" in entry(de, "breuer2019") and "(4th ed.)" in entry(en, "breuer2019")
    for html in (de, en):
        assert "?." not in entry(html, "epp2022")
        ids = re.findall(r'<p class="befund-reference" id="([^"]+)"', html)
        assert ids[0] == "akerblom2023" and len(ids) == 27
    assert "2020-02-27" not in entry(de, "schubert2013") and "27.2.2020" in entry(de, "schubert2013")
    assert re.search(r'id="schubert2013">.*?<a href="https?://', de, re.S)  # the data's URL is linked


def test_citations_carry_their_locator_in_the_pages_language(built_site: Path) -> None:
    for lang, page_word in (("de", "S. 32"), ("en", "p. 32")):
        html = html_of(built_site, lang, "discussion")
        labels = re.findall(r'<a href="../references/#walker2013">([^<]+)</a>', html)
        assert any(label.endswith(page_word) for label in labels), labels


def test_unknown_reference_and_malformed_locator_are_check_errors(site_copy: Path) -> None:
    page = site_copy / "content" / "de" / "method.md"
    page.write_text(page.read_text("utf-8") + "\n[[ref:walker2031]] und [[ref:walker2013, Seite zweiunddreißig]]\n",
                    "utf-8")
    result = CliRunner().invoke(main, ["check", str(site_copy)])
    lines = [ln for ln in result.output.splitlines() if "unknown-link" in ln]
    assert result.exit_code == 1 and len(lines) == 2, result.output
    assert "did you mean 'walker2013'?" in lines[0] and "unknown locator label 'Seite'" in lines[1]


def test_every_page_can_be_cited_in_its_language(built_site: Path) -> None:
    for lang, summary, style_word in (("de", "Diese Seite zitieren", "Zugriff am"), ("en", "Cite this page",
                                                                                       "Retrieved")):
        for page in every_page(built_site, lang):
            html = page.read_text("utf-8")
            block = re.search(r'<details class="befund-cite" id="befund-cite" data-search-exclude>(.*?)</details>',
                              html, re.S)
            assert block, page
            text = block.group(1)
            assert summary in text and style_word in text, page
            assert "Lammers, K. (2026)" in text
            for name in ("bibtex", "ris", "csl-json"):
                assert f'<code id="befund-cite-{name}">' in text and f'data-copy-target="befund-cite-{name}"' in text
            data = json.loads(re.search(r'<code id="befund-cite-csl-json">(.*?)</code>', text, re.S).group(1)
                              .replace("&#34;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                              .replace("&#39;", "'"))
            assert [item["type"] for item in data] == ["webpage", "article"]
            assert data[1]["title"].startswith("„In dem Augenblick")  # the article's own title, in every language
            assert "DOI" not in data[1] and "container-title" not in data[1]  # nothing invented


def test_each_quote_says_how_to_cite_it(built_site: Path) -> None:
    for lang, form in (("de", "Lammers, 2026, Abschn. 5.1, IN_14-1"), ("en", "Lammers, 2026, Section 5.1, IN_14-1")):
        assert form in html_of(built_site, lang, "categories/grenzminimierungen")


def test_metadata_for_reference_managers_and_previews(built_site: Path) -> None:
    for lang in LANGS:
        for page in every_page(built_site, lang):
            html = page.read_text("utf-8")
            head = html[:html.index("</head>")]
            meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head))
            assert meta["DC.type"] == "webpage" and meta["og:type"] == "website", page
            for key in ("citation_title", "citation_publication_date", "citation_language", "citation_public_url",
                        "citation_abstract", "citation_keywords", "og:site_name", "og:title", "description"):
                assert meta.get(key), (page, key)
            assert re.findall(r'<meta name="citation_author" content="([^"]+)"', head) == ["Lammers, Klara"]
            assert "citation_journal_title" not in meta and "citation_doi" not in meta  # unknown: left out
            assert '<link rel="canonical"' in head and 'hreflang="en"' in head and 'hreflang="de"' in head
            ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
            assert ld["@type"] == "WebPage" and ld["isBasedOn"]["@type"] == "ScholarlyArticle"
            assert ld["inLanguage"] == lang and ld["url"] == meta["citation_public_url"]
            assert "Z3988" not in html  # no COinS: it would outrank the embedded metadata in Zotero


def test_the_home_page_title_is_not_doubled(built_site: Path) -> None:
    for lang, name in (("de", "Grenzarbeit in der Peer-Unterstützung"), ("en", "Boundary work in peer support")):
        title = re.search(r"<title>(.*?)</title>", html_of(built_site, lang, "")).group(1)
        assert title == name


def test_citation_cff_is_valid(repo: Path) -> None:
    schema = json.loads((repo / "tests" / "fixtures" / "cff" / "schema-1.2.0.json").read_text("utf-8"))
    data = yaml.safe_load((repo / "CITATION.cff").read_text("utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(data)
    assert data["preferred-citation"]["authors"][0]["family-names"] == "Lammers"
    assert "doi" not in data["preferred-citation"] and "journal" not in data["preferred-citation"]


def test_the_downloads_page_lists_every_file_the_site_offers(built_site: Path, repo: Path) -> None:
    from befund.export import FORMATS, downloads
    from befund.validate import load_codebook

    codebook = load_codebook(repo / "codebook", repo).codebook
    for lang in LANGS:
        folder = built_site / ("" if lang == "de" else "en") / "downloads"
        html = (folder / "index.html").read_text("utf-8")
        expected = downloads(codebook, lang)
        assert set(expected) == {name for fmt in FORMATS.values() for name in fmt.files}
        for name, content in expected.items():
            assert (folder / name).read_bytes() == content, name
            assert f'<a download href="{name}">{name}</a>' in html
    assert (built_site / "downloads" / "codebook.qdc").read_bytes() != \
        (built_site / "en" / "downloads" / "codebook.qdc").read_bytes()  # code names in the page's language


TRICKY_TITLES = ["Grenzziehungen „von außen“", "Tom & Jerry <b>not bold</b>", 'He said "yes" – or \'no\'?',
                 "Ends with a question?", "Dots ... and  two  spaces", "Ü-Umlaute: äöß / 50 % & more"]


def test_page_citations_filled_in_equal_a_full_citeproc_run(repo: Path) -> None:
    """The per-page entry is formatted once per site and filled in; it must be what citeproc makes."""
    from befund.citations import ARTICLE, Citations
    from befund.cite.csl import webpage_csl
    from befund.validate import load_codebook

    codebook = load_codebook(repo / "codebook", repo).codebook
    assert codebook is not None
    for lang in ("de", "en"):
        citations = Citations(codebook, lang)
        for n, title in enumerate(TRICKY_TITLES):
            url = f"https://example.net/site/{lang}/page-{n}/?a=1&b=2"
            got = citations.page(title, "Grenzarbeit", url, "2026-11-29", "Version 1.0")
            item = webpage_csl("page", f"{title} (Version 1.0)", "Grenzarbeit", url, accessed="2026-11-29",
                               language=lang)
            full = dict(citations.formatter.bibliography([item, citations.article]))
            assert (str(got.page), str(got.article)) == (str(full["page"]), str(full[ARTICLE])), (lang, title)
        assert len(citations._page_templates) == 1  # one citeproc run for all those pages
