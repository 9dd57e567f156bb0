"""befund is a generator: another team's codebook and templates make their own site, no code changes."""

from __future__ import annotations

from pathlib import Path

from befund.build import build_site

from htmlscan import Scan
from minimal import STUDY, mkdocs_yml, write_codebook

MKDOCS_YML = mkdocs_yml(url="https://mini.example.org/", custom_dir=True)


def make_site(root: Path, **changes: str) -> Path:
    write_codebook(root, **changes)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    for lang in ("de", "en"):
        (root / "content" / lang).mkdir(parents=True, exist_ok=True)
    (root / "overrides").mkdir(exist_ok=True)
    return root / "mkdocs.yml"


def test_another_codebook_builds_its_own_site(tmp_path: Path) -> None:
    config = make_site(tmp_path)
    out = tmp_path / "public"
    assert build_site(config, out) == ["de", "en"]
    de = Scan((out / "categories" / "haupt" / "index.html").read_text("utf-8"))
    assert de.by_id["IN_01-1"].find_all("blockquote")[0].content == "Wir sind ein Team [MA]."
    en = Scan((out / "en" / "sources" / "IN_01" / "index.html").read_text("utf-8"))
    assert en.lang == "en" and "We are a team [MA]." in en.by_id["IN_01-1"].content
    assert (out / "references" / "index.html").is_file()
    assert "Mini-Studie" in (out / "index.html").read_text("utf-8")


def test_page_templates_can_be_overridden_per_site(tmp_path: Path) -> None:
    config = make_site(tmp_path)
    (tmp_path / "overrides" / "befund").mkdir()
    (tmp_path / "overrides" / "befund" / "source.md.j2").write_text(
        "---\ntitle: {{ source.id | tojson }}\n---\n\n# Quelle {{ source.id }} (eigene Vorlage)\n\n"
        "{% for q in r.quotes_of_source(source.id) %}- [[quote:{{ q.id }}]]\n{% endfor %}\n", "utf-8")
    out = tmp_path / "public"
    build_site(config, out)
    page = (out / "sources" / "IN_01" / "index.html").read_text("utf-8")
    assert "Quelle IN_01 (eigene Vorlage)" in page
    assert 'href="../../categories/haupt/#IN_01-1"' in page


def test_a_broken_template_override_is_reported_not_a_traceback(tmp_path: Path) -> None:
    import pytest

    from befund.build import BuildError

    config = make_site(tmp_path)
    (tmp_path / "overrides" / "befund").mkdir()
    (tmp_path / "overrides" / "befund" / "source.md.j2").write_text("{{ source.nonexistent }}\n", "utf-8")
    with pytest.raises(BuildError, match="failed") as caught:
        build_site(config, tmp_path / "public")
    message = str(caught.value)
    assert "overrides/befund/source.md.j2:1: UndefinedError" in message and "nonexistent" in message
    assert "bug in befund" not in message
    assert not (tmp_path / "public").exists()


def test_a_single_language_study(tmp_path: Path) -> None:
    study = STUDY.replace("languages: [de, en]", "languages: [en]").replace("data_language: de", "data_language: en")
    config = make_site(tmp_path, study_yaml=study)
    config.write_text(mkdocs_yml(lang="en", url="https://mini.example.org/", custom_dir=True))
    out = tmp_path / "public"
    warned: list = []
    assert build_site(config, out, strict=False, report=warned.extend) == ["en"]
    assert warned and all(p.rule == "unknown-language" and "'de'" in p.message for p in warned)
    page = Scan((out / "categories" / "haupt" / "index.html").read_text("utf-8"))
    assert page.lang == "en"
    assert page.by_id["IN_01-1"].find_all("blockquote")[0].content == "Wir sind ein Team [MA]."
    assert not (out / "en").exists()


def test_a_bug_in_befund_is_not_blamed_on_the_site_override(tmp_path: Path, monkeypatch) -> None:
    import pytest

    from befund.build import BuildError
    from befund.render import Renderer

    def broken(self, source_id):  # stands for a bug in one of befund's template helpers: it fails in befund
        return self.date("not a date")

    monkeypatch.setattr(Renderer, "quotes_of_source", broken)
    config = make_site(tmp_path)
    (tmp_path / "overrides" / "befund").mkdir()
    (tmp_path / "overrides" / "befund" / "source.md.j2").write_text(
        "---\ntitle: x\n---\n# x\n\n{% for q in r.quotes_of_source(source.id) %}{{ q.id }}{% endfor %}\n", "utf-8")
    with pytest.raises(BuildError) as caught:
        build_site(config, tmp_path / "public", jobs=1)  # in this process, where the bug was planted
    message = str(caught.value)
    assert "overrides/befund/source.md.j2:6" in message and "ValueError" in message
    assert "befund failed inside a helper the template called" in message and "bug in befund" in message
