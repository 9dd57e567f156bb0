"""One check pipeline, mkdocs.yml as MkDocs reads it, publishing that never loses a site, and safety
judged on what is published."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from befund.build import BuildError, build_site
from befund.cli import main

MKDOCS_PLUGINS = """plugins:
  - search                # Material's search; its stemmer follows theme.language
  - befund:
      codebook: codebook  # the study's data, the single source of truth
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- one pipeline -------------------------------------------------------------------------------------

def test_check_and_a_plain_mkdocs_build_report_the_same_problems(site_copy: Path) -> None:
    page = site_copy / "content" / "de" / "method.md"
    page.write_text(page.read_text("utf-8") + "\nDer [NUTZER] sagte nichts.\n", "utf-8")  # codebook: [Nutzer]
    checked = json.loads(run("check", str(site_copy), "--format", "json").output)["problems"]
    # a placeholder site_url is mkdocs.yml's, not the codebook's: check warns, a build only says what it breaks
    assert [p["rule"] for p in checked] == ["anon-placeholder-drift", "placeholder-site-url"]
    checked = checked[:1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(site_copy / "mkdocs.yml"), "-d",
                            str(site_copy / "plain")], capture_output=True, text=True, env=env, cwd=site_copy)
    logged = [line.split("-  ", 1)[1] for line in built.stderr.splitlines() if "[anon-" in line]
    expected = [f"{p['path']}:{p['line']}:{p['column']}: {p['severity']}[{p['rule']}]: {p['message']} ({p['hint']})"
                for p in checked]
    assert logged == expected
    assert "WARNING" in built.stderr  # befund's warnings are warnings, so a strict build fails on them
    strict = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site_copy / "mkdocs.yml"),
                             "-d", str(site_copy / "strict")], capture_output=True, text=True, env=env, cwd=site_copy)
    assert strict.returncode != 0


# -- mkdocs.yml as MkDocs reads it --------------------------------------------------------------------

@pytest.mark.parametrize("change, key, fix", [
    (lambda text: "- site_name: x\n", "mkdocs.yml:1:1", "without a leading '-'"),
    (lambda text: text.replace("      codebook: codebook  # the study's data, the single source of truth",
                               "      - codebook"), "'plugins': Invalid config options for the 'befund' plugin",
     "befund's options are codebook"),
    (lambda text: text.replace("docs_dir: content/de", "docs_dir: 5"), "'docs_dir': Expected type",
     "e.g. content/de"),
    (lambda text: text + "site_url: [\n", "not valid YAML", "check indentation"),
])
def test_a_malformed_mkdocs_yml_is_a_usage_error_with_key_and_fix(site_copy: Path, change, key: str, fix: str) -> None:
    config = site_copy / "mkdocs.yml"
    config.write_text(change(config.read_text("utf-8")), "utf-8")
    for command in (["check", str(site_copy)], ["build", "-f", str(config)], ["serve", "-f", str(config)]):
        result = run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert key in result.output and fix in result.output and "Traceback" not in result.output


def test_plugins_as_a_mapping_work(site_copy: Path) -> None:
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(MKDOCS_PLUGINS, "plugins:\n  search: {}\n  befund:\n"
                                                                        "    codebook: codebook\n"), "utf-8")
    assert run("check", str(site_copy)).exit_code == 0
    moved = site_copy / "daten"
    (site_copy / "codebook").rename(moved)
    config.write_text(config.read_text("utf-8").replace("codebook: codebook", "codebook: daten"), "utf-8")
    result = run("check", str(site_copy))
    assert result.exit_code == 0, result.output  # the option is read as MkDocs reads it


# -- publishing never loses data ----------------------------------------------------------------------

def test_building_one_language_keeps_the_others_byte_for_byte(site_copy: Path) -> None:
    site = site_copy / "site"
    build_site(site_copy / "mkdocs.yml", site)
    german = {k: v for k, v in tree(site).items() if not k.startswith("en/")}
    quotes = site_copy / "codebook" / "quotes" / "IN_14.yaml"
    quotes.write_text(quotes.read_text("utf-8").replace("looking after this one person",
                                                        "looking after this one person (new)"), "utf-8")
    assert build_site(site_copy / "mkdocs.yml", site, languages=["en"]) == ["en"]
    after = tree(site)
    assert {k: v for k, v in after.items() if not k.startswith("en/")} == german
    assert b"(new)" in after["en/categories/grenzminimierungen/index.html"]
    assert build_site(site_copy / "mkdocs.yml", site, languages=["de"]) == ["de"]
    assert b"(new)" in tree(site)["en/categories/grenzminimierungen/index.html"]


def test_one_language_without_a_published_site_is_refused(site_copy: Path) -> None:
    with pytest.raises(BuildError, match="build every language first"):
        build_site(site_copy / "mkdocs.yml", site_copy / "site", languages=["en"])
    assert not (site_copy / "site").exists()
    assert [p.name for p in site_copy.iterdir() if p.name.startswith(".site")] == []


def test_a_folder_befund_did_not_build_is_never_replaced(site_copy: Path) -> None:
    target = site_copy / "elsewhere"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"years of work")
    result = run("build", "-f", str(site_copy / "mkdocs.yml"), "-d", str(target))
    assert result.exit_code == 1 and "was not built by befund" in result.output
    assert tree(target) == {"thesis.docx": b"years of work"}


# -- safety on what is published ----------------------------------------------------------------------

