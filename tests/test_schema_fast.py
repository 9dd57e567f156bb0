"""The compiled validator passes a file only where jsonschema finds nothing wrong with it either."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from befund import schema
from befund.kinds import FILE_KINDS
from test_fuzz import mutate_data

REPO = Path(__file__).resolve().parent.parent
KIND_OF = {path: kind.schema for kind in FILE_KINDS
           for path in ((REPO / "codebook").glob(kind.location + "*.yaml") if kind.is_folder
                        else [REPO / "codebook" / kind.location])}
DOCS = {path.relative_to(REPO).as_posix(): (kind, yaml.safe_load(path.read_text("utf-8")))
        for path, kind in sorted(KIND_OF.items()) if path.is_file()}
DOCS["codebook/redirects.yaml (the study has none yet)"] = ("redirects", {"redirects": [
    {"from": "augenhoehe", "to": "zusammenarbeit-auf-augenhoehe"}, {"from": "methode/", "to": "method/"}]})


def _compiled_passes(kind: str, data: Any) -> bool:
    compiled = schema._compiled(kind)
    assert compiled is not None
    try:
        compiled(data)
    except Exception:
        return False
    return True


def _jsonschema_passes(kind: str, data: Any) -> bool:
    return not any(True for _ in schema._validator(kind).iter_errors(data))


@pytest.mark.parametrize("name", list(DOCS))
def test_real_files_take_the_fast_path(name: str) -> None:
    kind, data = DOCS[name]
    assert _compiled_passes(kind, data) and _jsonschema_passes(kind, data)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    name=st.sampled_from(sorted(DOCS)),
    choice=st.integers(0, 10_000),
    action=st.integers(0, 3),
    value=st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
                    st.sampled_from(["", "2026-02-30", "2026-02-28", "IN_05-1\n", "de", "article", "x" * 70, "5.1"]),
                    st.lists(st.integers(), max_size=2), st.booleans(),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
)
def test_compiled_validator_is_never_looser(name: str, choice: int, action: int, value: Any) -> None:
    kind, data = DOCS[name]
    damaged = mutate_data(copy.deepcopy(data), choice, action, value)
    if _compiled_passes(kind, damaged):
        assert _jsonschema_passes(kind, damaged), (name, damaged)


@pytest.mark.parametrize("value,valid", [("2026-02-28", True), ("2026-02-30", False), ("2026-2-28", False),
                                         ("2026-02-28\n", False), ("٢٠٢٦-٠٢-٢٨", False)])
def test_dates_are_checked_as_jsonschema_checks_them(value: str, valid: bool) -> None:
    assert schema._is_date(value) is valid
    import jsonschema

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert checker.conforms(value, "date") is valid


def test_every_file_kind_has_a_document_above() -> None:
    assert {kind for kind, _ in DOCS.values()} == {kind.schema for kind in FILE_KINDS}
