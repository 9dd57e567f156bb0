"""Parsed codebook files kept between checks: the same answers as parsing, never stale, never in the way."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from befund import parsecache, usercache
from befund.check import Checker, SiteCheck
from befund.load import Document, parse_text
from befund.parsecache import ParseCache
from befund.siteconfig import read_site
from befund.usercache import Pack
from befund.validate import FileCache, load_codebook

from minimal import write_codebook


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(folder))
    return folder / "codebook"


def _check(site: Path) -> tuple[SiteCheck, int]:
    """A check as a new ``befund check`` process makes it: a new Checker; and how many files it parsed."""
    checker = Checker()
    checked = checker.check(read_site(site / "mkdocs.yml").layout)
    return checked, checker.reread


def _files(site: Path) -> int:
    return len(list((site / "codebook").rglob("*.yaml")))


def test_a_second_check_parses_nothing_and_finds_the_same(site_copy: Path, cache: Path) -> None:
    first, parsed = _check(site_copy)
    assert parsed == _files(site_copy)
    packs = sorted(cache.iterdir())
    assert 1 < len(packs) <= parsecache.SHARDS  # the codebook folder's files, split by file
    assert len({pack.name.split("-")[0] for pack in packs}) == 1
    second, parsed = _check(site_copy)
    assert parsed == 0
    assert second.problems == first.problems
    assert second.codebook is not None and first.codebook is not None
    assert second.codebook.quotes == first.codebook.quotes
    assert second.codebook.categories == first.codebook.categories
    assert second.codebook.study == first.codebook.study
    # texts carry where each character stood (for lint messages inside multi-line texts)
    assert [(t.owner, t.field, t.values) for t in second.codebook.texts] == \
        [(t.owner, t.field, t.values) for t in first.codebook.texts]
    assert _places(second) == _places(first)


def _places(checked: SiteCheck) -> list[tuple[str, int, int, tuple[int, int]]]:
    """Where each text and the middle of it stand."""
    assert checked.codebook is not None
    return [(spot.path, spot.line, spot.column, spot.at(len(field.values[lang]) // 2))
            for field in checked.codebook.texts for lang, spot in field.spots.items()]


def test_an_edited_file_is_parsed_again_and_its_problems_are_reported(site_copy: Path, cache: Path) -> None:
    _check(site_copy)
    glossary = site_copy / "codebook" / "glossary.yaml"
    original = glossary.read_text("utf-8")
    glossary.write_text(original.replace("terms:", "terms:\n  - id: broken\n", 1), "utf-8")
    broken, parsed = _check(site_copy)
    assert parsed == 1
    assert any(p.path == "codebook/glossary.yaml" and p.rule == "missing-field" for p in broken.problems)
    again, parsed = _check(site_copy)
    assert parsed == 0 and again.problems == broken.problems  # a file's problems are kept with it
    glossary.write_text(original, "utf-8")
    mended, parsed = _check(site_copy)
    assert parsed == 1
    assert not any(p.path == "codebook/glossary.yaml" for p in mended.problems)


def test_a_file_that_does_not_parse_is_kept_with_its_problem(tmp_path: Path, cache: Path) -> None:
    write_codebook(tmp_path, glossary_yaml='terms:\n  - id: x\n    term: {de: "offen, en: x}\n')
    first = load_codebook(tmp_path / "codebook", tmp_path, cache=_file_cache(tmp_path))
    second = load_codebook(tmp_path / "codebook", tmp_path, cache=_file_cache(tmp_path))
    syntax = [p for p in first.problems if p.rule == "yaml-syntax"]
    assert syntax and syntax == [p for p in second.problems if p.rule == "yaml-syntax"]
    assert first.problems == second.problems


def _file_cache(site: Path) -> FileCache:
    """A new run's cache of the codebook in *site*: nothing in memory, what earlier runs stored."""
    return FileCache(stored=ParseCache.open(site / "codebook"))


