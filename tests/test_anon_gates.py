"""The lint's gates never hide a finding: wherever a rule's pattern matches, one of its gates does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from befund.anon import RULES, codebook_texts, lint_texts, prose_text
from befund.anon import patterns as p
from befund.anon.corpus import SEPARATOR, Corpus
from befund.anon.engine import _mask_links
from befund.anon.rules import Subject
from befund.anon.terms import SensitiveTerms
from befund.prose import read_prose
from befund.validate import load_codebook

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "anon"

GATED = {  # each pattern a rule runs, with the gates of that rule
    "IBAN": (p.IBAN, p.IBAN_GATES), "EMAIL": (p.EMAIL, p.EMAIL_GATES), "URL": (p.URL, p.URL_GATES),
    "PHONE": (p.PHONE, p.PHONE_GATES), "DATE": (p.DATE, p.DATE_GATES), "DATE_NO_YEAR": (p.DATE_NO_YEAR, p.DATE_GATES),
    "POSTCODE": (p.POSTCODE, p.POSTCODE_GATES), "ADDRESS": (p.ADDRESS, p.ADDRESS_GATES),
    "PERSON": (p.PERSON, p.PERSON_GATES), "AGE": (p.AGE, p.AGE_GATES), "YEAR": (p.YEAR, p.YEAR_GATES),
}

# pieces the patterns are made of, so random texts often come close to (and often hit) a pattern
PIECES = [
    " ", "  ", "\n", "\t", ".", ",", "/", "-", "–", "'", "’", ":", "(", ")", "[", "]", "@", "+", "%", "€",
    "0", "1", "2", "3", "5", "9", "00", "05", "12", "19", "20", "30", "40", "49", "521", "2021", "1999", "33602",
    "of", "st", "nd", "th", "am", "Am", "vom", "seit", "den", "im", "in", "his", "our", "bis", "mal", "von", "der",
    "März", "Mär", "Sept", "Dez", "Jänner", "Mai", "March", "Mar", "May", "Jan", "December", "Oct",
    "straße", "str", "weg", "Platz", "Straße", "Markt", "Hauptstraße", "Berliner", "Auf", "An", "Zum", "Beim",
    "Street", "St", "Road", "Baker", "Ave", "Frau", "Herr", "Herrn", "Dr", "Prof", "Mr", "Ms", "Miss", "med",
    "rer", "nat", "h", "c", "Schneider", "Müller", "Jahre", "Jahr", "alt", "jährig", "ährig", "Anfang", "Mitte",
    "Ende", "vierzig", "Alter", "aged", "Age", "AGE", "years", "Years", "yearſ", "old", "early", "Mid", "late",
    "twenties", "forties", "ties", "s", "'s", "https://", "www", "example", "de", "com", "org", "x", "DE", "89",
    "3704", "0044", "A", "B", "a", "z", "ß",
]


BRANCHES = {  # one text per alternative of each pattern (each must match it)
    "IBAN": ["DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819"],
    "EMAIL": ["a.b+c@example.co.uk"],
    "URL": ["http://x.org/a", "https://example.net", "www.example", "beratung-bielefeld.de/team", "exa.com"],
    "PHONE": ["+49 521 123456", "0049 (0) 521 12345", "(0521) 123456", "0521/123456", "0521-12 34 56"],
    "DATE": ["12.3.2021", "1. 03. 21", "12/03/2021", "2021-03-12", "2021/03/12", "3. März", "3.Jänner 2021",
             "3 March", "3rd of Sept. 2021", "21st May, 2020", "March 3", "Dec. 24th, 2020", "Jan 5"],
    "DATE_NO_YEAR": ["am 12.3.", "seit dem 1.10.", "Bis zum 3.4. war"],
    "POSTCODE": ["33602 Bielefeld", "D-33602 Bielefeld", "33602\t[Ort]"],
    "ADDRESS": ["Hauptstraße 12", "Bahnhofstr. 3a", "Berliner Straße 5", "Alter Markt 1", "Am Markt 3",
                "An der Alster 12-14", "Im Winkel 4", "221b Baker Street", "12 Old Kent Road", "5 Park Ave."],
    "PERSON": ["Frau Schneider", "Herr Dr. Meier", "Herrn von der Heide", "Prof. Dr. med. Wolf", "Mr Smith",
               "Ms. O’Neill", "Miss Marple", "Dr. rer. nat. Klein"],
    "AGE": ["32 Jahre alt", "32-jährig", "45jährige", "Mitte 40", "Ende vierzig", "Anfang 20er",
            "im Alter von 54", "aged 54", "Age 3", "54 years old", "54-year-old", "54 YEARS old", "54 yearſ old",
            "early 40s", "mid-twenties", "Late 90's", "in her fifties", "in my 30s"],
    "YEAR": ["2019", "im Jahr 1999 war"],
}


@pytest.mark.parametrize("name", list(GATED))
def test_every_branch_is_gated(name: str) -> None:
    pattern, gates = GATED[name]
    for text in BRANCHES[name]:
        assert pattern.search(text), (name, text)  # the example is one
        assert any(gate.search(text) for gate in gates), (name, text)


def _gated(pattern: re.Pattern[str], gates: tuple[re.Pattern[str], ...], text: str) -> bool:
    return pattern.search(text) is None or any(gate.search(text) for gate in gates)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_every_match_is_gated(pieces: list[str]) -> None:
    text = "".join(pieces)
    for name, (pattern, gates) in GATED.items():
        assert _gated(pattern, gates, text), (name, text)


def _corpus_texts() -> list[str]:
    result = load_codebook(REPO / "codebook")
    assert result.codebook is not None
    items = codebook_texts(result.codebook.texts)
    for lang in ("de", "en"):
        pages, _ = read_prose(REPO / "content" / lang, REPO)
        items += [prose_text(page.path, REPO, page.text) for page in pages]
    fixtures = [(FIXTURES / name).read_text("utf-8") for name in ("planted.txt", "clean.txt", "IN_99.yaml")]
    return [item.text for item in items] + fixtures + [line for text in fixtures for line in text.splitlines()]


@pytest.mark.parametrize("name", list(GATED))
def test_real_and_planted_texts_are_gated(name: str) -> None:
    pattern, gates = GATED[name]
    for text in _corpus_texts():
        masked = _mask_links(text)
        assert _gated(pattern, gates, masked), (name, masked)


def test_every_rule_finds_only_in_gated_texts() -> None:
    texts = _corpus_texts()
    terms = SensitiveTerms()
    for rule in RULES:
        if rule.find is None or rule.gates is None:
            continue
        for text in texts:
            masked = _mask_links(text)
            for is_quote, field in ((True, "original"), (False, "context.de")):
                if list(rule.find(Subject(text, masked, is_quote, field, terms))):
                    assert any(gate.search(masked) for gate in rule.gates), (rule.name, text)


def test_every_gate_is_in_a_scan() -> None:
    """The lint looks for gated texts with the scans only: a gate outside them would never fire."""
    for rule in RULES:
        for gate in rule.gates or ():
            assert gate in p.SCANNED, (rule.name, gate.pattern)


@pytest.mark.parametrize("name", list(GATED))
def test_scans_find_every_gated_example(name: str) -> None:
    for text in BRANCHES[name]:
        assert any(scan.search(text) for scan in p.SCANS), (name, text)


def test_corpus_hits_name_each_text_once_in_order() -> None:
    corpus = Corpus(["a 2021", "nothing", "", "2019 and 2020", "x\x00y 1999"])
    assert corpus.hits(re.compile(r"(?:19|20)\d\d")) == [0, 3, 4]
    assert corpus.gated((re.compile("no"), re.compile("x"))) == [1, 4]
    assert re.search(r"\s\S\s", SEPARATOR) is not None  # the separator stays out of every gate's way


def _ungated(text: str, is_quote: bool, field: str) -> list[tuple[str, int, int]]:
    """Every rule on the whole text, in table order, with claims: the lint as it was before gates."""
    subject = Subject(text, _mask_links(text), is_quote, field, SensitiveTerms())
    claimed = bytearray(len(text) + 1)
    out = []
    for rule in RULES:
        if rule.find is None or (rule.scope == "quote" and not is_quote) or \
                (rule.scope == "original" and not (is_quote and field == "original")):
            continue
        new = [f for f in rule.find(subject) if not (rule.claims and any(claimed[f.start:f.end]))]
        if rule.claims:
            for f in new:
                claimed[f.start:f.end] = b"\x01" * (f.end - f.start)
        out += [(f.rule, f.start, f.end) for f in new]
    return sorted(out, key=lambda f: (f[1], f[0]))


@pytest.mark.parametrize("is_quote,field", [(True, "original"), (True, "translation.en"), (False, "context.de")])
def test_gated_lint_equals_every_rule_on_every_text(is_quote: bool, field: str) -> None:
    from befund.anon import LintText
    from befund.texts import Spot

    texts = _corpus_texts()
    items = [LintText(Spot(f"t{i}", 1, 1), field, text, (), is_quote, "x") for i, text in enumerate(texts)]
    found = {(p.path, p.line, p.column, p.rule) for p in lint_texts(items, SensitiveTerms())
             if p.rule != "anon-placeholder-drift"}
    expected = {(f"t{i}", 1, 1 + start, rule) for i, text in enumerate(texts)
                for rule, start, _end in _ungated(text, is_quote, field)}
    assert found == expected
    assert any(rule == "anon-date" for *_, rule in found)  # the planted fixtures do hit
