"""Runs the rule table over texts: findings, acknowledgements, placeholder drift, stale acknowledgements;
what a text's lint finds in the text alone can be kept between runs (a ``usercache.Kept``)."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..gcpause import collector_paused
from ..links import LINK
from ..model import Acknowledgement
from ..problems import Problem, display_path
from ..texts import Spot, TextField
from ..usercache import Kept, salt
from .finding import Finding
from .terms import SensitiveTerms, fold

if TYPE_CHECKING:
    from .rules import Rule

# The rule table and its patterns (``rules.py``, ``patterns.py``; ~40 ms of compiling regular
# expressions) are imported where a text is linted or a finding reported, not with this module:
# a check whose every text's lint was kept needs neither, nor does a build's worker.

_ACK = "or, if it identifies nobody, acknowledge it in the quote's 'acknowledge:' list with a reason"


@dataclass(frozen=True)
class LintText:
    """One piece of text to lint, located where the user can find it."""

    spot: Spot
    field: str
    """Which field, e.g. ``original``, ``translation.en``, ``summary.de``; ``page`` for prose."""
    text: str
    acknowledged: tuple[Acknowledgement, ...] = ()
    """Reviewed findings that are kept (a quote's ``acknowledge:`` list)."""
    is_quote: bool = False
    """Verbatim data (a quote original or its translation), where stricter rules apply."""
    owner: str = ""
    """The item the text belongs to, for messages, e.g. ``quote GD_02-1``."""
    acknowledgeable: bool = False
    """Whether the owner has an ``acknowledge:`` list, so the hint can offer it."""


def codebook_texts(texts: Iterable[TextField]) -> list[LintText]:
    """The codebook's registered texts; a quote's acknowledgements apply to all of its texts."""
    out = []
    with collector_paused():
        for t in texts:
            for lang, value in t.values.items():
                if value:
                    out.append(LintText(t.spots[lang], f"{t.field}.{lang}" if lang else t.field, value,
                                        t.acknowledged, t.role in ("verbatim", "translation"), t.owner,
                                        t.acknowledgeable))
    return out


def prose_text(path: Path, base: Path, text: str) -> LintText:
    """A hand-written content page, located exactly (line 1 is the file's first line)."""
    return LintText(Spot.of_text(display_path(path, base), text), "page", text)


def _mask_links(text: str) -> str:
    """Blank out ``[[kind:id`` and ``]]`` of short links (keeping their labels), offsets unchanged."""
    if "[[" not in text:
        return text
    parts: list[str] = []
    last = 0
    for m in LINK.finditer(text):
        parts.append(text[last:m.start()])
        label = m.group("label")
        if label is None:
            parts.append(" " * (m.end() - m.start()))
        else:
            start, end = m.span("label")
            parts.append(" " * (start - m.start()) + label + " " * (m.end() - end))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


Placeholder = tuple[int, int, str, str, bool]
"""A placeholder in a text: start, end, as written, its inside, whether a sentence starts there."""
TextLint = tuple[tuple[Finding, ...], tuple[Placeholder, ...]]
"""What a text's lint finds in the text alone: the rule table's findings and its placeholders."""


def code_digest() -> bytes:
    """What besides a text (its field, whether it is verbatim, the sensitive terms: its key) decides its
    lint: befund's version, Python, and the lint's code and word lists (the salt of the kept lint)."""
    package = resources.files("befund") / "anon"
    return salt(sorted((entry for folder in (package, package / "words") for entry in folder.iterdir()
                        if entry.is_file() and entry.name.endswith((".py", ".txt"))), key=lambda e: e.name))


def _text_keys(items: list[LintText], terms: SensitiveTerms) -> list[bytes]:
    terms_digest = hashlib.blake2b(repr((sorted(terms.plain), sorted(terms.hashed))).encode(), digest_size=16).digest()
    return [hashlib.blake2b(f"{item.field}\0{item.is_quote:d}\0{item.text}".encode(), digest_size=16,
                            key=terms_digest).digest() for item in items]


def _text_lints(items: list[LintText], terms: SensitiveTerms) -> list[TextLint]:
    """Each item's findings of the rule table, and its placeholders."""
    return [(tuple(findings), _placeholders(item.text)) for item, findings in zip(items, _all_findings(items, terms),
                                                                                    strict=True)]


def _all_findings(items: list[LintText], terms: SensitiveTerms) -> list[list[Finding]]:
    """Each item's findings, rule after rule in table order (claims of earlier rules hide later ones).

    A rule runs only on the texts its gates hit (``patterns.py``): the same findings, a fraction
    of the regular-expression work. The few texts any gate may hit are found first, all at once.
    """
    from . import patterns as p
    from .corpus import Corpus
    from .rules import RULES, Subject

    masked = [_mask_links(item.text) for item in items]
    corpus = Corpus(masked)
    scanned = sorted({index for scan in p.SCANS for index in corpus.hits(scan)})
    per_item: list[list[Finding]] = [[] for _ in items]
    subjects: dict[int, Subject] = {}
    claimed: dict[int, bytearray] = {}
    for rule in RULES:
        if rule.find is None or (rule.needs_terms and not terms):
            continue
        gates = rule.gates
        candidates = range(len(items)) if gates is None else \
            [i for i in scanned if any(gate.search(masked[i]) for gate in gates)]
        for index in candidates:
            item = items[index]
            if not _in_scope(rule, item) or len(item.text) < rule.min_chars:
                continue
            subject = subjects.get(index)
            if subject is None:
                subject = subjects[index] = Subject(item.text, masked[index], item.is_quote, item.field, terms)
            new = list(rule.find(subject))
            if rule.claims and new:
                marks = claimed.get(index)
                if marks is None:
                    marks = claimed[index] = bytearray(len(item.text) + 1)
                new = [f for f in new if not any(marks[f.start:f.end])]
                for f in new:
                    marks[f.start:f.end] = b"\x01" * (f.end - f.start)
            per_item[index].extend(new)
    return per_item


def _in_scope(rule: Rule, item: LintText) -> bool:
    if rule.scope == "quote":
        return item.is_quote
    if rule.scope == "original":
        return item.is_quote and item.field == "original"
    return True


def _acknowledged(item: LintText, finding: Finding, used: set[int]) -> bool:
    hit = False
    for ack in item.acknowledged:
        if ack.rule == finding.rule and (ack.match is None or _norm(ack.match) in _norm(finding.found)):
            used.add(id(ack))
            hit = True
    return hit


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def _problem(item: LintText, f: Finding) -> Problem:
    from .rules import BY_NAME

    rule = BY_NAME[f.rule]
    hint = rule.hint
    if item.acknowledgeable and f.rule != "anon-stale-acknowledgement":
        hint += "; " + _ACK + (f" (rule: {f.rule}, match: '{f.found}')" if f.found else f" (rule: {f.rule})")
    where = f"{item.owner}, {item.field}" if item.owner else item.field
    line, column = item.spot.at(f.start)
    return Problem(item.spot.path, line, column, f.rule, f"{f.message} ({where})" if where else f.message, hint,
                   rule.severity)


def _lower_first(form: str) -> str:
    return form[:1] + form[1:2].lower() + form[2:]


def _placeholder_key(inner: str) -> str | None:
    """What a placeholder's text comes to when case, spacing and marks are ignored; None: not a placeholder."""
    if not any(c.isalpha() for c in inner) and not re.fullmatch(r"[\s.…]+", inner):
        return None
    return re.sub(r"[\s*:_·/]", "", fold(inner).replace("…", "..."))


def _placeholders(text: str) -> tuple[Placeholder, ...]:
    """Every ``[…]`` of *text* that may be a placeholder."""
    if "[" not in text:
        return ()
    from . import patterns as p

    return tuple((m.start(), m.end(), m.group(), m.group("inner"),
                  bool(p.SENTENCE_START.search(text[max(0, m.start() - 3):m.start()])))
                 for m in p.PLACEHOLDER.finditer(text))


def _drift(placeholders: list[tuple[Placeholder, ...]]) -> list[tuple[int, Finding]]:
    """Placeholders written differently for the same thing, e.g. [Name], [NAME] and [ name ]
    (*placeholders*: each text's).

    A capital first letter at the start of a sentence ("[The user] said") is not drift.
    """
    occurrences: dict[str, list[tuple[int, int, int, str, bool]]] = {}
    keys: dict[str, str | None] = {}  # the same few placeholders recur in thousands of quotes
    for index, found_in_text in enumerate(placeholders):
        for start, end, form, inner, initial in found_in_text:
            if inner in keys:
                key = keys[inner]
            else:
                key = keys[inner] = _placeholder_key(inner)
            if key is None:
                continue  # [1], [?]: not a placeholder
            occurrences.setdefault(key, []).append((index, start, end, form, initial))
    out: list[tuple[int, Finding]] = []
    for found in occurrences.values():
        counts: dict[str, int] = {}
        for *_, form, initial in found:
            if not initial:
                counts[form] = counts.get(form, 0) + 1
        if not counts:
            continue
        canonical = max(counts, key=lambda form: counts[form])  # the first seen wins a tie
        for index, start, end, form, initial in found:
            if form == canonical or (initial and _lower_first(form) == canonical):
                continue
            out.append((index, Finding("anon-placeholder-drift", start, end, form,
                                       f"placeholder '{form}' is written '{canonical}' elsewhere "
                                       f"({counts[canonical]}×)")))
    return out


def lint_texts(items: Iterable[LintText], sensitive_terms: SensitiveTerms, kept: Kept | None = None) -> list[Problem]:
    """Every anonymisation finding in *items*, minus acknowledged ones, plus stale acknowledgements.

    Pass the codebook's and the prose pages' texts in one call: placeholder drift compares the
    placeholders of all *items* with each other. With *kept*, what each text's lint found in it
    alone (:data:`TextLint`) comes from there where an earlier run made it, by a digest of the
    text, its field, whether it is verbatim and the sensitive terms; the others are linted and kept.
    """
    with collector_paused():
        return _lint(list(items), sensitive_terms, kept)


def _lint(items: list[LintText], sensitive_terms: SensitiveTerms, kept: Kept | None) -> list[Problem]:
    if kept is None:
        texts = _text_lints(items, sensitive_terms)
    else:
        texts = kept.get_all(_text_keys(items, sensitive_terms),
                             lambda missing: _text_lints([items[i] for i in missing], sensitive_terms))
    used: set[int] = set()
    per_item = [list(findings) for findings, _ in texts]
    for index, finding in _drift([placeholders for _, placeholders in texts]):
        per_item[index].append(finding)
    problems = []
    for item, findings in zip(items, per_item, strict=True):
        for f in sorted(findings, key=lambda f: (f.start, f.rule)):
            if not _acknowledged(item, f, used):
                problems.append(_problem(item, f))
    problems.extend(_stale(items, used))
    return problems


def _stale(items: list[LintText], used: set[int]) -> list[Problem]:
    """Acknowledgements of anon rules that no finding needs any more (the quote was fixed)."""
    seen: set[int] = set()
    problems: list[Problem] = []
    for item in items:
        for ack in item.acknowledged:
            if id(ack) in seen or id(ack) in used or not ack.rule.startswith("anon-"):
                continue  # other checks may use acknowledgements too; they judge their own
            seen.add(id(ack))
            what = ack.rule + (f" '{ack.match}'" if ack.match is not None else "")
            from .rules import BY_NAME

            if ack.rule not in BY_NAME:
                close = difflib.get_close_matches(ack.rule, list(BY_NAME), n=1)
                message = f"acknowledgement of {what}: there is no rule {ack.rule}"
                hint = f"did you mean '{close[0]}'?" if close else "known rules: " + ", ".join(BY_NAME)
            else:
                message = f"acknowledgement of {what} matches nothing any more"
                hint = BY_NAME["anon-stale-acknowledgement"].hint
            where = f" ({item.owner})" if item.owner else ""
            path, line, column = (ack.origin.path, ack.origin.line, ack.origin.column) if ack.origin else \
                (item.spot.path, item.spot.line, item.spot.column)  # the acknowledge entry itself where known
            problems.append(Problem(path, line, column, "anon-stale-acknowledgement", message + where, hint,
                                    "warning"))
    return problems
