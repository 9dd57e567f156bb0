"""befund's own UI words, one file per language (content translations live in the codebook)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

Labels = dict[str, Any]
"""Label key → text, or ``{one: …, other: …}`` for words that change with a number."""


@cache
def ui_labels(lang: str) -> Labels:
    """befund's own UI words for *lang* (English where a language has no label file)."""
    folder = resources.files("befund").joinpath("labels")
    english = yaml.safe_load(folder.joinpath("en.yaml").read_text("utf-8"))
    path = folder.joinpath(f"{lang}.yaml")
    own = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return {**english, **own}


def plural(labels: Labels, key: str, n: int) -> str:
    """``3 Zitate`` / ``1 Zitat``: the form for *n* (a label's ``one`` applies to the numbers in the
    language's ``plural.one``, by default just 1)."""
    forms = labels[key]
    singular = n in labels.get("plural.one", [1])
    return f"{n} {forms['one'] if singular else forms['other']}"