def test_another_befund_or_library_parses_everything_again(site_copy: Path, cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _check(site_copy)
    monkeypatch.setattr(parsecache, "_salt", lambda: b"another befund")
    assert _check(site_copy)[1] == _files(site_copy)
    assert _check(site_copy)[1] == 0


def test_the_salt_follows_befunds_code_and_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    salt = parsecache._salt()
    assert parsecache._salt() == salt
    monkeypatch.setattr(usercache, "__version__", "0.0.0-other")
    assert parsecache._salt() != salt


def _entries(cache: Path) -> dict[str, object]:
    """Every entry of the packs in *cache* (identity → key and parse)."""
    found: dict[str, object] = {}
    for pack in cache.iterdir():
        _salt, entries = pickle.loads(pack.read_bytes())
        found |= entries
    return found


def test_a_damaged_cache_file_is_parsed_around_and_replaced(site_copy: Path, cache: Path) -> None:
    first, _ = _check(site_copy)
    pack = max(cache.iterdir(), key=lambda pack: pack.stat().st_size)
    _salt, entries = pickle.loads(pack.read_bytes())
    for damage in (b"", b"not a pickle", pack.read_bytes()[:1000], pickle.dumps(["a list"])):
        pack.write_bytes(damage)
        checked, parsed = _check(site_copy)
        assert parsed == len(entries)  # the files of that pack, no others
        assert checked.problems == first.problems
        assert _check(site_copy)[1] == 0  # written anew


def test_deleted_files_leave_the_cache_and_old_codebooks_are_forgotten(site_copy: Path, cache: Path) -> None:
    _check(site_copy)
    packs = set(cache.iterdir())
    assert any("glossary.yaml" in identity for identity in _entries(cache))
    (site_copy / "codebook" / "glossary.yaml").unlink()
    _check(site_copy)
    entries = _entries(cache)
    assert len(entries) == _files(site_copy) and not any("glossary.yaml" in identity for identity in entries)

    month_ago = time.time() - 31 * 86400
    old, recent, other = cache / ("0" * 32 + ".pickle"), cache / ("1" * 32 + ".pickle"), cache / "mine.pickle"
    interrupted = cache / ".writing-k3j2h1"
    for path in (old, recent, other, interrupted):
        path.write_bytes(b"x")
    for path in (old, other, interrupted):
        os.utime(path, (month_ago, month_ago))
    _check(site_copy)
    assert not old.exists() and not interrupted.exists()
    assert recent.exists() and other.exists()  # used lately; not named as befund names them
    assert all(pack.exists() for pack in packs)
    shard = next(iter(packs))
    os.utime(shard, (month_ago, month_ago))
    Pack.open("codebook", site_copy / "elsewhere", b"salt")  # any run's opening removes unused packs
    assert not shard.exists()


def test_no_cache_where_others_may_write_or_when_turned_off(site_copy: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    (shared / "codebook").mkdir(parents=True)
    os.chmod(shared / "codebook", 0o777)  # cached parses are pickles: loading one runs code
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(shared))
    assert ParseCache.open(site_copy / "codebook") is None
    checked, parsed = _check(site_copy)
    assert parsed == _files(site_copy) and checked.ok
    assert list((shared / "codebook").iterdir()) == []
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(tmp_path / "private"))
    _check(site_copy)
    packs = list((tmp_path / "private" / "codebook").iterdir())
    for pack in packs:
        pack.chmod(0o666)  # a file others may write is not unpickled
    assert _check(site_copy)[1] == _files(site_copy)
    assert all(pack.stat().st_mode & 0o777 == 0o600 for pack in packs)  # written anew, privately
    assert _check(site_copy)[1] == 0
    monkeypatch.setenv("BEFUND_CACHE_DIR", "off")
    assert ParseCache.open(site_copy / "codebook") is None
    assert _check(site_copy)[1] == _files(site_copy)


def test_a_cache_that_cannot_be_written_costs_only_the_speed(site_copy: Path, cache: Path) -> None:
    first, _ = _check(site_copy)
    packs = sorted(p.name for p in cache.iterdir())
    for pack in cache.iterdir():
        pack.unlink()
        pack.mkdir()  # in the way of reading and of replacing it, for root too
    checked, parsed = _check(site_copy)
    assert parsed == _files(site_copy) and checked.problems == first.problems
    assert sorted(p.name for p in cache.iterdir()) == packs  # nothing half-written left behind


