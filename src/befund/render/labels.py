"""befund's own UI words, one file per language (content translations live in the codebook).

befund ships label files for some languages (``befund/labels/<lang>.yaml``). A site adds any other
language, or rewords single labels of a shipped one, with ``labels/<lang>.yaml`` next to its
mkdocs.yml. English is the reference: every language a study uses needs a text for each of its
keys. :func:`site_labels` reads a site's labels and says what is missing; the check pipeline calls
it, and its result (``SiteCheck.labels``) is handed to the renderer, the theme and the nav.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..load import SAFE_LOADER, Document, load_file
from ..problems import Problem, display_path

Labels = dict[str, Any]
"""Label key → text, or ``{one: …, other: …}`` for words that change with a number."""

SITE_FOLDER = "labels"
"""A site's own label files: ``labels/<lang>.yaml`` next to mkdocs.yml."""
REFERENCE = "en"
"""The language whose label file lists every key."""
OPTIONAL: Labels = {"plural.one": [1]}
"""Keys a language may set and English does not need: the numbers that take the singular."""

class LabelError(LookupError):
    """A language has no labels (the check reports it before anything is built)."""


@cache
def shipped(lang: str) -> Labels | None:
    """befund's own label file for *lang*, or None when befund ships none."""
    path = resources.files("befund").joinpath("labels", f"{lang}.yaml")
    return yaml.load(path.read_text("utf-8"), Loader=SAFE_LOADER) if path.is_file() else None


