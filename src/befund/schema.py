"""JSON Schema checks of codebook files, turned into located, friendly Problems."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from referencing import Registry, Resource

from .load import Document
from .problems import Problem, field_name

DEFS = "defs"
"""``defs.schema.json``: definitions every file kind's schema refers to (ids, texts, basis, …)."""
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped with befund: a file kind's, or the shared definitions."""
    text = resources.files("befund").joinpath("schema", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def schema_files() -> list[str]:
    """Every schema file befund ships (a site copies them so editors can complete its YAML)."""
    folder = resources.files("befund").joinpath("schema")
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".schema.json"))


@cache
def _registry() -> Registry:
    # the schemas refer to each other by relative file name, as editors resolve them next to each other
    return Registry().with_resource(f"{DEFS}.schema.json", Resource.from_contents(load_schema(DEFS)))


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=_registry(), format_checker=cls.FORMAT_CHECKER)


def check_document(doc: Document, kind: str) -> list[Problem]:
    """Every schema violation in *doc*, each at the line of the offending value."""
    problems: list[Problem] = []
    for error in _leaf_errors(_validator(kind).iter_errors(doc.data)):
        problems.extend(_to_problems(doc, error))
    # one message per place and rule is enough
    unique = {(p.line, p.column, p.rule, p.message): p for p in problems}
    return list(unique.values())


def _leaf_errors(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """Replace oneOf/anyOf failures by their most relevant branch error."""
    for error in errors:
        if error.validator in ("oneOf", "anyOf") and error.context:
            best = jsonschema.exceptions.best_match(error.context)
            yield best if best is not None else error
        else:
            yield error


def _to_problems(doc: Document, error: jsonschema.ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    field = field_name(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in schema.get("properties", {})]
        result = []
        for key in extra:
            if re.fullmatch(schema.get("propertyNames", {}).get("pattern", "(?!)"), str(key)):
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
            result.append(doc.problem(path + (key,), "unknown-field", f"unknown field '{key}'", hint))
        return result
    if error.validator == "required":
        missing = re.match(r"'([^']+)'", error.message)
        name = missing.group(1) if missing else "?"
        if name == "codings":
            return [doc.problem(path, "uncoded-quote", "quote has no codings",
                                "add 'codings: [{id: category-id, basis: article}]' naming the categories this "
                                "passage evidences")]
        if name == "basis":
            return [doc.problem(path, "missing-basis", f"{field or 'this'} does not say its basis",
                                "add 'basis: article' if it restates what the article says (with 'section:' "
                                "where the article says it), or 'basis: editors' if it is the editors' reading")]
        where = f" in {field}" if field else ""
        return [doc.problem(path, "missing-field", f"required field '{name}' is missing{where}",
                            f"add '{name}:'")]
    if error.validator == "minItems" and path and path[-1] == "codings":
        return [doc.problem(path, "uncoded-quote", "quote is coded to nothing",
                            "list at least one category or dimension id under 'codings'")]
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return [doc.problem(path, "wrong-type", f"{field or 'value'} should be {_article(expected)}, "
                            f"not {_describe(error.instance)}", _type_hint(expected))]
    if error.validator == "pattern" and "A-Za-z0-9_-" in str(error.validator_value):
        return [doc.problem(path, "invalid-id", f"'{error.instance}' is not a valid id",
                            "ids start with a letter and use only ASCII letters, digits, '-' and '_' "
                            "(at most 64 characters)")]
    if (error.validator == "pattern" and path and LANGUAGE.fullmatch(str(path[-1])) and "a-z]{2,3}" in
            str(error.validator_value)) or error.validator == "propertyNames":
        return [doc.problem(path, "invalid-language", f"'{error.instance}' is not a language code",
                            "use codes such as 'de' or 'en'")]
    if error.validator == "minLength" and error.instance == "":
        return [doc.problem(path, "empty-value", f"{field or 'value'} is empty", "write the text or remove the field")]
    if error.validator == "uniqueItems":
        return [doc.problem(path, "duplicate-item", f"{field} lists the same id twice", "remove the repetition")]
    if error.validator == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        return [doc.problem(path, "invalid-value", f"{field} is {error.instance!r}", f"use one of {options}")]
    if error.validator == "format":
        return [doc.problem(path, "invalid-value", f"{field} is not a valid {error.validator_value}",
                            "write dates as \"YYYY-MM-DD\"")]
    return [doc.problem(path, "schema", f"{field or 'file'}: {error.message}", "see the file kind's JSON Schema")]


def _article(expected: str) -> str:
    return {"object": "a mapping (key: value)", "array": "a list", "string": "text", "integer": "a whole number",
            "boolean": "true or false", "null": "empty"}.get(expected, f"a {expected}")


def _describe(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false", type(None): "empty"}.get(type(value), type(value).__name__)


def _type_hint(expected: str) -> str:
    if expected == "object":
        return "texts need one entry per language, e.g.  de: …  and  en: …  on their own indented lines"
    if expected == "array":
        return "write a list: [a, b] or one '- item' per line"
    if expected == "string":
        return "put the value in quotes"
    return "change the value's type"
