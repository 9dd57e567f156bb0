"""The shapes identifying data takes: regular expressions and word lists (``words/*.txt``).

Each pattern starts with a look-behind that refuses to start inside a word or number, so a long
run of letters or digits is scanned once instead of once per position.

Each rule's pattern has *gates* next to it (``*_GATES``): patterns that match somewhere in every
text the rule's pattern matches in (a necessary condition, never a sufficient one). The lint runs
a rule only on the texts one of its gates matches in. To find those texts, all texts are scanned at
once (``SCANS``): one pass for every gate that matches at a digit, one for those led by a capital
letter, one each for a few led by a literal of their own. Every scan starts with a digit, a
literal or a set of literals and has no leading look-behind, so ``re`` skips ahead with its fast
prefix search instead of trying a pattern at every position. Change a pattern, change its gate:
``tests/test_anon_gates.py`` checks that every match is gated.
"""

from __future__ import annotations

import re
from importlib import resources

from ..links import LINK as LINK


def words(name: str) -> frozenset[str]:
    """A word list shipped in ``befund/anon/words/<name>.txt`` (one lower-case word per line)."""
    text = resources.files("befund").joinpath("anon", "words", f"{name}.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())

_AFTER_DIGIT: list[str] = []
_CAPITAL_LED: list[str] = []
_OWN_SCAN: list[str] = []
SCANNED: set[re.Pattern[str]] = set()
"""Every gate made below: each is part of one of the ``SCANS``."""


def _gate(pattern: str) -> re.Pattern[str]:
    gate = re.compile(pattern)
    SCANNED.add(gate)
    return gate


def after_digit(rest: str) -> re.Pattern[str]:
    """A gate that matches at a digit; one scan looks for all of them (``SCANS``)."""
    _AFTER_DIGIT.append(rest)
    return _gate(rf"\d(?:{rest})")


def capital_led(*alternatives: str) -> re.Pattern[str]:
    """A gate whose alternatives each begin with a capital letter (or ä); one scan looks for all of them."""
    _CAPITAL_LED.extend(alternatives)
    return _gate("|".join(alternatives))


def literal_led(pattern: str) -> re.Pattern[str]:
    """A gate that begins with a literal of its own (``@``, ``ties``): scanned on its own."""
    _OWN_SCAN.append(pattern)
    return _gate(pattern)


# Each pattern starts with a look-behind that refuses to start inside a word or number, so a long
# run of letters or digits is scanned once instead of once per position.

UPPER = "A-ZÄÖÜÀ-ÖØ-Þ"  # Python's re has no \p{Lu}; enough for German, English and French names

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?!\w)")
EMAIL_GATES = (literal_led("@"),)
TLD = r"(?:de|com|org|net|eu|at|ch|info|io|gov|edu|biz)"
URL = re.compile(
    r"(?<![\w/.-])(?:https?://|www\.)[^\s<>\"'“”„‚‘’()\[\]{}]+"
    r"|(?<![\w/.@-])[A-Za-z0-9][\w-]{2,62}(?:\.[\w-]{1,63})*"
    rf"\.{TLD}(?![\w-]|\.[A-Za-z])(?:/[^\s<>\"'“”„()\[\]{{}}]*)?"
)
URL_GATES = (literal_led("://"), literal_led(r"www\."), literal_led(rf"\.{TLD}(?![\w-]|\.[A-Za-z])"))
PHONE = re.compile(
    r"(?<![\w+/.,])(?:"
    r"(?:\+|00)[1-9]\d{0,2}[ ./-]*(?:\(0\)[ ./-]*)?\d{1,5}"  # +49 521, 0049 (0) 521
    r"|\(0\d{2,5}\)|0\d{2,5}"  # (0521), 0521
    r")(?:[ ./-]{1,3}|-)?\d(?:[ ./-]?\d){2,12}(?![\d.,-]\d)(?!\w)"
)
PHONE_GATES = (after_digit(r"(?<=\+[1-9])|(?<=\(0)\d|(?<=0)\d\d"),)  # +[1-9], (0\d, 0\d\d (and so 00[1-9])
IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?!\w)")
IBAN_GATES = (after_digit(r"(?<=[A-Z][A-Z]\d)\d"),)

MONTHS_DE = (r"Januar|Jänner|Februar|Feber|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|"
              r"November|Dezember|Jan\.|Feb\.|Mär\.|Mrz\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.")
