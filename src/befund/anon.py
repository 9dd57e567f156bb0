"""Anonymisation lint: find identifying data in quotes, commentary and prose before it is published.

Qualitative data is anonymised by hand, and one forgotten name, street or phone number in a
quote is enough to identify a participant. These rules look for the *shapes* identifying data
takes (an e-mail address, a date, "Frau" + surname, …) plus a study-local list of real names that
is kept out of version control. They deliberately do not flag capitalised words as such, since
every German noun is capitalised, nor the placeholders anonymised quotes use ([MA], [...], B-Stadt).

A reviewed finding that is fine (a public institution, a year that identifies nobody) is kept by
acknowledging it next to the quote, with a reason, so that reviewed quotes pass.

Everything here is a pure function over strings; the regular expressions are compiled once, are
anchored at word starts and avoid nested quantifiers, so the lint stays linear in the text size.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .model import Acknowledgement, Category, Codebook, Concept, Origin, Recommendation, Text
from .problems import Problem, Severity, display_path
from .prose import ProsePage

DEFAULT_TERMS_FILE = "sensitive-terms.txt"
"""Study-local list of real names, places and organisations; git-ignored by default."""

LONG_QUOTE_WORDS = 150
MAX_NGRAM = 3
"""Hashed sensitive terms are compared against word n-grams up to this length."""

_ACK = "or, if it identifies nobody, acknowledge it in the quote's 'acknowledge:' list with a reason"

RULES: dict[str, tuple[Severity, str]] = {
    # rule: (severity, what to do about it)
    "anon-email": ("error", "replace it by a placeholder such as [E-Mail]"),
    "anon-url": ("error", "replace it by a placeholder such as [URL] or [Website]"),
    "anon-phone": ("error", "replace it by a placeholder such as [Telefonnummer]"),
    "anon-iban": ("error", "replace it by a placeholder such as [IBAN]"),
    "anon-date": ("error", "replace it by a placeholder such as [Datum], or coarsen it (e.g. 'im Frühjahr')"),
    "anon-address": ("error", "replace it by a placeholder such as [Straße] or [Adresse]"),
    "anon-postcode": ("error", "replace it by a placeholder such as [PLZ] [Ort]"),
    "anon-person": ("error", "replace the name by a placeholder such as [Name] or [Kollegin]"),
    "anon-sensitive": ("error", "replace it by a placeholder such as [Name], [Ort] or [Organisation]"),
    "anon-age": ("warning", "coarsen it (e.g. 'in den Vierzigern') or replace it by [Alter]"),
    "anon-year": ("warning", "check whether the year identifies someone; replace it by [Jahr] if so"),
    "anon-placeholder-drift": ("warning", "write each placeholder the same way everywhere"),
    "anon-long-quote": ("warning", "long verbatim passages are easier to re-identify; shorten the quote "
                                   "with [...]"),
    "anon-stale-acknowledgement": ("warning", "remove the acknowledgement, or fix its rule or match"),
}
"""Every rule this module reports, so ``befund check`` can document and filter them."""


@dataclass(frozen=True)
class LintText:
    """One piece of text to lint, located where the user can find it."""

    path: str
    line: int
    """Line where *text* starts (or of the item holding it when ``located`` is False)."""
    column: int
    field: str
    """Which field, e.g. ``original``, ``translation.en``, ``summary.de``; ``page`` for prose."""
    text: str
    acknowledged: list[Acknowledgement]
    """Reviewed findings that are kept (a quote's ``acknowledge:`` list)."""
    is_quote: bool
    """Verbatim data (a quote original or its translation), where stricter rules apply."""
    owner: str = ""
    """The item the text belongs to, for messages, e.g. ``quote GD_02-1``."""
    located: bool = True
    """False when line/column point at the item rather than at the text's first character, so
    offsets inside the text must not be added (YAML flow scalars fold their line breaks)."""
    acknowledgeable: bool = False
    """Whether the owner has an ``acknowledge:`` list, so the hint can offer it."""


# -- sensitive terms -------------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Case- and normalisation-insensitive form used for hashing and comparing terms."""
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    return unicodedata.normalize("NFC", text.casefold())


def hash_term(term: str) -> str:
    """``sha256:<hex>`` of a term's casefolded NFC text, for a terms list without names in clear."""
    key = _fold(" ".join(term.split()))
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
            if _HASHED.fullmatch(term):
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


_HASHED = re.compile(r"sha256:[0-9a-fA-F]{64}")


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
        if term.lower().startswith("sha256:") and not _HASHED.fullmatch(term):
            problems.append(Problem(shown, number, 1, "anon-terms-file",
                                    "a hashed term must be 'sha256:' and 64 hexadecimal digits",
                                    "make it with befund.anon.hash_term('the term')"))
            continue
        if not _HASHED.fullmatch(term) and len(term) < 2:
            problems.append(Problem(shown, number, 1, "anon-terms-file",
                                    f"the term '{term}' is too short to look for", "remove the line",
                                    "warning"))
            continue
        terms.append(term)
    return SensitiveTerms.of(terms), problems


# -- patterns --------------------------------------------------------------------------------------
# Each pattern starts with a look-behind that refuses to start inside a word or number, so a long
# run of letters or digits is scanned once instead of once per position.

_UPPER = "A-ZÄÖÜÀ-ÖØ-Þ"  # Python's re has no \p{Lu}; enough for German, English and French names

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?!\w)")
_URL = re.compile(
    r"(?<![\w/.-])(?:https?://|www\.)[^\s<>\"'“”„‚‘’()\[\]{}]+"
    r"|(?<![\w/.@-])[A-Za-z0-9][\w-]{2,62}(?:\.[\w-]{1,63})*"
    r"\.(?:de|com|org|net|eu|at|ch|info|io|gov|edu|biz)(?![\w-]|\.[A-Za-z])(?:/[^\s<>\"'“”„()\[\]{}]*)?"
)
_PHONE = re.compile(
    r"(?<![\w+/.,])(?:"
    r"(?:\+|00)[1-9]\d{0,2}[ ./-]*(?:\(0\)[ ./-]*)?\d{1,5}"  # +49 521, 0049 (0) 521
    r"|\(0\d{2,5}\)|0\d{2,5}"  # (0521), 0521
    r")(?:[ ./-]{1,3}|-)?\d(?:[ ./-]?\d){2,12}(?![\d.,-]\d)(?!\w)"
)
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?!\w)")

