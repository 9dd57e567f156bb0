"""A JSON Schema read as documentation: its fields level by level, their types and rules in words.

Knows befund's schemas' conventions: shared definitions in ``defs.schema.json`` (value types such as
``text`` or ``interpretation`` are named as a whole; records such as ``coding`` are opened up where
they are used), language codes as keys, ids and section numbers as patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .schema import DEFS, load_schema

LANGUAGE_PATTERN = "^[a-z]{2,3}(-[A-Z]{2})?$"
ID_PATTERN = "^[A-Za-z][A-Za-z0-9_-]{0,63}$"
SECTION_PATTERN = "^[0-9]+(\\.[0-9]+)*$"
LANGUAGE_KEY = "<language>"
"""How a field path names the language keys of a text (``summary.<language>``)."""
LANGUAGE_TEXT = "The text in this language: one for each language of the site (study.yaml's languages)."

VALUE_TYPES: dict[str, tuple[str, str]] = {
    "id": ("id", "ids"),
    "ids": ("list of ids", "lists of ids"),
    "text": ("text per language", "texts per language"),
    "texts": ("list of texts per language", "lists of texts per language"),
    "section": ("section number", "section numbers"),
    "basis": ("basis", "bases"),
    "interpretation": ("interpretive text: basis + text per language",
                       "interpretive texts: basis + text per language"),
    "localized_url": ("web address per language", "web addresses per language"),
}
"""Shared definitions a field names as a whole (singular, plural); other definitions (coding, question,
acknowledge) are records whose fields are listed wherever they are used."""

PATTERNS = {
    ID_PATTERN: "a letter, then letters, digits, `_` or `-`; at most 64 characters",
    SECTION_PATTERN: "numbers joined by dots, e.g. `5.2.1`",
    LANGUAGE_PATTERN: "a language code such as `de`, `en` or `pt-BR`",
    "^https?://": "starts with `http://` or `https://`",
    "^https?://[^\\s<>\"']+$": "starts with `http://` or `https://`; no spaces, quotes or angle brackets",
}
"""The schemas' patterns in words; any other pattern is shown as it is."""

SCALARS: dict[str, tuple[str, str]] = {
    "string": ("text", "texts"), "integer": ("integer", "integers"), "number": ("number", "numbers"),
    "boolean": ("true or false", "true or false"), "null": ("empty (null)", "empty (null)"),
}


@dataclass(frozen=True)
class Field:
    path: str
    """Dotted path from the file's top: ``dimensions[].summary``, ``summary.<language>``."""
    node: dict[str, Any]
    """Its schema; a reference to a record is replaced by the record (the field's own keys win)."""
    required: bool
    ref: str | None = None
    """The shared definition the schema names for it, if any (``interpretation``, ``coding``, …)."""
    language_key: bool = False


@dataclass(frozen=True)
class Level:
    """One object level of a file kind: the top, or what a mapping or each list entry holds."""

    path: str
    fields: tuple[Field, ...]


def levels(schema: dict[str, Any]) -> list[Level]:
    """Every object level of *schema*, the top first, each followed by the levels below it."""
    found: list[Level] = []

    def walk(node: dict[str, Any], path: str) -> None:
        fields = _fields(node, path)
        found.append(Level(path, fields))
        for field in fields:
            opened = below(field.node)
            if opened is not None:
                walk(opened[1], field.path + opened[0])

    walk(schema, "")
    return found


def _fields(node: dict[str, Any], path: str) -> tuple[Field, ...]:
    required = set(node.get("required", []))
    prefix = f"{path}." if path else ""
    fields = [Field(prefix + name, resolve(sub), name in required, target(sub))
              for name, sub in node.get("properties", {}).items()]
    for pattern, sub in node.get("patternProperties", {}).items():
        key = LANGUAGE_KEY if pattern == LANGUAGE_PATTERN else f"<key matching {pattern}>"
        sub = sub if "description" in sub or pattern != LANGUAGE_PATTERN else {**sub, "description": LANGUAGE_TEXT}
        fields.append(Field(prefix + key, resolve(sub), True, language_key=pattern == LANGUAGE_PATTERN))
    return tuple(fields)


