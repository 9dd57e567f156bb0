"""The study's sensitive-terms list: real names, places and organisations that must never appear.

Kept out of version control (``sensitive-terms.txt``, git-ignored), optionally as ``sha256:``
digests so the list itself names nobody.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..problems import Problem, display_path

DEFAULT_TERMS_FILE = "sensitive-terms.txt"
"""Study-local list of real names, places and organisations; git-ignored by default."""


def fold(text: str) -> str:
    """Case- and normalisation-insensitive form used for hashing and comparing terms."""
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return unicodedata.normalize("NFC", text.casefold())


def hash_term(term: str) -> str:
    """``sha256:<hex>`` of a term's casefolded NFC text, for a terms list without names in clear."""
    key = fold(" ".join(term.split()))
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SensitiveTerms:
    """Real names, places and organisations that must never appear in the site."""

    plain: tuple[str, ...] = ()
    hashed: frozenset[str] = frozenset()
    """``sha256:<hex>`` digests as made by :func:`hash_term`."""

    @classmethod
    def of(cls, terms: Iterable[str]) -> SensitiveTerms:
        """Terms in clear and ``sha256:`` digests, mixed, as in the terms file."""
        plain: list[str] = []
        hashed: set[str] = set()
        for term in terms:
            term = " ".join(term.split())
            if HASHED.fullmatch(term):
                hashed.add(term.lower())
            elif term and term not in plain:
                plain.append(term)
        return cls(tuple(plain), frozenset(hashed))

    def __bool__(self) -> bool:
        return bool(self.plain or self.hashed)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """One alternation of all plain terms, longest first, whole words, any case."""
        variants: set[str] = set()
        for term in self.plain:
            for form in ("NFC", "NFD"):
                words = unicodedata.normalize(form, term).split()
                variants.add(r"\s+".join(re.escape(w) for w in words))
        if not variants:
            return None
        alternation = "|".join(sorted(variants, key=lambda v: (-len(v), v)))
        return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


HASHED = re.compile(r"sha256:[0-9a-fA-F]{64}")


def load_sensitive_terms(path: Path, base: Path | None = None) -> tuple[SensitiveTerms, list[Problem]]:
    """Read the terms file: one term per line, ``#`` comments, ``sha256:<hex>`` for hashed terms.

    A missing file is no problem: many studies keep the list only on the researchers' machines.
    """
    shown = display_path(path, base) if base is not None else path.as_posix()
    problems: list[Problem] = []
    if not path.is_file():
        return SensitiveTerms(), problems
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return SensitiveTerms(), [Problem(shown, 0, 0, "anon-terms-file", "the sensitive-terms file is not UTF-8",
                                          "save it as UTF-8")]
    except OSError as exc:
        return SensitiveTerms(), [Problem(shown, 0, 0, "anon-terms-file",
                                          f"cannot read the sensitive-terms file: {exc.strerror or exc}",
                                          "check the path and its permissions")]
    terms: list[str] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        term = " ".join(line.split())
        if not term or term.startswith("#"):
            continue
        if term.lower().startswith("sha256:") and not HASHED.fullmatch(term):
            problems.append(Problem(shown, number, 1, "anon-terms-file",
                                    "a hashed term must be 'sha256:' and 64 hexadecimal digits",
                                    "make it with befund.anon.hash_term('the term')"))
            continue
        if not HASHED.fullmatch(term) and len(term) < 2:
            problems.append(Problem(shown, number, 1, "anon-terms-file",
                                    f"the term '{term}' is too short to look for", "remove the line",
                                    "warning"))
            continue
        terms.append(term)
    return SensitiveTerms.of(terms), problems