_MONTHS_DE = (r"Januar|Jänner|Februar|Feber|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|"
              r"November|Dezember|Jan\.|Feb\.|Mär\.|Mrz\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.")
_MONTHS_EN = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
              r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE = re.compile(
    rf"(?<![\w.,/-])(?:"
    rf"{_DAY}\.\s?{_MONTH}\.\s?(?:\d{{4}}|\d{{2}})(?![\w]|[.,]\d)"  # 12.3.2021, 12.03.21
    rf"|{_DAY}/{_MONTH}/(?:\d{{4}}|\d{{2}})(?![\w/])"  # 12/03/2021
    rf"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\w)"  # 2021-03-12
    rf"|(?:19|20)\d\d/(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])(?!\w)"  # 2021/03/12
    rf"|{_DAY}\.\s?(?:{_MONTHS_DE})(?:(?<=\.)|(?!\w))(?:\s(?:19|20)\d\d(?!\w))?"  # 3. März (2021)
    rf"|{_DAY}(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTHS_EN})(?:(?<=\.)|(?!\w))(?:,?\s(?:19|20)\d\d(?!\w))?"  # 3 March
    rf"|(?:{_MONTHS_EN})\s{_DAY}(?:st|nd|rd|th)?(?![\w.,:]\d|\w)(?:,?\s(?:19|20)\d\d(?!\w))?"  # March 3, 2021
    rf")"
)
# "am 12.3." without a year: only after a date preposition, so section numbers ("5.2.") stay quiet
_DATE_NO_YEAR = re.compile(rf"(?<!\w)(?:[Aa]m|[Vv]om|[Bb]is\s+zum|[Zz]um|[Ss]eit\s+dem|[Ss]eit|[Aa]b\s+dem|[Dd]en)"
                           rf"\s+({_DAY}\.{_MONTH}\.)(?![\w.]|\s?\d)")
