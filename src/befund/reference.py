"""The codebook reference, generated from befund's JSON Schemas, so it is never a page kept by hand.

One section per file kind (``kinds.FILE_KINDS``): where its files live and what they are for, one
table per object level (every field with its type in words, required or optional, allowed values,
description and an example), then a complete example file. The value types shared through
``defs.schema.json`` are explained once, at the end. Examples come from a study's codebook where it
has the field, else from the schema (``examples``, or an ``e.g. '…'`` in the description), else they
are made up from the field's type.

The output is deterministic (schema order, sorted files, no dates), so a changed reference always
means a changed schema or codebook. Independent of MkDocs: the documentation's hook calls it.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .kinds import BY_NAME, FILE_KINDS, FileKind
from .samples import Samples, flow, richest, shorten, synthesise, trim
from .schema import load_schema
from .schemadoc import Field, Level, below, definitions, levels, rules, slug, target, type_words

LANGUAGES = ("en",)
"""Languages the reference is written in."""
DOCS_NOTE = """*Generated from befund's JSON Schemas (`src/befund/schema/`) each time this documentation is built:
to change this page, change a schema's `description`.*"""
COLUMNS = ("Field", "Type", "Required", "Allowed values", "Description")


def reference_markdown(lang: str = "en", codebook: Path | None = None) -> str:
    """The codebook reference as one Markdown page; examples from *codebook* (default: befund init's)."""
    if lang not in LANGUAGES:
        raise ValueError(f"the reference is written in {', '.join(LANGUAGES)}, not {lang!r}")
    if codebook is not None:
        return _reference(Samples.read(codebook), True, DOCS_NOTE)
    return _reference(_scaffold_samples(), False, DOCS_NOTE)


def reference_for_site(codebook: Path, version: str) -> str:
    """The reference ``befund init`` writes into a new site: examples from its codebook, readable as a
    Markdown file outside MkDocs (heading ids as HTML anchors, which GitHub and editors' previews keep)."""
    note = (f"*Written by `befund init` from the JSON Schemas of befund {version}: the descriptions your editor "
            "shows on hover. A later befund may add fields; its documentation has the reference of that version.*")
    text = _reference(Samples.read(codebook), False, note)
    return re.sub(r"^(#+) (.*) \{#([\w-]+)\}$", r'<a id="\3"></a>\n\n\1 \2', text, flags=re.MULTILINE)


def _reference(samples: Samples, from_study: bool, note: str) -> str:
    parts = [_intro(samples, from_study, note), _overview()]
    parts += [_kind_section(kind, samples) for kind in FILE_KINDS]
    parts.append(_types_section(samples))
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def _scaffold_samples() -> Samples:
    """Examples from the codebook ``befund init`` writes (in its default languages)."""
    from .scaffold import DEFAULT_LANGUAGES, codebook_files

    with tempfile.TemporaryDirectory() as tmp:
        for rel, content in codebook_files(list(DEFAULT_LANGUAGES)):
            path = Path(tmp) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
        return Samples.read(Path(tmp))


def anchor(kind: str, path: str) -> str:
    """The id of a level's heading: ``quotes-quotes-codings`` for ``quotes[].codings[]`` of quotes."""
    return f"{kind}-{slug(path)}" if path else f"{kind}-fields"


def _intro(samples: Samples, from_study: bool, note: str) -> str:
    source, licence = "the codebook `befund init` writes", ""
    if from_study and samples.study:
        source = f"the codebook of {samples.study}"
        licence = f" That codebook's content is licensed {samples.licence}." if samples.licence else ""
    return f"""# Codebook reference {{#reference}}

{note}

A codebook is a folder of YAML files, each of one [file kind](#file-kinds). `befund check` checks
every rule on this page and names the file, line and column of what breaks one. A file may start
with `# yaml-language-server: $schema=…`, so that editors complete its fields and show these
descriptions on hover.

Examples are taken from {source}, shortened where long (`…`); where it has no value for a
field, they come from the field's description or are made up from its type.{licence}

How to read the tables:

- **Field**: the key in the file. `a.b` is the key `b` inside the mapping `a`; `a[]` stands for each
  entry of the list `a`; `<language>` for each language code of the site (`de`, `en`, …).
- **Type**: in words; the types several file kinds share link to their explanation under
  [Shared value types](#types).
- **Required**: a required field must be there; an optional one may be left out.
- **Allowed values**: what the value must look like beyond its type."""


def _overview() -> str:
    rows = [f"| [{kind.name}](#{kind.name}) | `codebook/{kind.location}` | `{kind.schema}.schema.json` | "
            f"{_cell(load_schema(kind.schema).get('description', ''))} |" for kind in FILE_KINDS]
    return "\n".join(["## File kinds {#file-kinds}", "", "| Kind | Where | Schema | What it is |",
                      "|---|---|---|---|", *rows])