MONTHS_EN = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
              r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?")
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"
DATE = re.compile(
    rf"(?<![\w.,/-])(?:"
    rf"{DAY}\.\s?{MONTH}\.\s?(?:\d{{4}}|\d{{2}})(?![\w]|[.,]\d)"  # 12.3.2021, 12.03.21
    rf"|{DAY}/{MONTH}/(?:\d{{4}}|\d{{2}})(?![\w/])"  # 12/03/2021
    rf"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\w)"  # 2021-03-12
    rf"|(?:19|20)\d\d/(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01])(?!\w)"  # 2021/03/12
    rf"|{DAY}\.\s?(?:{MONTHS_DE})(?:(?<=\.)|(?!\w))(?:\s(?:19|20)\d\d(?!\w))?"  # 3. März (2021)
    rf"|{DAY}(?:st|nd|rd|th)?\s(?:of\s)?(?:{MONTHS_EN})(?:(?<=\.)|(?!\w))(?:,?\s(?:19|20)\d\d(?!\w))?"  # 3 March
    rf"|(?:{MONTHS_EN})\s{DAY}(?:st|nd|rd|th)?(?![\w.,:]\d|\w)(?:,?\s(?:19|20)\d\d(?!\w))?"  # March 3, 2021
    rf")"
)
# "am 12.3." without a year: only after a date preposition, so section numbers ("5.2.") stay quiet
DATE_NO_YEAR = re.compile(rf"(?<!\w)(?:[Aa]m|[Vv]om|[Bb]is\s+zum|[Zz]um|[Ss]eit\s+dem|[Ss]eit|[Aa]b\s+dem|[Dd]en)"
                           rf"\s+({DAY}\.{MONTH}\.)(?![\w.]|\s?\d)")
# the first three letters of every month name and abbreviation above
MONTH_STEMS_DE = r"(?:Jan|Jän|Feb|Mär|Mae|Mrz|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)"
MONTH_STEMS_EN = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
DATE_GATES = (  # DATE and DATE_NO_YEAR: after the day's last digit, or an English month before the day
    after_digit(rf"\.\s?\d\d?\.\s?\d\d|\.\d\d?\.(?![\w.]|\s?\d)|/\d\d?/\d\d|-[01]\d-|\.\s?{MONTH_STEMS_DE}"
                rf"|(?:st|nd|rd|th)?\s(?:of\s)?{MONTH_STEMS_EN}"),
    capital_led(*(rf"{stem}[a-z]*\.?\s\d" for stem in MONTH_STEMS_EN[3:-1].split("|"))),
)
SECTION_WORDS = re.compile(r"(?:Abschnitt|Abschn\.|Kapitel|Kap\.|Absatz|Abs\.|section|Section|chapter|Chapter|"
                            r"§|S\.|Seite|p\.|pp\.|Nr\.|No\.)\s*$")

STREET_SUFFIX = (r"straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|pfad|steig|stieg|"
                  r"promenade|markt|graben|wall|twiete|zeile|kamp")
STREET_WORD = (r"Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer|Chaussee|Pfad|Steig|Markt|"
                r"Graben|Wall|Promenade")
STREET_PREP = (r"Am|An\s+der|An\s+den|Auf\s+der|Auf\s+dem|Im|In\s+der|In\s+den|Zum|Zur|Unter\s+den|"
                r"Hinter\s+der|Vor\s+dem|Beim")
HOUSE = r"\s(?P<number>\d{1,3}(?:\s?[a-zA-Z])?(?:\s?[-–/]\s?\d{1,3}[a-zA-Z]?)?)"
HOUSE_END = (r"(?![\w%€]|[.,]\d|\s*[-–]\s*\d|\s+(?:[" + UPPER + r"\d]|mal\b|x\b|bis\b|oder\b|von\b|Prozent\b|"
              r"Jahre|Stunden|Minuten|Leute))")
STREET_EN = r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Boulevard|Blvd\.|Terrace|Crescent|Drive)"
ADDRESS = re.compile(
    rf"(?<![\w-])(?:"
    rf"(?P<compound>[{UPPER}][\w-]*(?:{STREET_SUFFIX}))"  # Hauptstraße, Bahnhofstr.
    rf"|[{UPPER}]\w*(?:er|sche|sches|scher)\s(?:{STREET_WORD})"  # Berliner Straße, Alter Markt
    rf"|(?P<prep>{STREET_PREP})\s(?P<place>[{UPPER}][\w-]+))"  # Am Markt
    rf"{HOUSE}{HOUSE_END}"
    rf"|(?<![\w-])\d{{1,4}}[a-zA-Z]?\s(?:[A-Z][a-z]+\s){{1,3}}"  # 221b Baker Street
    rf"{STREET_EN}(?!\w)"
)
ADDRESS_GATES = (
    # a street suffix or word right before the house number, looked back at from the number's first digit
    after_digit("|".join(rf"(?<={word}\s\d)" for word in f"{STREET_SUFFIX}|{STREET_WORD}".split("|"))),
    capital_led(*(rf"{prep}\s[{UPPER}][\w-]+\s\d" for prep in STREET_PREP.split("|")), *STREET_EN[3:-1].split("|")),
)
POSTCODE = re.compile(rf"(?<![\w.,/-])(?:D-|DE-)?(?P<code>\d{{5}})(?![\w.,/-])[ \t]+"
                       rf"(?P<place>[{UPPER}][\w-]+|\[[^\]\n]{{1,30}}\])")
