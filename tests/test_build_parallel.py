"""Languages built side by side in worker processes: the same site as one after the other, their
failures and log lines reported by the parent, a published site kept when one language fails."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
from pathlib import Path

import pytest

from befund.build import BuildError, build_site, peek_languages

from minimal import every_file, site_with_templates

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1709208000"


def test_workers_build_the_same_bytes_as_one_language_after_the_other(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = tmp_path / "study"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "build",
                                                                 ".*cache", ".hypothesis", ".benchmarks"))
    assert build_site(site / "mkdocs.yml", tmp_path / "one", jobs=1) == ["de", "en"]
    assert build_site(site / "mkdocs.yml", tmp_path / "two", jobs=2) == ["de", "en"]
    one, two = every_file(tmp_path / "one"), every_file(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert "en/categories/grenzminimierungen/index.html" in two


def test_a_language_failing_in_its_worker_fails_the_build_and_keeps_the_published_site(tmp_path: Path) -> None:
    site = site_with_templates(tmp_path / "study")
    published = tmp_path / "public"
    assert build_site(site / "mkdocs.yml", published, jobs=2) == ["de", "en"]
    before = every_file(published)
    (site / "page-templates" / "home.md.j2").write_text(  # fails in English only, found building, not checking
        "{% if lang == 'en' %}{{ no_such_value }}{% endif %}# Start\n", "utf-8")
    with pytest.raises(BuildError, match=r"(?s)building 'en' failed.*home\.md\.j2.*no_such_value"):
        build_site(site / "mkdocs.yml", published, jobs=2)
    assert every_file(published) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_the_workers_log_lines_reach_this_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = site_with_templates(tmp_path / "study")
    # the levels the workers get are the parent's loggers' (a CLI run earlier in the session may
    # have set mkdocs to WARNING), so this test sets them itself
    with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, logger="mkdocs"), \
            caplog.at_level(logging.INFO, logger="befund"):
        build_site(site / "mkdocs.yml", tmp_path / "public", jobs=2)
    said = [(r.name, r.getMessage()) for r in caplog.records]
    for lang in ("de", "en"):
        assert any(name == "befund" and f"building '{lang}'" in message for name, message in said), said
    assert any(name.startswith("mkdocs") and "Documentation built" in message for name, message in said), said


def test_one_job_builds_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import befund.build

    def no_workers(*args: object, **kwargs: object) -> None:
        raise AssertionError("jobs=1 must not start worker processes")

    monkeypatch.setattr(befund.build._WorkerPool, "__init__", no_workers)
    site = site_with_templates(tmp_path / "study")
    assert build_site(site / "mkdocs.yml", tmp_path / "public", jobs=1) == ["de", "en"]
    assert build_site(site / "mkdocs.yml", tmp_path / "public", jobs=4, languages=["en"]) == ["en"]


def test_workers_started_during_a_failing_check_are_gone_when_it_fails(tmp_path: Path) -> None:
    site = site_with_templates(tmp_path / "study")
    categories = site / "codebook" / "categories"
    broken = next(categories.glob("*.yaml"))
    broken.write_text(broken.read_text("utf-8") + "\nno_such_field: 1\n", "utf-8")
    with pytest.raises(BuildError, match="nothing was built"):
        build_site(site / "mkdocs.yml", tmp_path / "public", jobs=2)
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "public").exists()


def test_the_languages_to_build_are_peeked_from_study_yaml(tmp_path: Path) -> None:
    codebook = site_with_templates(tmp_path / "study") / "codebook"
    assert peek_languages(codebook, None) == ["de", "en"]
    assert peek_languages(codebook, ["en", "fr"]) == ["en"]
    (codebook / "study.yaml").write_text("languages: [de, en\n", "utf-8")  # the check reports it, not the peek
    assert peek_languages(codebook, None) == []
    assert peek_languages(tmp_path / "nowhere", None) == []
