"""JSON Schema checks of codebook files, turned into located, friendly Problems.

Most files are valid, and for those a validator compiled to Python code (fastjsonschema) answers
in a fraction of the time: ~0.2 s instead of ~2.5 s for 10 000 quotes. Only a file it rejects is
validated again with jsonschema, whose errors carry what the messages need (path, keyword, the
failing branch of a oneOf). The compiled validator is at least as strict as jsonschema
(``tests/test_schema_fast.py``), so a file it passes has no problems to report.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .load import Document
from .problems import Problem, field_name

if TYPE_CHECKING:  # jsonschema is imported only when a file has an error to explain
    import jsonschema
    from referencing import Registry

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
    from referencing import Registry, Resource

    # the schemas refer to each other by relative file name, as editors resolve them next to each other
    return Registry().with_resource(f"{DEFS}.schema.json", Resource.from_contents(load_schema(DEFS)))


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=_registry(), format_checker=cls.FORMAT_CHECKER)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_date(value: str) -> bool:
    """The ``date`` format as jsonschema checks it (a real calendar date, not only its shape)."""
    try:
        return bool(_DATE.fullmatch(value)) and bool(date.fromisoformat(value))
    except ValueError:
        return False


@cache
def _compiled(name: str) -> Callable[[Any], Any] | None:
    """The file kind's schema compiled to Python (None where fastjsonschema is missing or refuses it)."""
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - a dependency; jsonschema alone gives the same answers
        return None
    try:
        return fastjsonschema.compile(_self_contained(name), formats={"date": _is_date})
    except fastjsonschema.JsonSchemaDefinitionException:  # pragma: no cover - a schema it cannot compile
        return None


def _self_contained(name: str) -> dict[str, Any]:
    """*name*'s schema with the shared definitions copied in, in a draft fastjsonschema compiles.

    The schemas use nothing whose meaning changed after draft 7, except ``$ref`` beside other
    keywords (ignored before 2019-09), which is turned into ``allOf``.
    """
    prefix = f"{DEFS}.schema.json#/"

    def local(node: Any) -> Any:
        if isinstance(node, list):
            return [local(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: local(value) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix):
            node["$ref"] = "#/" + ref[len(prefix):]
        if "$ref" in node and set(node) - {"$ref", "description", "title", "$comment"}:
            return {**{k: v for k, v in node.items() if k != "$ref"}, "allOf": [{"$ref": node["$ref"]}]}
        return node

    schema = local(load_schema(name))
    schema["$defs"] = {**local(load_schema(DEFS)).get("$defs", {}), **schema.get("$defs", {})}
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return schema


def check_document(doc: Document, kind: str) -> list[Problem]:
    """Every schema violation in *doc*, each at the line of the offending value."""
    compiled = _compiled(kind)
    if compiled is not None:
        try:
            compiled(doc.data)
            return []
        except Exception:  # any refusal, even a crash on odd data: jsonschema says what is wrong, if anything
            pass
    problems: list[Problem] = []
    for error in _leaf_errors(_validator(kind).iter_errors(doc.data)):
        problems.extend(_to_problems(doc, error))
    # one message per place and rule is enough
    unique = {(p.line, p.column, p.rule, p.message): p for p in problems}
    return list(unique.values())


def _leaf_errors(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """Replace oneOf/anyOf failures by their most relevant branch error."""
    import jsonschema

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
