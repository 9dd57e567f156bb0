"""``befund init``: a small, working site in the languages a team chooses (the only command that writes a codebook).

The files come from one table (``FILES``): Jinja templates in ``scaffold/files`` filled with the
texts of each language (``scaffold/texts/<lang>.yaml``, the same keys in every file). A language
without texts gets the English ones to translate; a language befund ships no UI labels for gets a
site label file (``labels/<lang>.yaml``): the scaffold's own translation where it has one
(``scaffold/labels``), else befund's English labels to translate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .. import __version__
from ..clock import build_date
from ..render import labels as ui
from ..schema import schema_files
from ..schemadoc import LANGUAGE_PATTERN

DEFAULT_LANGUAGES = ("de", "en")
FALLBACK = "en"
"""The language whose texts and labels a language without its own gets, to translate."""
REFERENCE = "CODEBOOK-REFERENCE.md"


@dataclass(frozen=True)
class Scaffolded:
    """What ``befund init`` wrote, and the languages whose texts are English placeholders to translate."""

    files: list[Path]
    untranslated: list[str]


class ScaffoldError(Exception):
    """The site cannot be created there, or with these languages; the message says why."""


FILES: tuple[tuple[str, str], ...] = (
    ("mkdocs.yml", "mkdocs.yml.j2"),
    ("README.md", "README.md.j2"),
    (".gitignore", "gitignore"),
    ("requirements.txt", "requirements.txt.j2"),
    (".github/workflows/pages.yml", "github-pages.yml"),
    (".gitlab-ci.yml", "gitlab-ci.yml"),
    ("codebook/study.yaml", "codebook/study.yaml.j2"),
    ("codebook/categories/first-category.yaml", "codebook/first-category.yaml.j2"),
    ("codebook/categories/second-category.yaml", "codebook/second-category.yaml.j2"),
    ("codebook/quotes/IN_01.yaml", "codebook/IN_01.yaml.j2"),
    ("codebook/glossary.yaml", "codebook/glossary.yaml.j2"),
    ("codebook/references.yaml", "codebook/references.yaml.j2"),
    ("content/{lang}/method.md", "method.md.j2"),
    ("overrides/README.md", "overrides-README.md"),
)
"""Site path (``{lang}``: one file per language) → template in ``scaffold/files`` (``.j2``: rendered)."""


def parse_languages(value: str) -> list[str]:
    """``de,en`` → ``["de", "en"]``; raises ScaffoldError for an empty list, a repeat or a malformed code."""
    languages = [part.strip() for part in value.split(",") if part.strip()]
    bad = [lang for lang in languages if not re.fullmatch(LANGUAGE_PATTERN, lang)]
    if not languages or bad:
        raise ScaffoldError(f"--languages {value}: give language codes such as de,en or en or pt-BR,en"
                            + (f" ({', '.join(bad)} is not one)" if bad else ""))
    if len(set(languages)) != len(languages):
        raise ScaffoldError(f"--languages {value}: each language once")
    return languages


def create_site(folder: Path, languages: list[str] | tuple[str, ...] = DEFAULT_LANGUAGES) -> Scaffolded:
    """Write a new site for *languages* (the first is the default) into *folder*, which must be empty or new."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} is not empty; befund init only starts new sites: give a new or empty folder")
    languages = list(languages)
    texts = {lang: _texts(lang) for lang in languages}
    untranslated = [lang for lang in languages if _resource("texts", f"{lang}.yaml") is None]
    written = [_write(folder / path, content) for path, content in _rendered(languages, texts)]
    for lang in languages:
        if ui.shipped(lang) is None:
            written.append(_write(folder / ui.SITE_FOLDER / f"{lang}.yaml", _label_file(lang)))
    schema_dir = resources.files("befund").joinpath("schema")
    for name in schema_files():  # so the yaml-language-server lines in the codebook resolve
        written.append(_write(folder / "schema" / name, schema_dir.joinpath(name).read_text("utf-8")))
    written.append(_write(folder / REFERENCE, _reference(folder / "codebook")))
    return Scaffolded(written, untranslated)