_SECTION_WORDS = re.compile(r"(?:Abschnitt|Abschn\.|Kapitel|Kap\.|Absatz|Abs\.|section|Section|chapter|Chapter|"
                            r"§|S\.|Seite|p\.|pp\.|Nr\.|No\.)\s*$")

_STREET_SUFFIX = (r"straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|pfad|steig|stieg|"
                  r"promenade|markt|graben|wall|twiete|zeile|kamp")
_STREET_WORD = (r"Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer|Chaussee|Pfad|Steig|Markt|"
                r"Graben|Wall|Promenade")
_STREET_PREP = (r"Am|An\s+der|An\s+den|Auf\s+der|Auf\s+dem|Im|In\s+der|In\s+den|Zum|Zur|Unter\s+den|"
                r"Hinter\s+der|Vor\s+dem|Beim")
_HOUSE = r"\s(?P<number>\d{1,3}(?:\s?[a-zA-Z])?(?:\s?[-–/]\s?\d{1,3}[a-zA-Z]?)?)"
_HOUSE_END = (r"(?![\w%€]|[.,]\d|\s*[-–]\s*\d|\s+(?:[" + _UPPER + r"\d]|mal\b|x\b|bis\b|oder\b|von\b|Prozent\b|"
              r"Jahre|Stunden|Minuten|Leute))")
_ADDRESS = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<compound>[{_UPPER}][\w-]*(?:{_STREET_SUFFIX}))"  # Hauptstraße, Bahnhofstr.
    rf"|[{_UPPER}]\w*(?:er|sche|sches|scher)\s(?:{_STREET_WORD})"  # Berliner Straße, Alter Markt
    rf"|(?P<prep>{_STREET_PREP})\s(?P<place>[{_UPPER}][\w-]+))"  # Am Markt
    rf"{_HOUSE}{_HOUSE_END}"
    rf"|(?<![\w-])\d{{1,4}}[a-zA-Z]?\s(?:[A-Z][a-z]+\s){{1,3}}"  # 221b Baker Street
    rf"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Boulevard|Blvd\.|Terrace|Crescent|Drive)(?!\w)"
)
_POSTCODE = re.compile(rf"(?<![\w.,/-])(?:D-|DE-)?(?P<code>\d{{5}})(?![\w.,/-])[ \t]+"
                       rf"(?P<place>[{_UPPER}][\w-]+|\[[^\]\n]{{1,30}}\])")