def _kind_section(kind: FileKind, samples: Samples) -> str:
    schema = load_schema(kind.schema)
    where = f"one file per item in `codebook/{kind.location}`" if kind.is_folder else \
        f"one file, `codebook/{kind.location}`"
    lines = [f"## {kind.name}: `codebook/{kind.location}` {{#{kind.name}}}", "",
             _cell(schema.get("description", schema.get("title", ""))), "",
             f"Where: {where}. Schema: `{kind.schema}.schema.json`. Ids defined here: "
             f"{', '.join(kind.defines)} (ids are one namespace across the codebook)."]
    for level in levels(schema):
        lines += ["", *_level_heading(kind.name, level), "", *_table(level, kind.name, samples)]
    return "\n".join([*lines, "", *_example_file(kind, samples)])


def _level_heading(kind: str, level: Level) -> list[str]:
    if not level.path:
        return [f"### Fields {{#{anchor(kind, '')}}}"]
    what = f"Each entry of `{level.path[:-2]}`" if level.path.endswith("[]") else f"The mapping `{level.path}`"
    return [f"### `{level.path}` {{#{anchor(kind, level.path)}}}", "", f"{what} holds:"]


def _table(level: Level, kind: str, samples: Samples | None) -> list[str]:
    """One row per field; with *samples*, an example column."""
    columns = (*COLUMNS, "Example") if samples is not None else COLUMNS
    rows = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for field in level.fields:
        required = "one per site language" if field.language_key else "required" if field.required else "optional"
        cells = [_code(field.path), _type_cell(kind, field), required, "; ".join(rules(field.node)) or "—",
                 _cell(_description(field)) or "—"]
        if samples is not None:
            cells.append(_example_cell(kind, field, samples))
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _type_cell(kind: str, field: Field) -> str:
    opened = below(field.node)
    if opened is None:
        return type_words(field.node)
    link = f"(#{anchor(kind, field.path + opened[0])})"
    if opened[0] == "[]":
        record = target(field.node.get("items", {}))
        return f"[list of {record.replace('_', ' ') + 's' if record else 'entries'}]{link}"
    return f"[{field.ref.replace('_', ' ') if field.ref else 'mapping'}]{link}"


def _description(field: Field) -> str:
    shared = definitions().get(field.ref, {}) if field.ref else {}
    return str(field.node.get("description") or shared.get("description", ""))


def _example_cell(kind_name: str, field: Field, samples: Samples) -> str:
    opened = below(field.node)
    if opened is not None:
        return f"[see below](#{anchor(kind_name, field.path + opened[0])})"
    kind = BY_NAME[kind_name]
    if field.path == "$schema":  # relative to the file, as befund init lays out a site
        return _code(("../../" if kind.is_folder else "../") + f"schema/{kind.schema}.schema.json")
    found, value = samples.first(kind_name, field.path)
    if not found:
        value = synthesise(field.node, samples.languages)
    return _code(flow(shorten(value, 24 if isinstance(value, dict) else 48)))


def _example_file(kind: FileKind, samples: Samples) -> list[str]:
    files = samples.files.get(kind.name, [])
    if files:
        name, data = richest(files)
        text = f"`{name}`, with the first entry of each list and long texts shortened"
        data = trim(data)
    else:
        text = "made up from the schema, every field filled in"
        data = synthesise(load_schema(kind.schema), samples.languages, complete=True)
    dump = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return [f"### Example {{#{kind.name}-example}}", "", f"A {kind.name} file: {text}.", "",
            "```yaml", dump.rstrip("\n"), "```"]


def _types_section(samples: Samples) -> str:
    lines = ["## Shared value types {#types}", "",
             "Defined once in `defs.schema.json`; the file kinds' schemas refer to them as "
             "`defs.schema.json#/$defs/<name>`. A record such as a coding is also listed field by field "
             "wherever it is used."]
    for name, node in definitions().items():
        lines += ["", f"### {name} {{#type-{slug(name)}}}", "", _cell(node.get("description", "")), "",
                  f"- Type: {type_words(node)}"]
        if rules(node):
            lines.append(f"- Allowed values: {'; '.join(rules(node))}")
        lines.append(f"- Example: {_code(flow(shorten(_type_example(name, samples), 24)))}")
        opened = below(node)
        if opened is not None:
            kind = f"type-{slug(name)}"
            for level in levels(opened[1]):
                title = ("Each entry holds" if opened[0] else "Its fields") if not level.path else \
                    f"`{level.path}` holds"
                lines += ["", f"{title}:", "", *_table(level, kind, None)]
    return "\n".join(lines)


def _type_example(name: str, samples: Samples) -> Any:
    """The codebook's first value of a field of this type, else a made-up one."""
    for kind in FILE_KINDS:
        for level in levels(load_schema(kind.schema)):
            for field in level.fields:
                items = target(field.node.get("items", {})) if field.node.get("type") == "array" else None
                path = field.path if field.ref == name else field.path + "[]" if items == name else None
                found, value = samples.first(kind.name, path) if path else (False, None)
                if found and value is not None:
                    return value
    return synthesise({"$ref": f"#/$defs/{name}"}, samples.languages)


def _cell(text: str) -> str:
    """Schema prose made safe for a table cell: no raw HTML, no line breaks, no column breaks."""
    parts = re.split(r"(`[^`]*`)", " ".join(text.split()))
    return "".join(part if i % 2 else html.escape(part, quote=False).replace("|", "\\|")
                   for i, part in enumerate(parts))


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"
