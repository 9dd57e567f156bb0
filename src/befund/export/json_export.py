"""The whole model as JSON, and a JSON Schema for that JSON, both derived from the model's dataclasses.

One walk over the dataclasses writes the data and one over their type hints writes the schema, so
the two cannot drift apart when the model gains a field. Both are deterministic: keys sorted,
items of the codebook's collections sorted by id. Positions in the YAML files (``origin``), the text
index and the anonymisation lint's acknowledgements are bookkeeping, not data, and are left out.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import itertools
import textwrap
import types
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import orjson

from ..model import Codebook, Interpretation

SCHEMA_FILE = "codebook.schema.json"
FORMAT = "befund-codebook"
VERSION = 1
"""Raised when a field is renamed or removed (adding fields keeps it)."""
SKIPPED = frozenset({"origin", "texts", "acknowledge"})
LANGUAGE_KEY = "^[a-z]{2,3}(-[A-Z]{2})?$"


def codebook_json(codebook: Codebook) -> bytes:
    """The codebook as one JSON document that names its schema."""
    data = {"$schema": SCHEMA_FILE, "format": FORMAT, "version": VERSION, **_data(codebook)}
    return _dump(data)


@functools.cache  # the same for every codebook of this befund version
def codebook_schema() -> bytes:
    """The JSON Schema (draft 2020-12) of :func:`codebook_json`'s output."""
    defs: dict[str, Any] = {"text": {
        "type": "object", "description": "A text per language; an interpretive text also says its basis.",
        "properties": {"basis": {"$ref": "#/$defs/Basis"}},
        "patternProperties": {LANGUAGE_KEY: {"type": "string"}}, "additionalProperties": False}}
    root = _object_schema(Codebook, defs)
    root["properties"] |= {"$schema": {"type": "string"}, "format": {"const": FORMAT}, "version": {"const": VERSION}}
    root["required"] = sorted([*root["required"], "format", "version"])
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "befund codebook export",
              "description": "Every item of a befund codebook; collections are lists sorted by id.",
              **root, "$defs": defs}
    return _dump(schema)


def _dump(data: Any) -> bytes:
    """Indented by two, keys sorted, UTF-8 as it is (what ``json.dumps(indent=2, sort_keys=True,
    ensure_ascii=False)`` writes; orjson writes it ten times faster: 22 MB at 10 000 quotes)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


_LEAVES = (str, int, float, bool, type(None))


def _data(value: Any) -> Any:
    """*value* as JSON data; a dataclass's fields follow its type hints, as :func:`_schema` does."""
    if isinstance(value, _LEAVES):
        return value
    fields = _exported_fields(value.__class__)
    if fields is not None:
        return {name: ([_data(item[key]) for key in sorted(item)] if by_id else _data(item))
                for name, by_id in fields for item in (getattr(value, name),)}
    if isinstance(value, Interpretation):
        return {**value, "basis": _data(value.basis)}
    if isinstance(value, dict):
        return {key: _data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_data(item) for item in value]
    return value


@functools.cache
def _exported_fields(cls: type) -> tuple[tuple[str, bool], ...] | None:
    """(name, whether it is one of the codebook's collections, listed by id) of each exported field of a
    dataclass (None for any other type): resolving hints is slow, a codebook has thousands of items."""
    if not dataclasses.is_dataclass(cls):
        return None
    hints = get_type_hints(cls)
    return tuple((f.name, _is_collection(hints[f.name])) for f in dataclasses.fields(cls) if f.name not in SKIPPED)


def _is_collection(hint: Any) -> bool:
    """``dict[str, Category]`` and the like: written as a list sorted by id."""
    return get_origin(hint) is dict and dataclasses.is_dataclass(get_args(hint)[1])


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints, docs = get_type_hints(cls), _field_docs(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.name not in SKIPPED]
    properties = {name: _schema(hints[name], defs) | ({"description": docs[name]} if name in docs else {})
                  for name in names}
    schema = {"type": "object", "additionalProperties": False, "required": sorted(names), "properties": properties}
    return ({"description": inspect.cleandoc(cls.__doc__)} if cls.__doc__ and not cls.__doc__.startswith(
        cls.__name__ + "(") else {}) | schema


def _field_docs(cls: type) -> dict[str, str]:
    """The model's attribute docstrings (the string under a field), which explain the fields best."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for field, doc in itertools.pairwise(body):
        if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and isinstance(doc, ast.Expr)
                and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)):
            docs[field.target.id] = " ".join(doc.value.value.split())
    return docs


def _schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = get_origin(hint), get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if hint.__name__ not in defs:
            defs[hint.__name__] = {}  # placeholder first: a dataclass may refer to itself
            defs[hint.__name__] = _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (Union, types.UnionType):
        return {"anyOf": [_schema(arg, defs) for arg in args]}
    if origin is list:
        return {"type": "array", "items": _schema(args[0], defs)}
    if origin is dict:
        if args[1] is str:
            return {"$ref": "#/$defs/text"}
        if dataclasses.is_dataclass(args[1]):
            return {"type": "array", "items": _schema(args[1], defs)}
        return {"type": "object", "additionalProperties": _schema(args[1], defs)}
    simple = {str: "string", int: "integer", bool: "boolean", type(None): "null"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no JSON Schema for {hint!r}: add it to json_export._schema")