_TITLE = r"Frau|Herrn|Herr|Fr\.|Hr\.|Dr\.?|Prof\.?|Professorin|Professor|Mrs\.?|Mr\.?|Ms\.?|Mx\.?|Miss"
_PERSON = re.compile(
    rf"(?<![\w.])(?P<title>(?:{_TITLE})(?:\s(?:Dr\.|Prof\.|med\.|phil\.|rer\.\s?nat\.|jur\.|dent\.|h\.\s?c\.)){{0,4}})"
    rf"\s(?P<name>(?:(?:von\sder|van\sder|von|van|de|zu|vom|ten)\s)?[{_UPPER}]\w*(?:['’-][{_UPPER}]\w*)?)"
)
_AGE_NUMBER = r"(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|neunzig)"
_DECADES_EN = r"(?:[1-9]0\s?'?s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
_AGE = re.compile(
    rf"(?<![\w.,])\d{{1,3}}\s?(?:-\s?)?Jahre?\s+alt(?!\w)"  # 32 Jahre alt
    rf"|(?<![\w.,])(?:1[2-9]|[2-9]\d|1[01]\d)\s?-?\s?[jJ]ährig\w*"  # 32-jährig
    rf"|(?<!\w)(?:Anfang|Mitte|Ende)\s(?:[1-9]0|{_AGE_NUMBER})(?:ern?)?(?!\w|[.,]\d)"  # Mitte 40
    rf"|(?<!\w)im\sAlter\svon\s\d{{1,3}}(?!\w)"
    rf"|(?<!\w)(?i:aged?)\s\d{{1,3}}(?!\w|[.,]\d)"  # aged 54
    rf"|(?<![\w.,])\d{{1,3}}\s?-?\s?(?i:years?)[\s-]+old(?!\w)"  # 54 years old, 54-year-old
    rf"|(?<!\w)(?i:early|mid|late)[\s-]{_DECADES_EN}(?!\w)"
    rf"|(?<!\w)in\s(?:his|her|their|my|your|our)\s{_DECADES_EN}(?!\w)"
)
_YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?!\w|[.,]\d)"
                   r"(?!\s?(?i:€|\$|euro\b|eur\b|dollar|prozent|%|stunden|std\b|menschen|leute|personen|mal\b))")
_PLACEHOLDER = re.compile(r"(?<![\[!\\])\[(?P<inner>[^\[\]\n^]{1,40})\](?![\[(:])")
_LINK = re.compile(r"\[\[[A-Za-z]+:[^\]|\s]+(?:\|(?P<label>[^\]\n]+))?\]\]")
_WORD_PART = r"(?:[^\W_]|[\u0300-\u036f])+"  # letters and digits, plus combining marks of NFD text
_WORD = re.compile(rf"{_WORD_PART}(?:['’-]{_WORD_PART})*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:„\"“«»]\s*|\n\s*)$")

# Capitalised words that follow "Frau"/"Herr" without being a surname (German nouns are capitalised).
_NOT_SURNAMES = frozenset("""
    kollegin kollege kollegen doktor doktorin pfarrer pfarrerin pastor pastorin bürgermeister
    bürgermeisterin minister ministerin präsident präsidentin direktor direktorin vorsitzende
    vorsitzender richter richterin anwalt anwältin nachbar nachbarin chef chefin anfang mitte ende mama
    papa mutter vater sohn tochter kind kinder angst hilfe arbeit zeit geld job probleme problem sorgen
    gott name sie ihr ihnen ich du er es wir
""".split())
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:[Dd](?:ie|er|en|em)|[Ee]ine[mnr]?|[Dd]iese[mnr]?|[Jj]ede[mnr]?)\s+$")
_NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "sion", "tät", "ismus", "erin", "istin")
# Capitalised words after "Am"/"Im" that make a time or a text position, not a street.
_NOT_STREETS = frozenset("""
    anfang ende schluss tag jahr monat woche wochenende abend morgen mittag nachmittag vormittag moment
    augenblick beispiel telefon kapitel abschnitt absatz punkt schritt teil interview gespräch fall
    grunde prinzip endeffekt rahmen laufe vergleich durchschnitt schnitt alter montag dienstag mittwoch
    donnerstag freitag samstag sonnabend sonntag januar februar märz april mai juni juli august
    september oktober november dezember jobcenter team termin monatsende jahresende zeitraum
""".split())
# Nouns ending in a street suffix (-platz, -weg, -markt, …) that are not streets.
_NOT_STREET_COMPOUNDS = frozenset("""
    parkplatz spielplatz stellplatz sitzplatz studienplatz kitaplatz kindergartenplatz therapieplatz
    heimplatz pflegeplatz schlafplatz stammplatz abstellplatz lagerplatz supermarkt flohmarkt
    binnenmarkt ausweg rückweg umweg heimweg dienstweg rechtsweg schulweg mittelweg königsweg holzweg
    irrweg fußweg radweg wanderweg hinweg herweg schutzwall schützengraben boxring ehering schlüsselring
""".split())
# A noun before a weak street suffix, joined with a linking "s": "Arbeitsplatz", "Bildungsweg".
_COMMON_COMPOUND = re.compile(r"(?:ungs|heits|keits|schafts|ions|täts|lebens|arbeits|praktikums)"
                              r"(?:platz|weg|markt|ring|wall|graben)$")
