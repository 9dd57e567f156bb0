"""``befund export`` and ``befund import-qdc``: files written, messages, exit codes (0 done, 1 data, 2 usage/IO)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from befund.cli import main
from befund.export import FORMATS, downloads
from befund.validate import load_codebook

HERE = Path(__file__).resolve().parent
REFI = HERE / "fixtures" / "refi-qda"
FIXTURE = HERE / "fixtures" / "export" / "codebook"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder holding only a codebook (no mkdocs.yml): export reads <SITE>/codebook."""
    shutil.copytree(FIXTURE, tmp_path / "site" / "codebook")
    return tmp_path / "site"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_writes_what_the_site_offers_for_download(site: Path, tmp_path: Path, fmt: str) -> None:
    codebook = load_codebook(site / "codebook", site).codebook
    assert codebook is not None
    expected = {name: content for name, content in downloads(codebook, "de").items()
                if name in FORMATS[fmt].files}
    out = tmp_path / "out"
    if len(expected) == 1:
        out.mkdir()
        target = out / "mine.txt"
        result = run("export", str(site), "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert target.read_bytes() == next(iter(expected.values()))
    else:
        result = run("export", str(site), "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert {p.name: p.read_bytes() for p in out.iterdir()} == expected


def test_export_to_standard_output_and_in_another_language(site: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(site), "--format", "qdc", "-o", "-", "--lang", "en"])
    assert result.exit_code == 0
    assert 'name="Teamwork"' in result.stdout and result.stdout.startswith('<?xml version="1.0"')


def test_export_refuses_usage_mistakes_with_exit_2(site: Path, tmp_path: Path) -> None:
    afile = tmp_path / "a.csv"
    afile.write_text("", "utf-8")
    result = run("export", str(site), "--format", "csv", "-o", str(afile))
    assert result.exit_code == 2 and "--format csv writes 2 files: give a folder as -o" in result.output
    result = run("export", str(site), "--format", "qdc", "-o", "-", "--lang", "fr")
    assert result.exit_code == 2 and "--lang fr: the study's languages are de, en" in result.output
    result = run("export", str(site), "--format", "pdf", "-o", "x")
    assert result.exit_code == 2
    result = run("export", str(tmp_path / "nowhere"), "--format", "qdc", "-o", "-")
    assert result.exit_code == 2 and "nowhere/codebook does not exist (pass the site folder" in result.output
    result = run("export", str(site), "--format", "qdc", "-o", str(tmp_path / "no" / "such" / "dir.qdc"))
    assert result.exit_code == 2 and "befund: cannot write" in result.output


def test_export_refuses_a_codebook_with_errors_with_exit_1(site: Path, tmp_path: Path) -> None:
    (site / "codebook" / "categories" / "grenzen.yaml").write_text("id: grenzen\n", "utf-8")
    result = run("export", str(site), "--format", "json", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "error[missing-field]" in result.output
    assert result.output.splitlines()[-1] == ("befund: the codebook has errors; nothing was exported "
                                              "(run 'befund check' for the list)")
    assert not (tmp_path / "out").exists()


def test_export_follows_the_codebook_folder_mkdocs_yml_names(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "site" / "data")
    (tmp_path / "site" / "mkdocs.yml").write_text("site_name: X\ndocs_dir: content/de\nplugins:\n  - befund:\n"
                                                 "      codebook: data\n", "utf-8")
    (tmp_path / "site" / "content" / "de").mkdir(parents=True)
    result = run("export", str(tmp_path / "site"), "--format", "ris", "-o", str(tmp_path / "refs.ris"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "refs.ris").read_text("utf-8").startswith("TY  - JOUR\n")


def test_import_qdc_writes_a_skeleton_and_says_what_is_next(tmp_path: Path) -> None:
    result = run("import-qdc", str(REFI / "maxqda-2022.qdc"), str(tmp_path / "new"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].endswith("maxqda-2022.qdc:18:5: warning[qdc-no-description]: code 'Sonstiges' has no "
                             "description, so its summary (id 'sonstiges') is left for you to write (write one or two "
                             "sentences where '# TODO summary' stands)")
    assert lines[4] == "befund: 0 errors, 4 warnings"
    assert lines[5] == (f"befund: wrote 13 files into {tmp_path / 'new'} (7 categories and dimensions); next: write "
                        "the texts marked '# TODO' and replace the 'TODO:' placeholders ('befund check' lists what "
                        "is missing)")
    assert lines[-1] == "befund: the folder has no mkdocs.yml yet; 'befund init' in another folder shows one to copy"
    assert (tmp_path / "new" / "codebook" / "categories" / "zusammenarbeit.yaml").is_file()


def test_import_qdc_never_overwrites(tmp_path: Path) -> None:
    assert run("import-qdc", str(REFI / "qualcoder-3.qdc"), str(tmp_path / "new")).exit_code == 0
    study = tmp_path / "new" / "codebook" / "study.yaml"
    study.write_text("# mine\n", "utf-8")
    result = run("import-qdc", str(REFI / "qualcoder-3.qdc"), str(tmp_path / "new"))
    assert result.exit_code == 2
    assert "befund: 3 file(s) already exist, nothing was written:" in result.output
    assert study.read_text("utf-8") == "# mine\n"


@pytest.mark.parametrize("name", ["refused-malformed.qdc", "refused-entity.qdc", "refused-not-a-codebook.xml"])
def test_import_qdc_refuses_what_is_no_codebook_and_writes_nothing(tmp_path: Path, name: str) -> None:
    result = run("import-qdc", str(REFI / name), str(tmp_path / "new"))
    assert result.exit_code == 1
    assert "error[qdc-" in result.output
    assert result.output.splitlines()[-1] == f"befund: {REFI / name} cannot be imported; nothing was written"
    assert not (tmp_path / "new").exists()


def test_import_qdc_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run("import-qdc", str(REFI / "qualcoder-3.qdc"), str(tmp_path / "new"), "--languages", "de,de")
    assert result.exit_code == 2 and "--languages de,de: give distinct language codes such as de,en" in result.output
    assert run("import-qdc", str(tmp_path / "missing.qdc"), str(tmp_path / "new")).exit_code == 2
    assert not (tmp_path / "new").exists()


def test_import_qdc_takes_a_qdpx_and_refuses_one_without_codebook(tmp_path: Path) -> None:
    import zipfile

    project = tmp_path / "project.qdpx"
    with zipfile.ZipFile(project, "w") as archive:
        archive.writestr("project.qde", (REFI / "project.qde").read_bytes())
    result = run("import-qdc", str(project), str(tmp_path / "new"), "--languages", "en,de")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "codebook" / "categories" / "perceived-susceptibility.yaml").is_file()
    empty = tmp_path / "sources-only.qdpx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("sources/a.txt", "Text")
    result = run("import-qdc", str(empty), str(tmp_path / "other"))
    assert result.exit_code == 1 and "error[qdc-no-codebook]" in result.output
    assert not (tmp_path / "other").exists()