HOSTILE = [
    "[klick](java&#115;cript:alert(1))",
    "[klick](JavaScript:alert(1))",
    "[klick](java&#9;script:alert(1))",
    "[klick](&#x6A;avascript:alert(1))",
    "![bild](data:image/svg+xml;base64,PHN2Zz4=)",
    "[klick](vbscript:msgbox(1))",
    "[klick][ziel]\n\n[ziel]: javascript:alert(1)",
    "[klick](https://example.org){: onclick=\"alert(1)\" }",
]


@pytest.mark.parametrize("link", HOSTILE)
def test_every_spelling_of_a_script_link_in_the_codebook_is_an_error(site_copy: Path, link: str) -> None:
    glossary = site_copy / "codebook" / "glossary.yaml"
    text = glossary.read_text("utf-8")
    marker = "Person, die Unterstützung leistet"
    assert marker in text
    inserted = (link + "\n\n").replace("\n", "\n        ")  # the definition's indentation in the file
    glossary.write_text(text.replace(marker, inserted + marker, 1), "utf-8")
    lines = glossary.read_text("utf-8").splitlines()
    needles = ("script:", "data:", "onclick", "&#")
    line = next(n for n, ln in enumerate(lines, 1) if any(w in ln.lower() for w in needles))
    result = run("check", str(site_copy))
    assert result.exit_code == 1, result.output
    unsafe = [ln for ln in result.output.splitlines() if "unsafe-markup" in ln]
    assert unsafe and unsafe[0].startswith(f"codebook/glossary.yaml:{line}:"), result.output
    for strict in ("--no-strict", "-v"):
        built = run("build", "-f", str(site_copy / "mkdocs.yml"), strict)
        assert built.exit_code == 1 and not (site_copy / "site").exists()


def test_script_links_in_prose_are_located(site_copy: Path) -> None:
    page = site_copy / "content" / "en" / "method.md"
    lines = page.read_text("utf-8").splitlines()
    page.write_text("\n".join([*lines, "", "See [this](  JAVA&#x53;cript:void(0) ) and <b onmouseover=x>that</b>."])
                    + "\n", "utf-8")
    result = run("check", str(site_copy))
    found = sorted(ln.split(": error")[0] for ln in result.output.splitlines() if "unsafe-markup" in ln)
    n = len(lines) + 2
    assert found == [f"content/en/method.md:{n}:14", f"content/en/method.md:{n}:47"], result.output


def test_the_build_judges_every_page_it_publishes(site_copy: Path) -> None:
    """A template override can emit anything: the built page is checked, strict build or not."""
    override = site_copy / "overrides" / "befund"
    override.mkdir(parents=True)
    (override / "glossary.md.j2").write_text('---\ntitle: x\n---\n# x\n\n[klick](java&#115;cript:alert(1))\n', "utf-8")
    with pytest.raises(BuildError, match=r"glossary\.md would publish unsafe HTML: javascript: URLs"):
        build_site(site_copy / "mkdocs.yml", site_copy / "site", strict=False)


def test_code_shows_the_link_syntax_in_prose(site_copy: Path) -> None:
    page = site_copy / "content" / "de" / "method.md"
    page.write_text(page.read_text("utf-8") + "\nSo verlinken Sie: `[[category:gibt-es-nicht]]`.\n\n"
                    "```\n[[quote:auch-nicht]]\n```\n", "utf-8")
    assert run("check", str(site_copy)).exit_code == 0
    build_site(site_copy / "mkdocs.yml", site_copy / "site")
    html = (site_copy / "site" / "method" / "index.html").read_text("utf-8")
    assert "<code>[[category:gibt-es-nicht]]</code>" in html and "[[quote:auch-nicht]]" in html


# -- one table each for file kinds and pages ----------------------------------------------------------

def test_the_file_kind_table_is_complete() -> None:
    from befund.kinds import FILE_KINDS, LINK_KINDS
    from befund.scaffold import codebook_files
    from befund.schema import load_schema

    defined = {kind for file_kind in FILE_KINDS for kind in file_kind.defines}
    for file_kind in FILE_KINDS:
        assert load_schema(file_kind.schema)["type"] == "object"
    assert set().union(*LINK_KINDS.values()) <= defined
    scaffold = {rel.split("/")[0] for rel, _ in codebook_files(["de", "en"])}
    assert {k.location.rstrip("/") for k in FILE_KINDS} >= scaffold


def test_the_page_table_drives_every_generated_page(built_site: Path) -> None:
    from importlib import resources

    from befund.pages import PAGES

    templates = resources.files("befund").joinpath("templates", "pages")
    for kind in PAGES:
        assert templates.joinpath(kind.template).is_file(), kind.template
        url = kind.src("IN_25" if kind.per == "source" else "grenzminimierungen")[:-3]
        url = url[:-5] if url.endswith("index") else url + "/"
        assert (built_site / url / "index.html").is_file(), url


def test_the_collector_pauses_for_the_whole_check_and_runs_again_after(site_copy: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything a check makes lives on: a collection during it walks the whole codebook for nothing
    (0.5 s at 10 000 quotes), after the load as much as during it."""
    import gc

    import befund.check
    from befund.siteconfig import read_site

    seen: list[bool] = []
    original = befund.check.published

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())  # one of the last steps, long after the load
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(befund.check, "published", spy)
    assert gc.isenabled()
    checked = befund.check.Checker().check(read_site(site_copy / "mkdocs.yml").layout)
    assert checked.codebook is not None
    assert seen == [False]
    assert gc.isenabled()