POSTCODE_GATES = (after_digit(rf"\d\d\d\d[ \t]+[\[{UPPER}]"),)

TITLE = r"Frau|Herrn|Herr|Fr\.|Hr\.|Dr\.?|Prof\.?|Professorin|Professor|Mrs\.?|Mr\.?|Ms\.?|Mx\.?|Miss"
PERSON = re.compile(
    rf"(?<![\w.])(?P<title>(?:{TITLE})(?:\s(?:Dr\.|Prof\.|med\.|phil\.|rer\.\s?nat\.|jur\.|dent\.|h\.\s?c\.)){{0,4}})"
    rf"\s(?P<name>(?:(?:von\sder|van\sder|von|van|de|zu|vom|ten)\s)?[{UPPER}]\w*(?:['’-][{UPPER}]\w*)?)"
)
PERSON_GATES = (capital_led(*(rf"{title}\s(?:[{UPPER}]|von|van|de|zu|vom|ten|med\.|phil\.|rer\.|jur\.|dent\.|h\.)"
                                for title in TITLE.split("|"))),)
AGE_NUMBER = r"(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|sechzig|siebzig|achtzig|neunzig)"
DECADES_EN = r"(?:[1-9]0\s?'?s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
AGE = re.compile(
    rf"(?<![\w.,])\d{{1,3}}\s?(?:-\s?)?Jahre?\s+alt(?!\w)"  # 32 Jahre alt
    rf"|(?<![\w.,])(?:1[2-9]|[2-9]\d|1[01]\d)\s?-?\s?[jJ]ährig\w*"  # 32-jährig
    rf"|(?<!\w)(?:Anfang|Mitte|Ende)\s(?:[1-9]0|{AGE_NUMBER})(?:ern?)?(?!\w|[.,]\d)"  # Mitte 40
    rf"|(?<!\w)im\sAlter\svon\s\d{{1,3}}(?!\w)"
    rf"|(?<!\w)(?i:aged?)\s\d{{1,3}}(?!\w|[.,]\d)"  # aged 54
    rf"|(?<![\w.,])\d{{1,3}}\s?-?\s?(?i:years?)[\s-]+old(?!\w)"  # 54 years old, 54-year-old
    rf"|(?<!\w)(?i:early|mid|late)[\s-]{DECADES_EN}(?!\w)"
    rf"|(?<!\w)in\s(?:his|her|their|my|your|our)\s{DECADES_EN}(?!\w)"
)
DECADE_WORDS = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
AGE_GATES = (
    capital_led(r"Jahre?\s+alt", "ährig", r"Anfang\s", r"Mitte\s", r"Ende\s", r"Alter\svon"),
    literal_led(r"old(?<=[\s-]old)"),  # ... years old, ...-year-old
    after_digit(r"(?<=(?i:age)\s\d)|(?<=(?i:aged)\s\d)|(?<=[1-9]0)\s?'?s"),
    literal_led("ties(?:" + "|".join(f"(?<={word})" for word in DECADE_WORDS) + ")"),
)
YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?!\w|[.,]\d)"
                   r"(?!\s?(?i:€|\$|euro\b|eur\b|dollar|prozent|%|stunden|std\b|menschen|leute|personen|mal\b))")
YEAR_GATES = (after_digit(r"(?<=1)9\d\d|(?<=2)0\d\d"),)
# the look-behind follows the "[" so that re can search for the "[" itself
PLACEHOLDER = re.compile(r"\[(?<![\[!\\]\[)(?P<inner>[^\[\]\n^]{1,40})\](?![\[(:])")
WORD_PART = r"(?:[^\W_]|[\u0300-\u036f])+"  # letters and digits, plus combining marks of NFD text
WORD = re.compile(rf"{WORD_PART}(?:['’-]{WORD_PART})*")
SENTENCE_START = re.compile(r"(?:^|[.!?:„\"“«»]\s*|\n\s*)$")

NOT_SURNAMES = words("not-surnames")
ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:[Dd](?:ie|er|en|em)|[Ee]ine[mnr]?|[Dd]iese[mnr]?|[Jj]ede[mnr]?)\s+$")
NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "sion", "tät", "ismus", "erin", "istin")
NOT_STREETS = words("not-streets")
NOT_STREET_COMPOUNDS = words("not-street-compounds")
# A noun before a weak street suffix, joined with a linking "s": "Arbeitsplatz", "Bildungsweg".
COMMON_COMPOUND = re.compile(r"(?:ungs|heits|keits|schafts|ions|täts|lebens|arbeits|praktikums)"
                              r"(?:platz|weg|markt|ring|wall|graben)$")
NOT_PLACES = words("not-places")

SCANS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\d(?:" + "|".join(_AFTER_DIGIT) + ")"),
    re.compile("|".join(_CAPITAL_LED)),
    *(re.compile(pattern) for pattern in _OWN_SCAN),
)
"""Every text a gate matches in is one these find, each scanning all texts in one pass."""