_NOT_PLACES = frozenset("""
    euro eur dollar mitglieder menschen personen leute fälle stunden minuten tage jahre einwohner
    teilnehmer teilnehmende nutzer nutzende kunden kundinnen arbeitslose mal stück kilometer meter
    exemplare seiten wörter zeichen datensätze fragebögen antworten stellen jobs
""".split())
# -- linting ---------------------------------------------------------------------------------------

@dataclass
class _Finding:
    rule: str
    start: int
    end: int
    found: str
    message: str


_Rule = Callable[[str, str], Iterator[_Finding]]


def _person(text: str, masked: str) -> Iterator[_Finding]:
    for m in _PERSON.finditer(masked):
        name = m.group("name")
        surname = name.split()[-1]
        key = surname.casefold()
        if len(surname) < 2 or key in _NOT_SURNAMES:
            continue
        title = m.group("title")
        if title in ("Frau", "Herr", "Herrn"):
            if any(key.endswith(s) and len(key) > len(s) + 2 for s in _NOUN_SUFFIXES):
                continue  # "Frau Bedienung": a noun, not a surname
            if " " in name and _ARTICLE_BEFORE.search(masked, max(0, m.start() - 8), m.start()):
                continue  # "die Frau vom Jobcenter", "der Herr von der Caritas"
        found = text[m.start():m.end()]
        yield _Finding("anon-person", m.start(), m.end(), found, f"person named with a form of address: '{found}'")


def _address(text: str, masked: str) -> Iterator[_Finding]:
    for m in _ADDRESS.finditer(masked):
        if m.group("place") and m.group("place").casefold() in _NOT_STREETS:
            continue
        compound = (m.group("compound") or "").casefold()
        if compound in _NOT_STREET_COMPOUNDS or _COMMON_COMPOUND.search(compound):
            continue  # "Arbeitsplatz 2", "Lebensweg 3": nouns that end like street names
        found = text[m.start():m.end()]
        yield _Finding("anon-address", m.start(), m.end(), found, f"street and house number: '{found}'")


def _postcode(text: str, masked: str) -> Iterator[_Finding]:
    for m in _POSTCODE.finditer(masked):
        if m.group("place").casefold() in _NOT_PLACES:
            continue
        found = text[m.start():m.end()]
        yield _Finding("anon-postcode", m.start(), m.end(), found, f"postcode next to a place name: '{found}'")


def _dates(text: str, masked: str) -> Iterator[_Finding]:
    for m in _DATE.finditer(masked):
        if m.group()[0].isdigit() and _SECTION_WORDS.search(masked, max(0, m.start() - 12), m.start()):
            continue  # "Abschnitt 5.2.12", "S. 12.03"
        found = text[m.start():m.end()]
        yield _Finding("anon-date", m.start(), m.end(), found, f"exact date: '{found}'")
    for m in _DATE_NO_YEAR.finditer(masked):
        s, e = m.span(1)
        yield _Finding("anon-date", s, e, text[s:e], f"exact date: '{text[s:e]}'")


def _simple(rule: str, pattern: re.Pattern[str], what: str) -> _Rule:
    """A rule that reports every match of *pattern*, trailing punctuation trimmed."""
    def find(text: str, masked: str) -> Iterator[_Finding]:
        for m in pattern.finditer(masked):
            found = text[m.start():m.end()].rstrip(".,;:!?")
            if found:
                yield _Finding(rule, m.start(), m.start() + len(found), found, f"{what}: '{found}'")
    return find


