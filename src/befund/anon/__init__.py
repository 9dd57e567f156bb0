"""Anonymisation lint: find identifying data in quotes, commentary and prose before it is published.

Qualitative data is anonymised by hand, and one forgotten name, street or phone number in a
quote is enough to identify a participant. The rules (``rules.py``, one table) look for the *shapes*
identifying data takes (an e-mail address, a date, "Frau" + surname, …), plus a study-local list of
real names kept out of version control (``terms.py``). They deliberately do not flag capitalised
words as such, since every German noun is capitalised, nor the placeholders anonymised quotes use
([MA], [...], B-Stadt). Word lists that keep rules quiet on ordinary words are data (``words/``).

A reviewed finding that is fine (a public institution, a year that identifies nobody) is kept by
acknowledging it next to the quote, with a reason, so that reviewed quotes pass.

Everything here is a pure function over strings; the regular expressions are compiled once, are
anchored at word starts and avoid nested quantifiers, so the lint stays linear in the text size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .engine import LintText, code_digest, codebook_texts, lint_texts, prose_text
from .terms import DEFAULT_TERMS_FILE, SensitiveTerms, hash_term, load_sensitive_terms

if TYPE_CHECKING:
    from .rules import BY_NAME, RULES


def __getattr__(name: str) -> Any:
    """The rule table, imported when asked for: compiling its patterns is most of what importing
    the lint costs, and a check whose every text's lint was kept never asks (``engine.py``)."""
    if name in ("BY_NAME", "RULES"):
        from . import rules

        return getattr(rules, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["BY_NAME", "DEFAULT_TERMS_FILE", "RULES", "LintText", "SensitiveTerms", "code_digest",
           "codebook_texts", "hash_term", "lint_texts", "load_sensitive_terms", "prose_text"]
