"""Compiled templates kept between builds: where, only when safe, never stale, never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from befund.build import build_site
from befund.templatecache import cache_folder, template_cache

from minimal import every_file, site_with_templates

EPOCH = "1709208000"


def test_the_folder_is_the_users_cache_unless_befund_cache_dir_says_otherwise(tmp_path: Path) -> None:
    assert cache_folder({"HOME": "/home/ada"}) == Path("/home/ada/.cache/befund/templates")
    assert cache_folder({"HOME": "/home/ada", "XDG_CACHE_HOME": "/var/cache/ada"}) == \
        Path("/var/cache/ada/befund/templates")
    assert cache_folder({"HOME": "/home/ada", "XDG_CACHE_HOME": "relative"}) == \
        Path("/home/ada/.cache/befund/templates")  # the XDG rule: a relative path is ignored
    assert cache_folder({"BEFUND_CACHE_DIR": str(tmp_path), "HOME": "/home/ada"}) == tmp_path / "templates"
    for off in ("off", "OFF", "0", "", "no"):
        assert cache_folder({"BEFUND_CACHE_DIR": off, "HOME": "/home/ada"}) is None
    assert cache_folder({}) is None


def test_a_folder_others_may_write_or_that_cannot_be_made_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "templates").mkdir(parents=True)
    os.chmod(shared / "templates", 0o777)  # cached templates are code that runs
    assert template_cache({"BEFUND_CACHE_DIR": str(shared)}) is None
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    assert template_cache({"BEFUND_CACHE_DIR": str(blocked)}) is None
    made = template_cache({"BEFUND_CACHE_DIR": str(tmp_path / "new")})
    assert made is not None
    assert (tmp_path / "new" / "templates").stat().st_mode & 0o777 == 0o700


def test_a_second_build_uses_the_cache_and_builds_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                ) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(tmp_path / "cache"))
    site = site_with_templates(tmp_path / "study")
    build_site(site / "mkdocs.yml", tmp_path / "first", jobs=1)
    cached = sorted((tmp_path / "cache" / "templates").iterdir())
    # befund's page templates and the theme's (Material's base.html and its partials)
    assert len(cached) > 40, [p.name for p in cached]
    stamps = {p.name: p.stat().st_mtime_ns for p in cached}
    build_site(site / "mkdocs.yml", tmp_path / "second", jobs=1)
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache" / "templates").iterdir()} == stamps
    monkeypatch.setenv("BEFUND_CACHE_DIR", "off")
    build_site(site / "mkdocs.yml", tmp_path / "uncached", jobs=1)
    assert every_file(tmp_path / "second") == every_file(tmp_path / "first") == every_file(tmp_path / "uncached")


def test_an_edited_template_is_used_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(tmp_path / "cache"))
    site = site_with_templates(tmp_path / "study")
    home = site / "page-templates" / "home.md.j2"
    home.write_text("# Start\n\nErste Fassung\n", "utf-8")
    build_site(site / "mkdocs.yml", tmp_path / "public", jobs=1)
    assert "Erste Fassung" in (tmp_path / "public" / "index.html").read_text("utf-8")
    home.write_text("# Start\n\nZweite Fassung\n", "utf-8")  # same size and name: the checksum decides
    build_site(site / "mkdocs.yml", tmp_path / "public", jobs=1)
    page = (tmp_path / "public" / "index.html").read_text("utf-8")
    assert "Zweite Fassung" in page and "Erste Fassung" not in page


def test_damaged_cache_files_are_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(tmp_path / "cache"))
    site = site_with_templates(tmp_path / "study")
    build_site(site / "mkdocs.yml", tmp_path / "first", jobs=1)
    for number, cached in enumerate(sorted((tmp_path / "cache" / "templates").iterdir())):
        content = cached.read_bytes()
        cut = (len(content) // 2, 17, 0)[number % 3]  # cut in the code, in the checksum, or emptied
        cached.write_bytes(content[:cut] if number % 4 else b"rubbish")
    build_site(site / "mkdocs.yml", tmp_path / "second", jobs=1)
    assert every_file(tmp_path / "second") == every_file(tmp_path / "first")


def test_a_cache_that_cannot_be_written_costs_only_the_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import befund.templatecache

    def full_disk(self: object, bucket: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(befund.templatecache.jinja2.FileSystemBytecodeCache, "dump_bytecode", full_disk)
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(tmp_path / "cache"))
    site = site_with_templates(tmp_path / "study")
    build_site(site / "mkdocs.yml", tmp_path / "public", jobs=1)
    assert (tmp_path / "public" / "index.html").is_file()
    assert list((tmp_path / "cache" / "templates").iterdir()) == []


def test_environments_that_compile_differently_do_not_share_compiled_code(tmp_path: Path) -> None:
    """Jinja's own key is the template's name and file: a template compiled with trim_blocks (befund's
    pages) must not be handed to an environment without it (the theme's), nor escaped code to one
    that does not escape."""
    import jinja2

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.j2").write_text("{% if true %}\n{{ x }}\n{% endif %}\n", "utf-8")
    cache = template_cache({"BEFUND_CACHE_DIR": str(tmp_path / "cache")})
    outputs = []
    for options in ({"trim_blocks": True}, {}, {"trim_blocks": True, "autoescape": True}, {"trim_blocks": True}):
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, **options)
        outputs.append(env.get_template("page.j2").render(x="<b>"))
    assert outputs == ["<b>\n", "\n<b>\n", "&lt;b&gt;\n", "<b>\n"]
    assert len(list((tmp_path / "cache" / "templates").iterdir())) == 3
