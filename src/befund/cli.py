"""The ``befund`` command: parse arguments, call the library, map problems to exit codes.

Each command imports what it uses: ``befund build`` starts its worker processes before it imports
MkDocs and befund's core, so they import theirs at the same time.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__
from .problems import Problem, errors, format_json, format_text

if TYPE_CHECKING:
    from .siteconfig import Site

CONFIG_HELP = "The site's mkdocs.yml."


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "befund"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
        logger.propagate = False
    if not verbose:  # MkDocs' INFO lines are noise in a normal build; warnings and errors still show
        logging.getLogger("mkdocs").setLevel(logging.WARNING)


class OwnProcess:
    """In the click context where the befund command runs in a process of its own (the installed
    command, ``python -m befund``): it may end at once when done, as mypy does, since freeing the
    model (0.1 s at 10 000 quotes) and tearing down the interpreter (0.05 s) change nothing on disk.
    Called from other code (tests, an embedding host), without it, a command returns as any function."""


def run() -> None:
    """The installed ``befund`` command and ``python -m befund``."""
    main(obj=OwnProcess())


def _finish(code: int) -> NoReturn:
    """End the command with exit status *code*: at once where befund runs as its own process (its
    exit handlers run, its output flushed, its caches written), as ``sys.exit`` otherwise. The
    caller keeps what it made referenced, so nothing is freed before the process ends."""
    if click.get_current_context().find_object(OwnProcess) is not None:
        atexit._run_exitfuncs()  # what a normal exit runs first: logging flushed, multiprocessing's
        try:  # semaphores released (else its resource tracker warns of leaks); only the teardown is skipped
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # as Python's own exit does when its output cannot be written
            code = code or 120
        os._exit(code)
    sys.exit(code)


ELSEWHERE = {"export": "befund.cli_exchange:export", "import-qdc": "befund.cli_exchange:import_qdc"}
"""Commands defined in other modules (module:function), imported when called or listed."""


class _Commands(click.Group):
    """befund's commands, those ELSEWHERE included (click's lazily loaded subcommands)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *ELSEWHERE])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in ELSEWHERE:
            module, name = ELSEWHERE[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), name)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="befund")
def main() -> None:
    """befund: a study's codebook in, a bilingual research-findings website out.

    Run the commands in the folder that holds the site's mkdocs.yml, or pass -f.
    Compiled templates, parsed codebook files, lint findings, formatted citations and
    QR codes are cached in ~/.cache/befund (BEFUND_CACHE_DIR=PATH elsewhere, =off not
    at all).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8 prints a banner otherwise


@main.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True, help=CONFIG_HELP)
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site/ next to mkdocs.yml).")
@click.option("--site-url", default=None, help="Public URL of the site root (overrides site_url).")
@click.option("--lang", "languages", multiple=True, help="Build only this language (repeatable).")
@click.option("--no-strict", is_flag=True, help="Do not fail on warnings (for drafts only).")
@click.option("--release", is_flag=True,
              help="The site to publish: refuses a placeholder site_url (example.org, localhost, none).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Languages built at once, each in a worker process (default: one per core; 1: one after "
                   "the other in this process).")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
def build(config_file: Path, site_dir: Path | None, site_url: str | None, languages: tuple[str, ...],
          no_strict: bool, release: bool, jobs: int | None, verbose: bool) -> None:
    """Build every language strictly (any warning fails) into SITE_DIR.

    The default language goes to the site root, the others to /<lang>/. The previous site is
    replaced only when every language built. Set SOURCE_DATE_EPOCH to fix the build date: the same
    input then builds the same bytes.

    Exit status: 0 built, 1 problems or a refused release, 2 usage or mkdocs.yml problem.
    """
    from .workers import WorkerPool, planned_workers, start_method

    if release and no_strict:
        raise click.UsageError("--release builds strictly; leave out --no-strict")
    _setup_logging(verbose)
    # spawned workers start now, to import while this process does; forked ones after the check
    early = planned_workers(config_file, list(languages) or None, jobs) if start_method() == "spawn" else 0
    with WorkerPool.start(early) as pool:
        from .build import BuildError, build_site  # MkDocs' build machinery, while the workers import theirs

        site = _site(config_file)  # mkdocs.yml problems are usage problems (exit 2), before anything is built
        target = site_dir or config_file.parent / "site"
        try:
            built = build_site(config_file, target, site_url=site_url, strict=not no_strict,
                               languages=list(languages) or None, release=release, jobs=jobs, pool=pool, site=site,
                               report=lambda problems: click.echo(format_text(problems), err=True))
        except BuildError as exc:
            click.echo(f"befund: {exc}", err=True)
            sys.exit(1)
    click.echo(f"befund: built {', '.join(built)} into {target}")
    _finish(0)


@main.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True, help=CONFIG_HELP)
@click.option("--lang", default=None, help="Language to serve (default: the study's default language).")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(config_file: Path, lang: str | None, dev_addr: str) -> None:
    """Serve one language with live reload while you edit codebook/ and content/."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import language_overrides
    from .check import Checker

    _setup_logging(False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    site = _site(config_file)
    checked = Checker().check(site.layout)
    if checked.problems:
        click.echo(format_text(checked.problems), err=True)
    langs = checked.languages
    if not langs:
        sys.exit(1)
    chosen = lang or langs[0]
    if chosen not in langs:
        raise click.UsageError(f"--lang {chosen}: the study's languages are {', '.join(langs)}")
    overrides = language_overrides(site, chosen, langs[0], Path("unused"), None)
    overrides.pop("site_dir")
    watch = [str(site.layout.codebook), str(site.layout.prose_dir(chosen))]
    if site.layout.label_dir.is_dir():  # the site's own UI labels
        watch.append(str(site.layout.label_dir))
    mkdocs_serve(str(config_file), dev_addr=dev_addr, watch=watch, **overrides)


def _site(config_file: Path) -> Site:
    """The site's mkdocs.yml as MkDocs reads it; a file it refuses is a usage problem (exit 2)."""
    from .siteconfig import SiteConfigError, read_site

    if not config_file.is_file():
        raise click.UsageError(f"{config_file} not found (run in the site folder or pass -f)")
    try:
        return read_site(config_file)
    except SiteConfigError as exc:
        click.echo(format_text(exc.problems), err=True)
        sys.exit(2)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--languages", default="de,en", show_default=True,
              help="The site's languages, the default (site root) first, e.g. en or de,en,fr.")