def below(node: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The level a field opens: ``("", mapping)`` or ``("[]", each entry)``; None for a value."""
    if "properties" in node:
        return "", node
    items = resolve(node.get("items", {}))
    if node.get("type") == "array" and "properties" in items:
        return "[]", items
    return None


def target(node: dict[str, Any]) -> str | None:
    """The shared definition a ``$ref`` names (``defs.schema.json#/$defs/id`` → ``id``)."""
    found = re.fullmatch(r"(?:defs\.schema\.json)?#/\$defs/(\w+)", node.get("$ref", ""))
    return found.group(1) if found else None


def definitions() -> dict[str, dict[str, Any]]:
    """``defs.schema.json``'s definitions by name."""
    return load_schema(DEFS)["$defs"]  # type: ignore[no-any-return]


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """*node* with a reference to a record replaced by the record (its own keys win); values stay named."""
    name = target(node)
    if name is None or name in VALUE_TYPES or name not in definitions():
        return node
    return {**resolve(definitions()[name]), **{k: v for k, v in node.items() if k != "$ref"}}


# -- words ------------------------------------------------------------------------------------------
def type_words(node: dict[str, Any], plural: bool = False) -> str:
    """A value's type in words, shared types linked to their explanation."""
    number = 1 if plural else 0
    name = target(node)
    if name in VALUE_TYPES:
        return f"[{VALUE_TYPES[name][number]}](#type-{slug(name)})"
    if name is not None:
        return f"`{node['$ref']}`"
    if "enum" in node:
        return ("choice", "choices")[number]
    if "oneOf" in node:
        return " or ".join(type_words(alt, plural) for alt in node["oneOf"])
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(type_words({**node, "type": k}, plural) for k in kind)
    if kind == "array":
        return ("list of ", "lists of ")[number] + type_words(resolve(node.get("items", {})), plural=True)
    if kind == "object" or "properties" in node:
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and language_keyed(node):
            return type_words(extra, plural) + " per language"
        return ("mapping", "mappings")[number]
    if kind == "string":
        if node.get("format") == "date":
            return ("date", "dates")[number] + " (YYYY-MM-DD)"
        if node.get("pattern") == LANGUAGE_PATTERN:
            return ("language code", "language codes")[number]
        if str(node.get("pattern", "")).startswith("^https?://"):
            return ("web address", "web addresses")[number]
    return SCALARS.get(str(kind), (str(kind), str(kind)))[number]


def rules(node: dict[str, Any]) -> list[str]:
    """What a value must look like beyond its type, in words (a shared type's rules stay with it)."""
    if target(node) in VALUE_TYPES:
        return []
    found: list[str] = []
    if "enum" in node:
        found.append(", ".join(f"`{value}`" for value in node["enum"]))
    for alt in node.get("oneOf", []):
        found += rules(alt)
    if "pattern" in node:
        found.append(PATTERNS.get(node["pattern"], f"matches `{node['pattern']}`"))
    if node.get("format") == "date":
        found.append("a real date")
    if node.get("minLength") == 1:
        found.append("not empty")
    elif "minLength" in node:
        found.append(f"at least {node['minLength']} characters")
    if "minimum" in node:
        found.append(f"at least {node['minimum']}")
    if "minItems" in node:
        found.append(f"at least {_count(node['minItems'], 'entry', 'entries')}")
    if node.get("uniqueItems"):
        found.append("each at most once")
    if "minProperties" in node:
        found.append(f"at least {_count(node['minProperties'], 'key', 'keys')}")
    if "propertyNames" in node:
        found.append("keys: " + " ".join(rules(node["propertyNames"])))
    for inner in (node.get("items"), node.get("additionalProperties")):
        if isinstance(inner, dict) and below(resolve(inner)) is None and rules(inner):
            found.append("each: " + "; ".join(rule.removeprefix("each: ") for rule in rules(inner)))
    return found


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def language_keyed(node: dict[str, Any]) -> bool:
    """A mapping whose keys are the site's language codes (a text per language)."""
    return node.get("propertyNames", {}).get("pattern") == LANGUAGE_PATTERN


def slug(text: str) -> str:
    """*text* as a heading id: lower case, runs of anything else than letters and digits as one '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def anchor(kind: str, path: str) -> str:
    """The id of a level's heading: ``quotes-quotes-codings`` for ``quotes[].codings[]`` of quotes."""
    return f"{kind}-{slug(path)}" if path else f"{kind}-fields"