def shipped_languages() -> list[str]:
    folder = resources.files("befund").joinpath("labels")
    return sorted(entry.name.removesuffix(".yaml") for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def ui_labels(lang: str, site: Mapping[str, Labels] | None = None) -> Labels:
    """befund's UI words for *lang*: the site's (``SiteCheck.labels``) when given, else befund's own file."""
    found = (site or {}).get(lang) or shipped(lang)
    if found is None:
        raise LabelError(f"no UI labels for language '{lang}': befund ships {', '.join(shipped_languages())}; "
                         f"a site adds one with {SITE_FOLDER}/{lang}.yaml")
    return found


def plural(labels: Labels, key: str, n: int) -> str:
    """``3 Zitate`` / ``1 Zitat``: the form for *n* (a label's ``one`` applies to the numbers in the
    language's ``plural.one``, by default just 1)."""
    forms = labels[key]
    singular = n in (labels.get("plural.one") or OPTIONAL["plural.one"])
    return f"{n} {forms['one'] if singular else forms['other']}"


# -- a site's labels, checked -----------------------------------------------------------------------
Place = tuple[str, int, int]
"""File, line and column: where a study names a language."""


def site_labels(languages: list[str], folder: Path, root: Path,
                where: Mapping[str, Place] | None = None) -> tuple[dict[str, Labels], list[Problem]]:
    """The labels of each of *languages*: befund's own file with the site's ``<folder>/<lang>.yaml`` over it.

    Problems: a language with no label file at all, or without a text for some of English's keys
    (each named); a label of the wrong form or with a ``{placeholder}`` English does not have; and,
    as warnings, unknown keys and label files of languages the study does not use. *where* places
    the problem of a language without any label file (the study's ``languages`` entry).
    """
    reference = shipped(REFERENCE) or {}
    found: dict[str, Labels] = {}
    problems: list[Problem] = []
    for lang in languages:
        path = folder / f"{lang}.yaml"
        shown = display_path(path, root)
        own: Labels = {}
        rejected: set[str] = set()
        if path.is_file():
            doc, trouble = load_file(path, shown)
            problems += trouble
            if doc is None:
                continue  # unreadable: its syntax problem says enough
            own, rejected, trouble = _read(doc, reference)
            problems += trouble
        elif shipped(lang) is None:
            problems.append(_no_file(lang, shown, list(reference), (where or {}).get(lang)))
            continue
        labels = {**(shipped(lang) or {}), **own}
        missing = [key for key in reference if key not in labels and key not in rejected]
        if missing:
            problems.append(Problem(shown, 0, 0, "missing-labels",
                                    f"{len(missing)} of befund's labels have no '{lang}' text: {', '.join(missing)}",
                                    f"add each key with its {_name(labels, lang)} text (befund's {REFERENCE}.yaml "
                                    "label file shows every key)"))
        elif not rejected:
            found[lang] = labels
    problems += _unused_files(folder, root, languages)
    return found, problems


def _read(doc: Document, reference: Labels) -> tuple[Labels, set[str], list[Problem]]:
    """The usable labels of one site file, the keys given in a form befund cannot use, and the problems."""
    if not isinstance(doc.data, dict):
        return {}, set(reference), [doc.problem((), "label-type", "a label file is a mapping of label keys to texts",
                                                "write one 'key: text' line per label, e.g. 'page.home: Accueil'")]
    labels: Labels = {}
    rejected: set[str] = set()
    problems: list[Problem] = []
    known = [*reference, *OPTIONAL]
    for key, value in doc.data.items():
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            problems.append(doc.problem((key,), "unknown-label", f"befund has no label '{key}'",
                                        f"did you mean '{close[0]}'?" if close else "see befund's English labels",
                                        "warning"))
            continue
        wrong = _form_problem(key, value, reference.get(key, OPTIONAL.get(key)))
        if wrong:
            problems.append(doc.problem((key,), "label-type", wrong[0], wrong[1]))
            rejected.add(key)
        else:
            labels[key] = value
    return labels, rejected, problems


def _form_problem(key: str, value: Any, english: Any) -> tuple[str, str] | None:
    """What is wrong with the form of one label (None when it can be used as English's is)."""
    if key == "plural.one":
        if isinstance(value, list) and all(isinstance(n, int) and not isinstance(n, bool) for n in value):
            return None
        return "plural.one lists the numbers that take the singular", "e.g. [1], or [0, 1] in French"
    if isinstance(english, dict):
        if isinstance(value, dict) and set(value) == set(english) and all(isinstance(v, str) for v in value.values()):
            return None
        return (f"'{key}' needs a form per number: {', '.join(english)}",
                "write e.g. {one: citation, other: citations}")
    if not isinstance(value, str):
        return f"'{key}' must be a text, not {type(value).__name__}", "put the text in quotes"
    if key == "date.months" and len(value.split()) != 12:
        return "date.months needs the twelve month names, separated by spaces", "January February … December"
    extra = _fields(value) - _fields(english)
    if extra:
        return (f"'{key}' uses {', '.join('{' + f + '}' for f in sorted(extra))}, which befund does not fill in",
                f"placeholders of this label: {', '.join('{' + f + '}' for f in sorted(_fields(english))) or 'none'}")
    return None


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # an unpaired brace: not a format string befund fills in
        return {"{"}


def _no_file(lang: str, shown: str, missing: list[str], where: Place | None) -> Problem:
    message = (f"befund has no labels for '{lang}', one of the study's languages, and the site has no {shown}; "
               f"it needs a text for each of: {', '.join(missing)}")
    hint = (f"write {shown} (befund ships {', '.join(shipped_languages())}; its {REFERENCE}.yaml shows every key), "
            "or remove the language from study.yaml")
    path, line, column = where or (shown, 0, 0)
    return Problem(path, line, column, "missing-labels", message, hint)


def _unused_files(folder: Path, root: Path, languages: list[str]) -> list[Problem]:
    if not folder.is_dir():
        return []
    return [Problem(display_path(path, root), 0, 0, "unknown-file",
                    f"befund ignores {path.name}: '{path.stem}' is not one of the study's languages "
                    f"({', '.join(languages)})", "add the language to study.yaml or delete the file", "warning")
            for path in sorted(folder.iterdir())
            if path.suffix == ".yaml" and path.stem not in languages and not path.name.startswith(".")]


def _name(labels: Labels, lang: str) -> str:
    name = labels.get("language.name")
    return name if isinstance(name, str) and re.fullmatch(r"[^\W\d][\w -]*", name) else f"'{lang}'"
