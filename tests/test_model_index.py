"""The codebook's lookups (children, quotes per category) answer as a scan of every item would."""

from __future__ import annotations

from pathlib import Path

from befund.codeindex import article_order
from befund.validate import load_codebook

REPO = Path(__file__).resolve().parent.parent


def test_lookups_equal_a_full_scan() -> None:
    codebook = load_codebook(REPO / "codebook").codebook
    assert codebook is not None
    parents = [None, *codebook.categories]
    for parent in parents:
        for kind in (None, "category", "dimension"):
            naive = sorted((c for c in codebook.categories.values() if c.parent == parent and kind in (None, c.kind)),
                           key=lambda c: (c.order, c.id))
            assert codebook.children(parent, kind) == naive
    for ident in [*codebook.categories, "no-such-id"]:
        naive_quotes = sorted((q for q in codebook.quotes.values() if any(c.id == ident for c in q.codings)),
                              key=article_order)
        assert codebook.quotes_coded(ident) == naive_quotes
    assert codebook.quotes_coded("augenhoehe")  # the real study does code quotes


def test_lookups_follow_a_replaced_table() -> None:
    codebook = load_codebook(REPO / "codebook").codebook
    assert codebook is not None
    assert codebook.quotes_coded("augenhoehe")
    codebook.quotes = {}
    assert codebook.quotes_coded("augenhoehe") == []
    returned = codebook.children(None)
    returned.clear()  # a caller's list is its own
    assert codebook.children(None)


def test_a_checked_site_pickles_for_a_build_in_another_process() -> None:
    """Language builds in worker processes get the check result as it is (texts still place offsets)."""
    import pickle

    from befund.check import Checker
    from befund.siteconfig import read_site

    checked = Checker().check(read_site(REPO / "mkdocs.yml").layout)
    copy = pickle.loads(pickle.dumps(checked))
    assert copy.problems == checked.problems and copy.codebook is not None and checked.codebook is not None
    assert copy.codebook.quotes.keys() == checked.codebook.quotes.keys()
    for before, after in zip(checked.codebook.texts, copy.codebook.texts, strict=True):
        for lang, spot in before.spots.items():
            value = before.values[lang]
            assert after.spots[lang].at(len(value) - 1) == spot.at(len(value) - 1)