def _iban(text: str, masked: str) -> Iterator[_Finding]:
    for m in _IBAN.finditer(masked):
        if sum(c.isdigit() for c in m.group()) >= 10:
            yield _Finding("anon-iban", m.start(), m.end(), m.group(), f"IBAN: '{m.group()}'")


def _phone(text: str, masked: str) -> Iterator[_Finding]:
    for m in _PHONE.finditer(masked):
        if sum(c.isdigit() for c in m.group()) >= 7:
            yield _Finding("anon-phone", m.start(), m.end(), m.group(), f"phone number: '{m.group()}'")


def _url_in(link_targets: bool) -> _Rule:
    """Web addresses; with *link_targets*, Markdown link targets (citations) are allowed."""
    urls = _simple("anon-url", _URL, "web address")

    def find(text: str, masked: str) -> Iterator[_Finding]:
        for f in urls(text, masked):
            if link_targets and (masked[max(0, f.start - 2):f.start] == "](" or masked[f.start - 1:f.start] == "<"):
                continue  # a Markdown link in commentary or prose is a citation, not data
            yield f
    return find


# Order matters: a span claimed by an earlier rule is not reported again by a later one of this
# group (an IBAN is not also a phone number, a date's year is not also a bare year).
_STRUCTURAL: list[_Rule] = [
    _iban,
    _simple("anon-email", _EMAIL, "e-mail address"),
    _url_in(False),
    _dates,
    _phone,
    _postcode,
    _address,
]
_STRUCTURAL_COMMENTARY: list[_Rule] = [_url_in(True) if r is _STRUCTURAL[2] else r for r in _STRUCTURAL]
"""For commentary and prose, where a Markdown link to a web page is a citation."""
_AGE_RULE = _simple("anon-age", _AGE, "age")
_YEAR_RULE = _simple("anon-year", _YEAR, "year")


def _mask_links(text: str) -> str:
    """Blank out ``[[kind:id`` and ``]]`` of short links (keeping their labels), offsets unchanged."""
    if "[[" not in text:
        return text
    parts: list[str] = []
    last = 0
    for m in _LINK.finditer(text):
        label = m.group("label")
        parts.append(text[last:m.start()])
        if label is None:
            parts.append(" " * (m.end() - m.start()))
        else:
            ls, le = m.span("label")
            parts.append(" " * (ls - m.start()) + label + " " * (m.end() - le))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


def _sensitive(text: str, masked: str, terms: SensitiveTerms) -> list[_Finding]:
    found: list[_Finding] = []
    if terms.pattern is not None:
        for m in terms.pattern.finditer(masked):
            found.append(_Finding("anon-sensitive", m.start(), m.end(), m.group(),
                                  f"'{m.group()}' is on the sensitive-terms list"))
    if terms.hashed:
        found.extend(_hashed_matches(text, masked, terms.hashed))
    # keep the longest of overlapping matches
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Finding] = []
    for f in found:
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def _digest(folded: str) -> str:
    return "sha256:" + hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _hashed_matches(text: str, masked: str, hashed: frozenset[str]) -> Iterator[_Finding]:
    """Words and word n-grams (whitespace-separated, up to MAX_NGRAM) whose hash is on the list."""
    words = list(_WORD.finditer(masked))
    folded: dict[str, str] = {}
    keys: list[str] = []
    for w in words:
        key = folded.get(w.group())
        if key is None:
            key = folded[w.group()] = _fold(w.group())
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
                if len(part) > 1 and _digest(_fold(part)) in hashed:
                    spans.append((offset, offset + len(part)))
                offset += len(part)
        for j in range(i + 1, min(i + MAX_NGRAM, len(words))):
            if not joined[j]:
                break
            key += " " + keys[j]
            if _digest(key) in hashed:
                spans.append((first.start(), words[j].end()))
        for s, e in spans:
            yield _Finding("anon-sensitive", s, e, text[s:e],
                           f"'{text[s:e]}' matches a hashed entry of the sensitive-terms list")


