"""Every anonymisation rule in one table: its name, severity, what to do, and how it finds things.

Rules run in table order. A rule that *claims* its spans keeps later claiming rules from reporting
the same characters again (an IBAN is not also a phone number, a date's year not also a bare year).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from ..problems import Severity
from . import patterns as p
from .finding import Finding
from .terms import SensitiveTerms, fold

LONG_QUOTE_WORDS = 150
MAX_NGRAM = 3
"""Hashed sensitive terms are compared against word n-grams up to this length."""


@dataclass(frozen=True)
class Subject:
    """One text as a rule sees it: *masked* hides link syntax (offsets unchanged)."""

    text: str
    masked: str
    is_quote: bool
    field: str
    terms: SensitiveTerms


Finder = Callable[[Subject], Iterator[Finding]]
Scope = Literal["all", "quote", "original", "across"]


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    hint: str
    find: Finder | None
    """None for rules that compare texts with each other (run by the engine)."""
    scope: Scope = "all"
    """``quote``: verbatim data only (originals and translations); ``original``: originals only."""
    claims: bool = False
    gates: tuple[re.Pattern[str], ...] | None = None
    """Patterns one of which matches every text *find* finds anything in (``patterns.py``); None: any text."""
    min_chars: int = 0
    """Texts shorter than this cannot have a finding."""
    needs_terms: bool = False
    """Finds nothing without a sensitive-terms list."""


def _simple(rule: str, pattern: re.Pattern[str], what: str) -> Finder:
    """Every match of *pattern*, trailing punctuation trimmed."""
    def find(s: Subject) -> Iterator[Finding]:
        for m in pattern.finditer(s.masked):
            found = s.text[m.start():m.end()].rstrip(".,;:!?")
            if found:
                yield Finding(rule, m.start(), m.start() + len(found), found, f"{what}: '{found}'")
    return find


def _iban(s: Subject) -> Iterator[Finding]:
    for m in p.IBAN.finditer(s.masked):
        if sum(c.isdigit() for c in m.group()) >= 10:
            yield Finding("anon-iban", m.start(), m.end(), m.group(), f"IBAN: '{m.group()}'")


_urls = _simple("anon-url", p.URL, "web address")


def _url(s: Subject) -> Iterator[Finding]:
    for f in _urls(s):
        is_link_target = s.masked[max(0, f.start - 2):f.start] == "](" or s.masked[f.start - 1:f.start] == "<"
        if is_link_target and not s.is_quote:
            continue  # a Markdown link in commentary or prose is a citation, not data
        yield f


def _dates(s: Subject) -> Iterator[Finding]:
    text, masked = s.text, s.masked
    for m in p.DATE.finditer(masked):
        if m.group()[0].isdigit() and p.SECTION_WORDS.search(masked, max(0, m.start() - 12), m.start()):
            continue  # "Abschnitt 5.2.12", "S. 12.03"
        found = text[m.start():m.end()]
        yield Finding("anon-date", m.start(), m.end(), found, f"exact date: '{found}'")
    for m in p.DATE_NO_YEAR.finditer(masked):
        start, end = m.span(1)
        yield Finding("anon-date", start, end, text[start:end], f"exact date: '{text[start:end]}'")


def _phone(s: Subject) -> Iterator[Finding]:
    for m in p.PHONE.finditer(s.masked):
        if sum(c.isdigit() for c in m.group()) >= 7:
            yield Finding("anon-phone", m.start(), m.end(), m.group(), f"phone number: '{m.group()}'")


def _postcode(s: Subject) -> Iterator[Finding]:
    for m in p.POSTCODE.finditer(s.masked):
        if m.group("place").casefold() not in p.NOT_PLACES:
            found = s.text[m.start():m.end()]
            yield Finding("anon-postcode", m.start(), m.end(), found, f"postcode next to a place name: '{found}'")


def _address(s: Subject) -> Iterator[Finding]:
    for m in p.ADDRESS.finditer(s.masked):
        if m.group("place") and m.group("place").casefold() in p.NOT_STREETS:
            continue
        compound = (m.group("compound") or "").casefold()
        if compound in p.NOT_STREET_COMPOUNDS or p.COMMON_COMPOUND.search(compound):
            continue  # "Arbeitsplatz 2", "Lebensweg 3": nouns that end like street names
        found = s.text[m.start():m.end()]
        yield Finding("anon-address", m.start(), m.end(), found, f"street and house number: '{found}'")


def _person(s: Subject) -> Iterator[Finding]:
    for m in p.PERSON.finditer(s.masked):
        name = m.group("name")
        surname = name.split()[-1]
        key = surname.casefold()
        if len(surname) < 2 or key in p.NOT_SURNAMES:
            continue
        if m.group("title") in ("Frau", "Herr", "Herrn"):
            if any(key.endswith(suffix) and len(key) > len(suffix) + 2 for suffix in p.NOUN_SUFFIXES):
                continue  # "Frau Bedienung": a noun, not a surname
            if " " in name and p.ARTICLE_BEFORE.search(s.masked, max(0, m.start() - 8), m.start()):
                continue  # "die Frau vom Jobcenter", "der Herr von der Caritas"
        found = s.text[m.start():m.end()]
        yield Finding("anon-person", m.start(), m.end(), found, f"person named with a form of address: '{found}'")


def _sensitive(s: Subject) -> Iterator[Finding]:
    found: list[Finding] = []
    if s.terms.pattern is not None:
        for m in s.terms.pattern.finditer(s.masked):
            found.append(Finding("anon-sensitive", m.start(), m.end(), m.group(),
                                 f"'{m.group()}' is on the sensitive-terms list"))
    if s.terms.hashed:
        found.extend(_hashed_matches(s.text, s.masked, s.terms.hashed))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    end = -1
    for f in found:  # the longest of overlapping matches
        if f.start >= end:
            end = f.end
            yield f


def _digest(folded: str) -> str:
    return "sha256:" + hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _hashed_matches(text: str, masked: str, hashed: frozenset[str]) -> Iterator[Finding]:
    """Words and word n-grams (whitespace-separated, up to MAX_NGRAM) whose hash is on the list."""
    words = list(p.WORD.finditer(masked))
    folded: dict[str, str] = {}
    keys = []
    for w in words:
        key = folded.get(w.group())
        if key is None:
            key = folded[w.group()] = fold(w.group())
        keys.append(key)
    # joined[j]: words j-1 and j are separated by whitespace only, so they can form a term
    joined = [False] + [masked[a.end():b.start()].isspace() for a, b in itertools.pairwise(words)]
    seen: dict[str, bool] = {}
    for i, first in enumerate(words):
        spans: list[tuple[int, int]] = []
        key = keys[i]
        hit = seen.get(key)
        if hit is None:
            hit = seen[key] = _digest(key) in hashed
        if hit:
            spans.append((first.start(), first.end()))
        if "-" in key or "'" in key:  # "Müller" inside "Müller-Lüdenscheidt"
            offset = first.start()
            for part in re.split(r"(['’-])", first.group()):
                if len(part) > 1 and _digest(fold(part)) in hashed:
                    spans.append((offset, offset + len(part)))
                offset += len(part)
        for j in range(i + 1, min(i + MAX_NGRAM, len(words))):
            if not joined[j]:
                break
            key += " " + keys[j]
            if _digest(key) in hashed:
                spans.append((first.start(), words[j].end()))
        for start, end in spans:
            yield Finding("anon-sensitive", start, end, text[start:end],
                          f"'{text[start:end]}' matches a hashed entry of the sensitive-terms list")


def _long_quote(s: Subject) -> Iterator[Finding]:
    words = len(s.text.split())
    if words > LONG_QUOTE_WORDS:
        yield Finding("anon-long-quote", 0, 0, "", f"the quote has {words} words (more than about "
                                                    f"{LONG_QUOTE_WORDS})")


RULES: tuple[Rule, ...] = (
    Rule("anon-iban", "error", "replace it by a placeholder such as [IBAN]", _iban, claims=True,
         gates=p.IBAN_GATES),
    Rule("anon-email", "error", "replace it by a placeholder such as [E-Mail]",
         _simple("anon-email", p.EMAIL, "e-mail address"), claims=True, gates=p.EMAIL_GATES),
    Rule("anon-url", "error", "replace it by a placeholder such as [URL] or [Website]", _url, claims=True,
         gates=p.URL_GATES),
    Rule("anon-date", "error", "replace it by a placeholder such as [Datum], or coarsen it (e.g. 'im Frühjahr')",
         _dates, claims=True, gates=p.DATE_GATES),
    Rule("anon-phone", "error", "replace it by a placeholder such as [Telefonnummer]", _phone, claims=True,
         gates=p.PHONE_GATES),
    Rule("anon-postcode", "error", "replace it by a placeholder such as [PLZ] [Ort]", _postcode, claims=True,
         gates=p.POSTCODE_GATES),
    Rule("anon-address", "error", "replace it by a placeholder such as [Straße] or [Adresse]", _address,
         claims=True, gates=p.ADDRESS_GATES),
    Rule("anon-age", "warning", "coarsen it (e.g. 'in den Vierzigern') or replace it by [Alter]",
         _simple("anon-age", p.AGE, "age"), claims=True, gates=p.AGE_GATES),
    Rule("anon-year", "warning", "check whether the year identifies someone; replace it by [Jahr] if so",
         _simple("anon-year", p.YEAR, "year"), scope="quote", claims=True, gates=p.YEAR_GATES),
    Rule("anon-person", "error", "replace the name by a placeholder such as [Name] or [Kollegin]", _person,
         gates=p.PERSON_GATES),
    Rule("anon-sensitive", "error", "replace it by a placeholder such as [Name], [Ort] or [Organisation]",
         _sensitive, needs_terms=True),
    Rule("anon-long-quote", "warning", "long verbatim passages are easier to re-identify; shorten the quote "
                                       "with [...]", _long_quote, scope="original",
         min_chars=2 * LONG_QUOTE_WORDS + 1),  # more words than that need a character and a space each
    Rule("anon-placeholder-drift", "warning", "write each placeholder the same way everywhere", None,
         scope="across"),
    Rule("anon-stale-acknowledgement", "warning", "remove the acknowledgement, or fix its rule or match", None,
         scope="across"),
)
BY_NAME = {rule.name: rule for rule in RULES}
