"""Each text's lint kept between runs: the same problems as linting every text, and only new or changed
texts linted again (in memory for ``mkdocs serve``, in the user's cache for the next ``befund check``)."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest

from befund import check
from befund.anon import LintText, SensitiveTerms, engine, hash_term, lint_texts
from befund.check import Checker, SiteCheck
from befund.siteconfig import read_site
from befund.texts import Spot
from befund.usercache import Kept

FIXTURES = Path(__file__).parent / "fixtures" / "anon"
TERMS = SensitiveTerms.of(["Wolkenheim", hash_term("Klaus Brandtner")])


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many texts each lint run put through the rule table."""
    counts: list[int] = []
    rule_table = engine._all_findings

    def counting(items, terms):  # type: ignore[no-untyped-def]
        counts.append(len(items))
        return rule_table(items, terms)

    monkeypatch.setattr(engine, "_all_findings", counting)
    return counts


def _texts(seed: int) -> list[LintText]:
    """Texts from the planted and clean fixtures, cut and mixed, some twice, quotes and commentary."""
    rng = random.Random(seed)
    lines = [line for name in ("planted.txt", "clean.txt")
             for line in (FIXTURES / name).read_text("utf-8").splitlines()]
    lines += ["Dann kam [Name] zu mir.", "Und [NAME] sagte das.", "[Name] war da.", "Wie [ name ] sagte."]
    texts = []
    for i in range(60):
        text = " ".join(rng.sample(lines, rng.randint(1, 4)))
        is_quote = rng.random() < 0.6
        field = rng.choice(["original", "translation.en"]) if is_quote else rng.choice(["context.de", "summary.en"])
        texts.append(LintText(Spot.of_text(f"f{i % 7}.yaml", text), field, text, (), is_quote, f"item {i}",
                              is_quote))
    return texts + texts[:5]


@pytest.mark.parametrize("seed", range(5))
def test_with_memory_the_lint_reports_what_linting_every_text_reports(seed: int, linted: list[int]) -> None:
    texts = _texts(seed)
    expected = lint_texts(texts, TERMS)
    assert any(p.rule == "anon-placeholder-drift" for p in expected) and len(expected) > 20
    memory = Kept()
    assert lint_texts(texts, TERMS, memory) == expected and memory.changed
    memory.save()
    linted.clear()
    assert lint_texts(texts, TERMS, memory) == expected
    assert linted == [] and not memory.changed  # nothing linted again, nothing to store
    memory.save()  # as the Checker does after each lint

    rng = random.Random(seed)
    changed = rng.sample(range(len(texts) - 5), 3)
    edited = list(texts)
    for index in changed:  # an editor's save: a text changed, one gone
        item = edited[index]
        edited[index] = LintText(item.spot, item.field, item.text + " Ruf an: 0521 123456.", (), item.is_quote,
                                 item.owner, item.acknowledgeable)
    del edited[len(texts) // 2]
    linted.clear()
    assert lint_texts(edited, TERMS, memory) == lint_texts(edited, TERMS)
    assert linted[0] == 3 and memory.changed
    memory.save()
    assert len(memory.entries) == len({(t.field, t.is_quote, t.text) for t in edited})  # only the texts there are


def test_other_sensitive_terms_lint_every_text_again(linted: list[int]) -> None:
    texts = _texts(0)
    memory = Kept()
    lint_texts(texts, TERMS, memory)
    fewer = SensitiveTerms.of(["Wolkenheim"])
    linted.clear()
    assert lint_texts(texts, fewer, memory) == lint_texts(texts, fewer)
    assert linted[0] == len(texts)


def test_the_same_text_in_another_field_is_linted_for_that_field(linted: list[int]) -> None:
    text = "Wir sind ein Team [MA]. " * 60  # long: a rule for quotes only applies
    as_quote = LintText(Spot.of_text("q.yaml", text), "original", text, (), True)
    as_note = LintText(Spot.of_text("q.yaml", text), "note.de", text, (), False)
    memory = Kept()
    quote_problems = lint_texts([as_quote], TERMS, memory)
    assert quote_problems and lint_texts([as_note], TERMS, memory) == lint_texts([as_note], TERMS) == []


def _check(site: Path) -> SiteCheck:
    return Checker().check(read_site(site / "mkdocs.yml").layout)


def test_a_new_befund_check_lints_only_what_changed(site_copy: Path, tmp_path: Path, linted: list[int],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEFUND_CACHE_DIR", str(tmp_path / "cache"))
    first = _check(site_copy)
    assert linted[-1] > 100
    (pack,) = (tmp_path / "cache" / "lint").iterdir()
    assert pack.stat().st_mode & 0o777 == 0o600
    linted.clear()
    assert _check(site_copy).problems == first.problems
    assert linted == []

    quotes = sorted((site_copy / "codebook" / "quotes").glob("*.yaml"))[0]
    original = quotes.read_text("utf-8")
    quotes.write_text(original.replace("original: ", "original: Frau Schneider rief 0521 123456 an. ", 1), "utf-8")
    linted.clear()
    found = _check(site_copy).problems
    assert linted == [1]
    assert {p.rule for p in found} - {p.rule for p in first.problems} >= {"anon-phone"}
    monkeypatch.setattr(check, "code_digest", lambda: b"another befund")  # another lint: every text again
    linted.clear()
    assert _check(site_copy).problems == found and linted[-1] > 100
    salt, entries = pickle.loads(pack.read_bytes())
    assert salt == b"another befund" and entries


def test_serve_keeps_the_lint_in_memory_without_a_cache(site_copy: Path, linted: list[int],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEFUND_CACHE_DIR", "off")
    checker = Checker()
    layout = read_site(site_copy / "mkdocs.yml").layout
    first = checker.check(layout)
    linted.clear()
    assert checker.check(layout).problems == first.problems and linted == []
