"""The befund command: check's output and exit codes, strict builds, and the safe publish path."""

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


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_real_site_is_clean(site_copy: Path) -> None:
    result = run("check", str(site_copy))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("befund: ")
    assert " 0 errors" in result.output or "no problems" in result.output


def test_check_reports_compiler_style_lines(site_copy: Path) -> None:
    quotes = site_copy / "codebook" / "quotes" / "IN_14.yaml"
    text = quotes.read_text("utf-8")
    assert "{id: gemeinsames-team," in text
    quotes.write_text(text.replace("gemeinsames-team", "gemeinsames-teem", 1), "utf-8")
    result = run("check", str(site_copy))
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "unknown-category" in ln)
    number = next(n for n, ln in enumerate(quotes.read_text("utf-8").splitlines(), 1) if "gemeinsames-teem" in ln)
    assert line == (f"codebook/quotes/IN_14.yaml:{number}:14: error[unknown-category]: quotes[0].codings[0].id: "
                    "unknown category or dimension 'gemeinsames-teem' (did you mean 'gemeinsames-team'?)")
    assert result.output.splitlines()[-1] == "befund: 1 error, 1 warning"  # the warning: the placeholder site_url


def test_check_json_format(site_copy: Path) -> None:
    (site_copy / "codebook" / "glossary.yaml").write_text("terms: 3\n", "utf-8")
    result = run("check", str(site_copy), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 1
    assert data["problems"][0] | {"message": ""} == {
        "path": "codebook/glossary.yaml", "line": 1, "column": 8, "rule": "wrong-type", "message": "",
        "hint": "write a list: [a, b] or one '- item' per line", "severity": "error", "field": "terms"}


@pytest.mark.parametrize("command", [[sys.executable, "-m", "befund"], [str(Path(sys.executable).with_name("befund"))]],
                         ids=["python -m befund", "installed befund"])
def test_check_as_its_own_process_ends_with_output_and_status(site_copy: Path, command: list[str]) -> None:
    """As its own process befund ends without tearing down (cli._finish): what it printed to a pipe
    (block-buffered) still arrives whole, and the exit status is the check's."""
    glossary = site_copy / "codebook" / "glossary.yaml"
    original = glossary.read_bytes()
    glossary.write_text("terms: 3\n", "utf-8")
    failed = subprocess.run([*command, "check", str(site_copy), "--format", "json"], capture_output=True, text=True,
                            env={**os.environ, "BEFUND_CACHE_DIR": "off"})
    assert failed.returncode == 1, failed.stderr
    assert json.loads(failed.stdout)["errors"] == 1
    glossary.write_bytes(original)
    clean = subprocess.run([*command, "check", str(site_copy)], capture_output=True, text=True,
                           env={**os.environ, "BEFUND_CACHE_DIR": "off"})
    assert (clean.returncode, clean.stdout.splitlines()[-1]) == (0, "befund: 0 errors, 1 warning"), clean.stderr


def test_check_imports_neither_the_renderer_nor_citeproc(site_copy: Path) -> None:
    """MkDocs imports the plugin to read mkdocs.yml; the plugin's hooks import what makes pages, so a
    check (run on every save) does not pay for it."""
    probe = ("import sys\nfrom befund.cli import main\ntry:\n"
             f"    main(['check', {str(site_copy)!r}])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('befund.plugin', 'befund.render.renderer', 'befund.citations', 'citeproc',"
             " 'segno') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "BEFUND_CACHE_DIR": "off"})
    assert done.stdout.splitlines()[-1] == "['befund.plugin']", done.stderr


def test_a_check_whose_lint_was_kept_does_not_compile_the_rule_table(site_copy: Path, tmp_path: Path) -> None:
    """The anonymisation rules' patterns are compiled where a text is linted: a check after one that
    linted every text needs none of them; a changed text is linted (and its finding reported) as before."""
    probe = ("import sys\nfrom befund.cli import main\ntry:\n"
             f"    main(['check', {str(site_copy)!r}])\nexcept SystemExit:\n    pass\n"
             "print('patterns' if 'befund.anon.patterns' in sys.modules else 'none')")
    env = {**os.environ, "BEFUND_CACHE_DIR": str(tmp_path / "cache")}

    def check() -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
        return done.stdout.splitlines()

    assert check()[-1] == "patterns"  # the first check lints every text
    kept = check()
    assert kept[-2:] == ["befund: 0 errors, 1 warning", "none"]
    quote = site_copy / "codebook" / "quotes" / "GD_02.yaml"
    text = quote.read_text("utf-8")
    quote.write_text(text.replace('original: "', 'original: "Mail an a.b@example.org. ', 1), "utf-8")
    changed = check()
    assert changed[-1] == "patterns"
    assert any("anon-email" in line for line in changed), changed


def test_check_usage_error_exit_2(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "mkdocs.yml not found" in result.output


def test_check_finds_unknown_link_in_prose(site_copy: Path) -> None:
    page = site_copy / "content" / "en" / "method.md"
    page.write_text(page.read_text("utf-8") + "\nSee [[category:augenhohe]].\n", "utf-8")
    result = run("check", str(site_copy))
    assert result.exit_code == 1
    n = len(page.read_text("utf-8").splitlines())
    assert f"content/en/method.md:{n}:5: error[unknown-link]: link target category 'augenhohe' does not exist " \
           "(did you mean 'augenhoehe'?)" in result.output


def test_check_rejects_script_in_prose(site_copy: Path) -> None:
    page = site_copy / "content" / "de" / "discussion.md"
    page.write_text(page.read_text("utf-8") + '\n<script>alert(1)</script>\n', "utf-8")
    result = run("check", str(site_copy))
    assert result.exit_code == 1
    assert "content/de/discussion.md:" in result.output and "unsafe-markup" in result.output


def test_failed_build_leaves_previous_site_untouched(site_copy: Path) -> None:
    out = site_copy / "public"
    build_site(site_copy / "mkdocs.yml", out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    index = (out / "index.html").read_bytes()
    page = site_copy / "content" / "en" / "method.md"
    page.write_text(page.read_text("utf-8") + "\n[[quote:IN_99-1]]\n", "utf-8")
    with pytest.raises(BuildError, match="content pages have errors"):
        build_site(site_copy / "mkdocs.yml", out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert (out / "index.html").read_bytes() == index
    assert [p.name for p in site_copy.iterdir() if p.name.startswith(".public")] == []


def test_build_command_fails_on_codebook_errors_without_traceback(site_copy: Path) -> None:
    (site_copy / "codebook" / "concepts.yaml").write_text("concepts: [\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "-f", str(site_copy / "mkdocs.yml"), "-d", str(site_copy / "out")])
    assert result.exit_code == 1
    assert "codebook/concepts.yaml:" in result.output and "Traceback" not in result.output
    assert not (site_copy / "out").exists()


def test_build_is_strict(site_copy: Path) -> None:
    page = site_copy / "content" / "de" / "method.md"
    page.write_text(page.read_text("utf-8") + "\n[kaputt](nirgendwo.md)\n", "utf-8")
    with pytest.raises(BuildError, match="strict"):
        build_site(site_copy / "mkdocs.yml", site_copy / "out")


def test_hostile_codebook_strings_are_escaped(site_copy: Path) -> None:
    path = site_copy / "codebook" / "quotes" / "IN_19.yaml"
    text = path.read_text("utf-8")
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    import yaml

    data = yaml.safe_load(text)
    data["quotes"][0]["original"] = "Vermittler " + hostile
    data["quotes"][0]["translation"]["en"] = "mediator " + hostile
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    cat = site_copy / "codebook" / "categories" / "grenzziehungen.yaml"
    data = yaml.safe_load(cat.read_text("utf-8"))
    data["label"]["de"] = 'Grenzziehungen"><script>alert(3)</script>'
    cat.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = site_copy / "out"
    build_site(site_copy / "mkdocs.yml", out)
    for html in out.rglob("*.html"):
        body = html.read_text("utf-8")
        assert "<script>alert" not in body, html
        assert "onerror=alert" not in body.replace("onerror=alert(2)&gt;", ""), html
    source = (out / "sources" / "IN_19" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source


def test_identifying_data_in_a_quote_stops_check_and_build(site_copy: Path) -> None:
    path = site_copy / "codebook" / "quotes" / "IN_19.yaml"
    path.write_text(path.read_text("utf-8").replace("Vermittler", "Vermittler bei Frau Schneider", 1), "utf-8")
    (site_copy / "sensitive-terms.txt").write_text("# real names\nSchneider\n", "utf-8")
    result = run("check", str(site_copy))
    assert result.exit_code == 1
    rules = {line.split("error[")[1].split("]")[0] for line in result.output.splitlines() if "error[" in line}
    assert rules == {"anon-person", "anon-sensitive"}
    lines = [line for line in result.output.splitlines() if "error[" in line]
    assert all(line.startswith("codebook/quotes/IN_19.yaml:") for line in lines)
    with pytest.raises(BuildError, match="have errors; nothing was built"):
        build_site(site_copy / "mkdocs.yml", site_copy / "out")
    assert not (site_copy / "out").exists()


def test_plain_mkdocs_build_stops_before_writing_pages(site_copy: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    page = site_copy / "content" / "de" / "method.md"
    page.write_text(page.read_text("utf-8") + "\n[[concept:nirgends]]\n", "utf-8")
    out = site_copy / "plain"
    config = load_config(str(site_copy / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        build(config)
    assert not list(out.rglob("*.html")) if out.exists() else True


def test_serve_and_build_without_config_are_usage_errors(tmp_path: Path) -> None:
    for command in (["serve", "-f", str(tmp_path / "mkdocs.yml")], ["build", "-f", str(tmp_path / "mkdocs.yml")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert "not found" in result.output and "Traceback" not in result.output


def test_invalid_mkdocs_yml_is_reported_without_traceback(site_copy: Path) -> None:
    (site_copy / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    for command in (["check", str(site_copy)], ["build", "-f", str(site_copy / "mkdocs.yml")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code in (1, 2), result.output
        assert "not valid YAML" in result.output and "Traceback" not in result.output


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_check_and_serve_setup_never_write_into_codebook_or_content(site_copy: Path) -> None:
    before = {name: _tree(site_copy / name) for name in ("codebook", "content")}
    assert run("check", str(site_copy)).exit_code == 0
    build_site(site_copy / "mkdocs.yml", site_copy / "site")
    build_site(site_copy / "mkdocs.yml", site_copy / "site")  # a rebuild replaces the site
    assert {name: _tree(site_copy / name) for name in ("codebook", "content")} == before
    assert sorted(p.name for p in site_copy.iterdir()) == ["codebook", "content", "mkdocs.yml", "overrides", "site"]


def test_page_links_in_the_codebook_are_checked_per_language(site_copy: Path) -> None:
    study = site_copy / "codebook" / "study.yaml"
    text = study.read_text("utf-8")
    assert "[[page:method|Methode]]" in text
    study.write_text(text.replace("[[page:method|Methode]]", "[[page:methode|Methode]]", 1), "utf-8")
    result = run("check", str(site_copy))
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "unknown-link" in ln)
    n = next(i for i, ln in enumerate(study.read_text("utf-8").splitlines(), 1) if "[[page:methode|" in ln)
    assert line.startswith(f"codebook/study.yaml:{n}:")
    assert "link target page 'methode' does not exist in content/de/" in line and "did you mean 'method'?" in line


@pytest.mark.parametrize("lang", ["de", "en"])
def test_serve_builds_each_language_it_is_asked_for(site_copy: Path, tmp_path: Path, monkeypatch, lang: str) -> None:
    """What ``befund serve --lang`` hands MkDocs' server builds cleanly (it is built here instead of served)."""
    import mkdocs.commands.serve
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    built: list[str] = []

    def build_instead(config_file: str, **overrides):
        overrides.pop("dev_addr")
        watch = overrides.pop("watch")
        assert str(site_copy / "codebook") in watch and str(site_copy / "content" / lang) in watch
        config = load_config(config_file, strict=True, site_dir=str(tmp_path / "served"), **overrides)
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config)
        built.append(str(config.theme["language"]))

    monkeypatch.setattr(mkdocs.commands.serve, "serve", build_instead)
    result = run("serve", "-f", str(site_copy / "mkdocs.yml"), "--lang", lang)
    assert result.exit_code == 0, result.output
    assert built == [lang]
    page = (tmp_path / "served" / "categories" / "grenzminimierungen" / "index.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in page


def test_docs_dir_must_be_named_after_the_default_language(site_copy: Path) -> None:
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("docs_dir: content/de", "docs_dir: content/en"), "utf-8")
    result = run("check", str(site_copy))
    assert result.exit_code == 1
    assert "error[docs-dir]: docs_dir 'content/en' is not named after the default language 'de'" in result.output
    assert "set docs_dir: content/de" in result.output