def _findings(item: LintText, terms: SensitiveTerms) -> list[_Finding]:
    text = item.text
    masked = _mask_links(text)
    out: list[_Finding] = []
    claimed = bytearray(len(text) + 1)

    def free(f: _Finding) -> bool:
        return not any(claimed[f.start:f.end])

    rules = _STRUCTURAL if item.is_quote else _STRUCTURAL_COMMENTARY
    for rule in [*rules, _AGE_RULE, *([_YEAR_RULE] if item.is_quote else [])]:
        new = [f for f in rule(text, masked) if free(f)]
        out.extend(new)
        for f in new:
            claimed[f.start:f.end] = b"\x01" * (f.end - f.start)
    out.extend(_person(text, masked))
    out.extend(_sensitive(text, masked, terms))
    if item.is_quote and item.field == "original":
        words = len(text.split())
        if words > LONG_QUOTE_WORDS:
            out.append(_Finding("anon-long-quote", 0, 0, "", f"the quote has {words} words (more than about "
                                                             f"{LONG_QUOTE_WORDS})"))
    return out


class _Locator:
    """Offsets in a text → file line and column, with one scan of the text."""

    def __init__(self, item: LintText) -> None:
        self.item = item
        self.newlines = [m.start() for m in re.finditer("\n", item.text)] if item.located else []

    def __call__(self, offset: int) -> tuple[int, int]:
        if not self.item.located:
            return self.item.line, self.item.column
        n = bisect.bisect_left(self.newlines, offset)
        if n == 0:
            return self.item.line, self.item.column + offset
        return self.item.line + n, offset - self.newlines[n - 1]


def _norm(text: str) -> str:
    return " ".join(_fold(text).split())


def _acknowledged(item: LintText, finding: _Finding, used: set[int]) -> bool:
    hit = False
    for ack in item.acknowledged:
        if ack.rule == finding.rule and (ack.match is None or _norm(ack.match) in _norm(finding.found)):
            used.add(id(ack))
            hit = True
    return hit


def _problem(item: LintText, locate: _Locator, f: _Finding) -> Problem:
    severity, hint = RULES[f.rule]
    if item.acknowledgeable and f.rule != "anon-stale-acknowledgement":
        hint += "; " + _ACK + (f" (rule: {f.rule}, match: '{f.found}')" if f.found else f" (rule: {f.rule})")
    where = f"{item.owner}, {item.field}" if item.owner else item.field
    line, column = locate(f.start)
    return Problem(item.path, line, column, f.rule, f"{f.message} ({where})" if where else f.message, hint, severity)


def _lower_first(form: str) -> str:
    return form[:1] + form[1:2].lower() + form[2:]


def _drift(items: list[LintText]) -> list[tuple[int, _Finding]]:
    """Placeholders written differently for the same thing, e.g. [Name], [NAME] and [ name ].

    A capital first letter at the start of a sentence ("[The user] said") is not drift.
    """
    occurrences: dict[str, list[tuple[int, int, int, str, bool]]] = {}
    for index, item in enumerate(items):
        if "[" not in item.text:
            continue
        for m in _PLACEHOLDER.finditer(item.text):
            inner = m.group("inner")
            if not any(c.isalpha() for c in inner) and not re.fullmatch(r"[\s.…]+", inner):
                continue  # [1], [?]: not a placeholder
            key = re.sub(r"[\s*:_·/]", "", _fold(inner).replace("…", "..."))
            initial = bool(_SENTENCE_START.search(item.text[max(0, m.start() - 3):m.start()]))
            occurrences.setdefault(key, []).append((index, m.start(), m.end(), m.group(), initial))
    out: list[tuple[int, _Finding]] = []
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
            out.append((index, _Finding("anon-placeholder-drift", start, end, form,
                                        f"placeholder '{form}' is written '{canonical}' elsewhere "
                                        f"({counts[canonical]}×)")))
    return out