def init(folder: Path, languages: str) -> None:
    """Start a new site in FOLDER (new or empty): mkdocs.yml, a small codebook, prose pages, publishing
    workflows for GitHub and GitLab Pages, the JSON Schemas and the codebook reference.

    Exit status: 0 written, 2 the folder is not empty or a language code is malformed.
    """
    from .scaffold import ScaffoldError, create_site, parse_languages

    try:
        made = create_site(folder, parse_languages(languages))
    except ScaffoldError as exc:
        click.echo(f"befund: {exc}", err=True)
        sys.exit(2)
    click.echo(f"befund: wrote {len(made.files)} files into {folder}")
    for lang in made.untranslated:
        click.echo(f"befund: befund init has no '{lang}' texts: the '{lang}' texts of the codebook, content/{lang}/ "
                   f"and labels/{lang}.yaml are English, to translate")
    click.echo(f"next: cd {folder} && befund serve   (README.md says what is where and how to publish)")


@main.command()
@click.argument("site", type=click.Path(file_okay=False, path_type=Path), default=".")
def lock(site: Path) -> None:
    """Record every published page and anchor in codebook/permalinks.lock (commit it).

    From then on, befund check and every build fail when one of them disappears without an entry in
    codebook/redirects.yaml, and the build forwards renamed ones. Run it after publishing.
    """
    from .check import Checker
    from .permalinks import write_lock

    site_config = _site(site / "mkdocs.yml")
    checked = Checker().check(site_config.layout)
    found = [p for p in checked.problems if p.rule != "permalink-gone"]
    if errors(found) or checked.codebook is None:
        click.echo(format_text(found), err=True)
        click.echo("befund: the site has errors; nothing was locked", err=True)
        sys.exit(1)
    kept = checked.permalinks | {forward.old for forward in checked.forwards}  # redirected ones stay forwarded
    path = write_lock(site_config.layout.codebook, kept)
    click.echo(f"befund: locked {len(kept)} addresses in {path}")


@main.command()
@click.argument("site", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object with every problem, for CI.")
@click.option("--release", is_flag=True, help="Check the site for publishing: a placeholder site_url is an error.")
def check(site: Path, fmt: str, release: bool) -> None:
    """Check the codebook and content of the site in SITE without building.

    Exit status: 0 clean (warnings allowed), 1 errors found, 2 usage or I/O problem.
    """
    from .check import Checker

    config_file = site / "mkdocs.yml"
    if not config_file.is_file():
        click.echo(f"befund: {config_file} not found (pass the folder that holds mkdocs.yml)", err=True)
        sys.exit(2)
    site_config = _site(config_file)
    checked = Checker().check(site_config.layout)  # referenced until the end: see _finish
    problems = site_config.warnings + checked.problems + _address(site_config, release)
    click.echo(format_json(problems) if fmt == "json" else format_text(problems))
    _finish(1 if errors(problems) else 0)


def _address(site: Site, release: bool) -> list[Problem]:
    from .siteconfig import site_url_problem

    found = site_url_problem(site, release=release)
    return [found] if found else []

