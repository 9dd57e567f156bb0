"""``befund export`` and ``befund import-qdc``: codebook files out in a download format, a QDA codebook in.

Exit codes as ``befund check``: 0 done, 1 problems in the data (nothing written), 2 usage or I/O problem.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NoReturn

import click

from .export import FORMATS
from .model import Codebook
from .problems import errors, format_text
from .qdc_import import read_qdc, write_skeleton
from .siteconfig import SiteConfigError, read_site
from .validate import load_codebook

LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")


def _fail(message: str, status: int) -> NoReturn:
    click.echo(f"befund: {message}", err=True)
    sys.exit(status)


def _load(site: Path) -> Codebook:
    """The checked codebook of the site in *site* (its mkdocs.yml names the folder)."""
    config = site / "mkdocs.yml"
    codebook_dir, root = site / "codebook", site
    if config.is_file():
        try:
            layout = read_site(config).layout
        except SiteConfigError as exc:
            click.echo(format_text(exc.problems), err=True)
            sys.exit(2)
        codebook_dir, root = layout.codebook, layout.root
    if not codebook_dir.is_dir():
        _fail(f"{codebook_dir} does not exist (pass the site folder, which holds mkdocs.yml or codebook/)", 2)
    result = load_codebook(codebook_dir, root)
    if result.problems:
        click.echo(format_text(result.problems), err=True)
    if result.codebook is None or errors(result.problems):
        _fail("the codebook has errors; nothing was exported (run 'befund check' for the list)", 1)
    return result.codebook


@click.command()
@click.argument("site", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True, help="The download format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="csv, json: a folder for their two files; qdc, bibtex, ris: the file ('-': standard output).")
@click.option("--lang", default=None, help="Language of the .qdc's code names and descriptions "
              "(default: the study's default language).")
def export(site: Path, fmt: str, output: Path, lang: str | None) -> None:
    """Write the codebook of the site in SITE (default: here) in one download format.

    The same files the site offers for download: categories and quotes as CSV, the model as JSON
    with its JSON Schema, the codes as a REFI-QDA codebook (.qdc), the bibliography as BibTeX or RIS.

    Exit status: 0 written, 1 the codebook has errors, 2 usage or I/O problem.
    """
    codebook = _load(site)
    chosen = lang or codebook.study.default_language
    if chosen not in codebook.study.languages:
        raise click.UsageError(f"--lang {chosen}: the study's languages are {', '.join(codebook.study.languages)}")
    files = FORMATS[fmt](codebook, chosen)
    try:
        if len(files) > 1:
            if str(output) == "-" or (output.exists() and not output.is_dir()):
                raise click.UsageError(f"--format {fmt} writes {len(files)} files: give a folder as -o")
            output.mkdir(parents=True, exist_ok=True)
            targets = {output / name: content for name, content in files.items()}
        else:
            (name, content), = files.items()
            if str(output) == "-":
                sys.stdout.flush()
                sys.stdout.buffer.write(content)
                return
            targets = {output / name if output.is_dir() else output: content}
        for path, content in targets.items():
            path.write_bytes(content)
    except OSError as exc:
        _fail(f"cannot write {exc.filename}: {exc.strerror}", 2)
    click.echo(f"befund: wrote {', '.join(str(path) for path in targets)}", err=True)


@click.command("import-qdc")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--languages", default="de,en", show_default=True,
              help="The site's languages, comma-separated; the first is the language of FILE's names and descriptions.")
def import_qdc(file: Path, folder: Path, languages: str) -> None:
    """Start a codebook in FOLDER from FILE, a codebook a QDA program exported (.qdc, or a .qdpx project).

    Writes FOLDER/codebook/study.yaml and one file per category, keeping the codes' hierarchy,
    descriptions, colours and GUIDs; never overwrites a file. The other languages' texts are left
    to write where '# TODO <lang>' stands ('befund check' lists them).

    Exit status: 0 written, 1 FILE cannot be imported, 2 usage or I/O problem (or a file exists).
    """
    langs = [lang.strip() for lang in languages.split(",") if lang.strip()]
    bad = [lang for lang in langs if not LANGUAGE.fullmatch(lang)]
    if not langs or bad or len(set(langs)) != len(langs):
        raise click.UsageError(f"--languages {languages}: give distinct language codes such as de,en")
    data, problems = read_qdc(file, lang=langs[0])
    if problems:
        click.echo(format_text(problems), err=True)
    if data is None:
        _fail(f"{file} cannot be imported; nothing was written", 1)
    try:
        written = write_skeleton(data, folder, langs)
    except FileExistsError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        _fail(f"cannot write {exc.filename}: {exc.strerror}", 2)
    nodes = len(data.walk())
    click.echo(f"befund: wrote {len(written)} files into {folder} ({nodes} categories and dimensions); next: write "
               "the texts marked '# TODO' and replace the 'TODO:' placeholders ('befund check' lists what is missing)")
    if not (folder / "mkdocs.yml").exists():
        click.echo("befund: the folder has no mkdocs.yml yet; 'befund init' in another folder shows one to copy")
