"""befund init: a new team's site in the languages it chooses, checked and built strictly as created."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from befund import __version__
from befund.build import build_site
from befund.cli import main
from befund.kinds import FILE_KINDS
from befund.render import labels as ui

from htmlscan import Scan

LANGUAGE_SETS = [["de", "en"], ["de"], ["en"], ["de", "en", "fr"]]
TEXTS = Path(__file__).resolve().parent.parent / "src" / "befund" / "scaffold" / "texts"
PAGES = ["", "categories/", "categories/first-category/", "categories/second-category/", "sources/",
         "sources/IN_01/", "quotes/", "glossary/", "references/", "about/", "downloads/", "method/"]
"""Pages every new site has, in every language."""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def texts(lang: str) -> dict[str, str]:
    return yaml.safe_load((TEXTS / f"{lang}.yaml").read_text("utf-8"))


def site_labels(site: Path, lang: str) -> dict:
    own = site / "labels" / f"{lang}.yaml"
    return yaml.safe_load(own.read_text("utf-8")) if own.is_file() else ui.shipped(lang) or {}


def only_the_placeholder_warning(output: str) -> bool:
    lines = output.strip().splitlines()
    return (len(lines) == 2 and lines[0].startswith("mkdocs.yml:") and "warning[placeholder-site-url]" in lines[0]
            and lines[1] == "befund: 0 errors, 1 warning")



@pytest.mark.parametrize("languages", LANGUAGE_SETS, ids=lambda langs: "+".join(langs))
def test_a_new_site_checks_and_builds_in_its_languages(tmp_path: Path, languages: list[str]) -> None:
    site = tmp_path / "study"
    made = run("init", str(site), "--languages", ",".join(languages))
    assert made.exit_code == 0, made.output
    assert "untranslated" not in made.output and "English, to translate" not in made.output
    checked = run("check", str(site))
    assert checked.exit_code == 0 and only_the_placeholder_warning(checked.output), checked.output
    out = tmp_path / "public"
    built = run("build", "-f", str(site / "mkdocs.yml"), "-d", str(out))  # strict
    assert built.exit_code == 0 and built.output.endswith(f"befund: built {', '.join(languages)} into {out}\n"), \
        built.output
    for lang in languages:
        root = out if lang == languages[0] else out / lang
        words, labels = texts(lang), site_labels(site, lang)
        for page in PAGES:
            scan = Scan((root / page / "index.html").read_text("utf-8"))
            assert scan.lang == lang, (lang, page)
        home = (root / "index.html").read_text("utf-8")
        assert words["title"] in home and labels["page.quotes"] in home and labels["page.categories"] in home
        category = Scan((root / "categories" / "first-category" / "index.html").read_text("utf-8"))
        assert category.by_id["IN_01-1"].find_all("blockquote")[0].content == words["quote_1"]
        assert words["first_label"] in category.root.find_all("h1")[0].content
        assert words["first_dimension_label"] in category.by_id["first-dimension"].content
        notfound = (root / "404.html").read_text("utf-8")
        assert f'lang="{lang}"' in notfound and labels["notfound.title"] in notfound
    assert not (out / languages[0]).exists()


def test_french_pages_speak_french_through_the_site_label_file(tmp_path: Path) -> None:
    site = tmp_path / "study"
    assert run("init", str(site), "--languages", "de,en,fr").exit_code == 0
    assert (site / "labels" / "fr.yaml").is_file() and not (site / "labels" / "de.yaml").exists()
    out = tmp_path / "public"
    build_site(site / "mkdocs.yml", out)
    overview = (out / "fr" / "categories" / "index.html").read_text("utf-8")
    assert "Système de catégories" in overview and "Toutes les citations" in overview
    assert "2 citations" in overview and "1 citation" in overview
    page = (out / "fr" / "categories" / "first-category" / "index.html").read_text("utf-8")
    assert '<span lang="de">«\u00a0Am Anfang wusste ich gar nicht, wer von uns was macht.\u00a0»</span>' in page
    assert "Traduction de la rédaction de ce site" in page and "Lecture de la rédaction" in page
    assert ">Français<" in re.sub(r"\s+", "", (out / "index.html").read_text("utf-8"))  # the language menu
    german = (out / "categories" / "first-category" / "index.html").read_text("utf-8")
    assert "Lesart der Redaktion" in german and "Traduction" not in german


def test_a_language_without_scaffold_texts_gets_english_to_translate(tmp_path: Path) -> None:
    site = tmp_path / "studio"
    made = run("init", str(site), "--languages", "it,en")
    assert made.exit_code == 0
    assert ("befund: befund init has no 'it' texts: the 'it' texts of the codebook, content/it/ and labels/it.yaml "
            "are English, to translate") in made.output
    assert (site / "labels" / "it.yaml").read_text("utf-8").startswith("# befund's interface words for 'it'.")
    assert only_the_placeholder_warning(run("check", str(site)).output)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("ours", "utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert result.output == f"befund: {tmp_path} is not empty; befund init only starts new sites: give a new or " \
                            "empty folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert run("init", str(tmp_path / "empty")).exit_code == 0


@pytest.mark.parametrize("languages, message", [
    ("de,de", "--languages de,de: each language once"),
    ("german", "--languages german: give language codes such as de,en or en or pt-BR,en (german is not one)"),
    (",", "--languages ,: give language codes such as de,en or en or pt-BR,en"),
])
def test_init_refuses_malformed_languages(tmp_path: Path, languages: str, message: str) -> None:
    result = run("init", str(tmp_path / "x"), "--languages", languages)
    assert (result.exit_code, result.output) == (2, f"befund: {message}\n")
    assert not (tmp_path / "x").exists()


def test_the_site_has_what_a_team_needs_to_write_and_publish(tmp_path: Path) -> None:
    site = tmp_path / "study"
    run("init", str(site))
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"mkdocs.yml", "README.md", ".gitignore", "requirements.txt", ".github/workflows/pages.yml",
            ".gitlab-ci.yml", "CODEBOOK-REFERENCE.md", "overrides/README.md", "codebook/study.yaml",
            "codebook/glossary.yaml", "codebook/references.yaml", "codebook/quotes/IN_01.yaml",
            "content/de/method.md", "content/en/method.md"} <= names
    assert len([n for n in names if n.startswith("codebook/categories/")]) == 2
    quotes = yaml.safe_load((site / "codebook" / "quotes" / "IN_01.yaml").read_text("utf-8"))["quotes"]
    assert len(quotes) == 3 and {c["basis"] for q in quotes for c in q["codings"]} == {"article", "editors"}
    for path in (site / "codebook").rglob("*.yaml"):  # editor completion: every file names its schema
        first = path.read_text("utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert schema != first and (path.parent / schema).resolve().is_file(), path
    assert f"befund=={__version__}" in (site / "requirements.txt").read_text("utf-8").splitlines()
    ignored = (site / ".gitignore").read_text("utf-8").splitlines()
    assert {"/site/", "/public/", "sensitive-terms.txt"} <= set(ignored)
    readme = (site / "README.md").read_text("utf-8")
    assert "befund serve" in readme and "befund build" in readme and "(CODEBOOK-REFERENCE.md)" in readme
    reference = (site / "CODEBOOK-REFERENCE.md").read_text("utf-8")
    assert all(f'<a id="{kind.name}"></a>' in reference for kind in FILE_KINDS)
    assert f"JSON Schemas of befund {__version__}" in reference and "{#" not in reference


def readme_commands(readme: str) -> list[str]:
    """The shell block under the README's "Publishing" heading."""
    section = readme.split("## Publishing", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()


def test_the_publishing_workflows_run_the_commands_the_readme_documents(tmp_path: Path) -> None:
    site = tmp_path / "study"
    run("init", str(site))
    commands = readme_commands((site / "README.md").read_text("utf-8"))
    assert commands[-1] == 'befund build --release --site-url "$SITE_URL" --site-dir public'
    github = yaml.safe_load((site / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    build = github["jobs"]["build"]
    steps = [step["run"].strip().splitlines() for step in build["steps"] if "run" in step]
    assert steps == [commands]
    assert next(s for s in build["steps"] if "run" in s)["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") and s["with"]["path"] == "public"
               for s in build["steps"])
    assert github["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert github["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["pages"]["script"] == commands
    assert gitlab["pages"]["variables"]["SITE_URL"] == "${CI_PAGES_URL}/"
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