def lint_texts(items: Iterable[LintText], sensitive_terms: SensitiveTerms) -> list[Problem]:
    """Every anonymisation finding in *items*, minus acknowledged ones, plus stale acknowledgements.

    Pass the codebook's and the prose pages' texts in one call: placeholder drift compares the
    placeholders of all *items* with each other.
    """
    items = list(items)
    used: set[int] = set()
    problems: list[Problem] = []
    per_item: list[list[_Finding]] = [_findings(item, sensitive_terms) for item in items]
    for index, finding in _drift(items):
        per_item[index].append(finding)
    for item, findings in zip(items, per_item, strict=True):
        locate = _Locator(item)
        for f in sorted(findings, key=lambda f: (f.start, f.rule)):
            if not _acknowledged(item, f, used):
                problems.append(_problem(item, locate, f))
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
            what = f"{ack.rule}" + (f" '{ack.match}'" if ack.match is not None else "")
            if ack.rule not in RULES:
                close = difflib.get_close_matches(ack.rule, list(RULES), n=1)
                message = f"acknowledgement of {what}: there is no rule {ack.rule}"
                hint = f"did you mean '{close[0]}'?" if close else "known rules: " + ", ".join(RULES)
            else:
                message = f"acknowledgement of {what} matches nothing any more"
                hint = RULES["anon-stale-acknowledgement"][1]
            where = f" ({item.owner})" if item.owner else ""
            at = ack.origin or item  # the acknowledge entry itself where the model knows it
            problems.append(Problem(at.path, at.line, at.column, "anon-stale-acknowledgement",
                                    message + where, hint, "warning"))
    return problems


# -- what to lint ----------------------------------------------------------------------------------

def _texts(codebook: Codebook, origin: Origin, prefix: str, value: Text, owner: str, is_quote: bool = False,
           acknowledged: list[Acknowledgement] | None = None) -> list[LintText]:
    out = []
    for lang, text in value.items():
        if text:
            o, exact = codebook.text_origin(origin, prefix, lang)
            out.append(LintText(o.path, o.line, o.column, f"{prefix}.{lang}", text,
                                acknowledged if acknowledged is not None else [], is_quote, owner=owner,
                                located=exact, acknowledgeable=acknowledged is not None))
    return out


def codebook_texts(codebook: Codebook) -> list[LintText]:
    """The codebook's human-written texts, each located where the text itself begins.

    A quote's acknowledgements apply to all its texts: original, translations, context and note.
    """
    out: list[LintText] = []
    for q in codebook.quotes.values():
        owner, acks = f"quote {q.id}", q.acknowledge
        o, exact = codebook.text_origin(q.origin, "original")
        out.append(LintText(o.path, o.line, o.column, "original", q.original, acks, True,
                            owner=owner, located=exact, acknowledgeable=True))
        out += _texts(codebook, q.origin, "translation", q.translation, owner, True, acks)
        out += _texts(codebook, q.origin, "context", q.context, owner, False, acks)
        out += _texts(codebook, q.origin, "note", q.note, owner, False, acks)
    for s in codebook.sources.values():
        out += _texts(codebook, s.origin, "description", s.description, f"source {s.id}")
    nodes: list[tuple[str, Category | Concept | Recommendation]] = [
        *((c.kind, c) for c in codebook.categories.values()),
        *(("concept", c) for c in codebook.concepts.values()),
        *(("recommendation", r) for r in codebook.recommendations.values()),
    ]
    for kind, node in nodes:
        for name in ("label", "summary", "description"):
            out += _texts(codebook, node.origin, name, getattr(node, name), f"{kind} {node.id}")
    for t in codebook.terms.values():
        out += _texts(codebook, t.origin, "definition", t.definition, f"term {t.id}")
    return out


def prose_texts(pages: list[ProsePage], base: Path) -> list[LintText]:
    """Hand-written content pages, located exactly (line 1 is the file's first line)."""
    return [LintText(display_path(page.path, base), 1, 1, "page", page.text, [], is_quote=False)
            for page in pages]