def test_a_pack_forgets_only_unwanted_entries_and_is_written_only_when_changed(tmp_path: Path) -> None:
    environ = {"BEFUND_CACHE_DIR": str(tmp_path / "cache")}
    pack = Pack.open("part", tmp_path / "codebook", b"salt", environ)
    assert pack is not None and pack.entries == {}
    pack.entries.update(a=1, b=2)
    pack.changed = True
    pack.save()
    pack.keep({"a", "b", "c"})  # c was never stored (say, a file that could not be read): nothing to forget
    assert not pack.changed
    pack.keep({"a"})
    assert pack.changed and pack.entries == {"a": 1}
    pack.save()
    again = Pack.open("part", tmp_path / "codebook", b"salt", environ)
    assert again is not None and again.entries == {"a": 1}
    other = Pack.open("part", tmp_path / "codebook", b"another befund", environ)
    assert other is not None and other.entries == {}


def test_an_edit_rewrites_only_the_pack_that_holds_the_file(site_copy: Path, cache: Path) -> None:
    """The parses are split over several files by codebook file: after one file is saved, one pack is
    written (at 10 000 quotes writing them all took 0.2 s of a check)."""
    _check(site_copy)
    written = {pack.name: pack.stat().st_ino for pack in cache.iterdir()}  # a pack is replaced, not edited
    glossary = site_copy / "codebook" / "glossary.yaml"
    glossary.write_text(glossary.read_text("utf-8") + "\n# a comment\n", "utf-8")
    assert _check(site_copy)[1] == 1
    now = {pack.name: pack.stat().st_ino for pack in cache.iterdir()}
    assert now.keys() == written.keys()
    assert len([name for name in now if now[name] != written[name]]) == 1
    assert _check(site_copy)[1] == 0


def test_a_pack_in_shards_keeps_each_entry_once_and_writes_the_changed_shard(tmp_path: Path) -> None:
    environ = {"BEFUND_CACHE_DIR": str(tmp_path / "cache")}
    pack = Pack.open("part", tmp_path / "codebook", b"salt", environ, shards=4)
    assert pack is not None
    pack.entries.update({f"file {n}": n for n in range(40)} | {b"bytes key": "b"})
    pack.changed = True
    pack.save()
    files = {file.name: file.stat().st_ino for file in (tmp_path / "cache" / "part").iterdir()}
    assert len(files) == 4
    again = Pack.open("part", tmp_path / "codebook", b"salt", environ, shards=4)
    assert again is not None and again.entries == pack.entries
    again.entries["file 7"] = "seven"
    again.keep(set(again.entries) - {"file 7"} | {"file 7"})  # nothing to forget
    again.changed = True
    again.save()
    now = {file.name: file.stat().st_ino for file in (tmp_path / "cache" / "part").iterdir()}
    assert len([name for name in now if now[name] != files[name]]) == 1
    third = Pack.open("part", tmp_path / "codebook", b"salt", environ, shards=4)
    assert third is not None and third.entries == again.entries and third.entries["file 7"] == "seven"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=6))
def test_a_pickled_document_keeps_its_lines(lines: list[str]) -> None:
    """Documents are pickled with their lines as one string (load.Document.__getstate__); any lines
    ``splitlines`` can give, none included, come back the same."""
    split = [piece for line in lines for piece in (line.splitlines() or [""])]
    doc = Document(Path("a.yaml"), "codebook/a.yaml", {"a": 1}, {("a",): (1, 4)}, split,
                   {("a",): ("plain", 0, 3, 0, 4)})
    again = pickle.loads(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL))
    assert again == doc and again.lines == split


def test_a_cached_parse_places_texts_as_a_fresh_parse_does(tmp_path: Path) -> None:
    text = 'a: |\n  first\n\n  second line\nb: "one\n  two"\n\nc: plain\n'
    doc, problems = parse_text(text, tmp_path / "a.yaml", "a.yaml")
    assert doc is not None and not problems
    again = pickle.loads(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL))
    for path in (("a",), ("b",), ("c",)):
        fresh, kept = doc.spot(path), again.spot(path)
        assert [fresh.at(i) for i in range(12)] == [kept.at(i) for i in range(12)]