def codebook_files(languages: list[str]) -> list[tuple[str, str]]:
    """(path inside codebook/, content) of the codebook ``befund init`` writes for *languages*."""
    texts = {lang: _texts(lang) for lang in languages}
    return [(path.removeprefix("codebook/"), content) for path, content in _rendered(languages, texts)
            if path.startswith("codebook/")]


def _rendered(languages: list[str], texts: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(site path, content) of every file of ``FILES``."""
    default, data_language = languages[0], languages[0]
    env = jinja2.Environment(loader=jinja2.PackageLoader("befund", "scaffold/files"),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["scalar"] = scalar
    env.globals.update(t=texts, languages=languages, default=default, others=languages[1:],
                       data_language=data_language, version=__version__, year=build_date().year,
                       texts=_per_language(texts, languages),
                       translation=_translations(texts, [lang for lang in languages if lang != data_language]))
    out = []
    for path, template in FILES:
        for lang in languages if "{lang}" in path else [default]:
            if template.endswith(".j2"):
                content = env.get_template(template).render(lang=lang)
            else:
                content = resources.files("befund").joinpath("scaffold", "files", template).read_text("utf-8")
            out.append((path.replace("{lang}", lang), content))
    return out


def _per_language(texts: dict[str, dict[str, str]], languages: list[str]) -> Callable[..., str]:
    def field(key: str, indent: int = 2) -> str:
        """``  de: …`` / ``  en: …``: the text *key* in every language, as the entries of a YAML mapping."""
        return "\n".join(_entry(lang, texts[lang][key], indent) for lang in languages)
    return field


def _translations(texts: dict[str, dict[str, str]], others: list[str]) -> Callable[[str], str]:
    def translation(key: str) -> str:
        """A quote's ``translation:`` into every language but the data language (nothing on a one-language site)."""
        if not others:
            return "    # translation: none, the site has one language"
        return "    translation:\n" + "\n".join(_entry(lang, texts[lang][key], 6) for lang in others)
    return translation


def _entry(lang: str, text: str, indent: int) -> str:
    pad = " " * indent
    if "\n" in text.strip():
        body = "\n".join(f"{pad}  {line}" if line else "" for line in text.strip().splitlines())
        return f"{pad}{lang}: |\n{body}"
    return f"{pad}{lang}: {scalar(text.strip())}"


def scalar(text: str) -> str:
    """*text* as a one-line YAML value: plain where YAML reads it back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"key: {text}") == {"key": text} and "#" not in text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _texts(lang: str) -> dict[str, str]:
    own = _resource("texts", f"{lang}.yaml") or _resource("texts", f"{FALLBACK}.yaml")
    assert own is not None  # the fallback language's texts ship with befund
    return yaml.safe_load(own)


def _label_file(lang: str) -> str:
    """``labels/<lang>.yaml`` for a language befund ships no labels for: a translation, or English to translate."""
    own = _resource("labels", f"{lang}.yaml")
    if own is not None:
        return own
    english = resources.files("befund").joinpath("labels", f"{ui.REFERENCE}.yaml").read_text("utf-8")
    body = english.split("\n", 1)[1]  # without its first line, which says it is English
    return (f"# befund's interface words for '{lang}'. befund init wrote its English labels here:\n"
            f"# translate every value into '{lang}' (keep the keys and the {{placeholders}}).\n" + body)


def _reference(codebook: Path) -> str:
    """The codebook reference of this befund's schemas, with its examples from the new codebook."""
    from ..reference import reference_for_site

    return reference_for_site(codebook, __version__)


def _resource(*parts: str) -> str | None:
    node: Any = resources.files("befund").joinpath("scaffold", *parts)
    return node.read_text("utf-8") if node.is_file() else None


def _write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, "utf-8")
    return path
