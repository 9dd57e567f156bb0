"""The YAML files of an imported codebook: study.yaml and one category file per category.

Written as text, not dumped, so each file can say where the user still has work: ``# TODO <lang>``
stands where a language's text belongs (``befund check`` reports it as missing-language), and
placeholders in study.yaml start with ``TODO:``. Scalars are quoted only where YAML needs it.
"""

from __future__ import annotations

import datetime
import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .schema import schema_files

if TYPE_CHECKING:
    from .model import Basis
    from .qdc_import import ImportedCode, ImportedCodebook

LICENSE_NAMES = {"de": "Creative Commons Namensnennung 4.0 International",
                 "en": "Creative Commons Attribution 4.0 International"}
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
"""What PyYAML refuses in a file, or reads as a line break: escaped inside double quotes."""


def write_files(data: ImportedCodebook, folder: Path, languages: list[str], *, study_id: str,
                year: int | None) -> list[Path]:
    """Every file of the skeleton, or FileExistsError (before writing anything) when one exists."""
    files = {folder / "codebook" / "study.yaml": study_yaml(data, languages, study_id,
                                                            year or datetime.date.today().year)}
    for code, parent in data.walk():
        if code.children or parent is None:
            files[folder / "codebook" / "categories" / f"{code.id}.yaml"] = category_yaml(data, code, parent,
                                                                                         languages)
    clashes = sorted(str(path) for path in files if path.exists())
    if clashes:
        raise FileExistsError(f"{len(clashes)} file(s) already exist, nothing was written: {', '.join(clashes)}")
    written = []
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)
    return written + _copy_schemas(folder / "schema")


def _copy_schemas(target: Path) -> list[Path]:
    """The JSON Schemas the files' ``$schema`` hints name, unless the folder has them already."""
    written = []
    source = resources.files("befund").joinpath("schema")
    for name in schema_files():
        path = target / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.joinpath(name).read_bytes())
            written.append(path)
    return written


def _header(data: ImportedCodebook, schema: str) -> list[str]:
    origin = f" ({data.origin})" if data.origin else ""
    return [f"# yaml-language-server: $schema={schema}",
            f"# Imported by befund import-qdc from {Path(data.source).name}{origin}.",
            "# '# TODO <lang>' marks a text still to write in that language (befund check: missing-language)."]


def study_yaml(data: ImportedCodebook, languages: list[str], study_id: str, year: int) -> str:
    first = languages[0]
    lines = [*_header(data, "../schema/study.schema.json"),
             "# Replace every 'TODO:' placeholder before publishing.", f"id: {scalar(study_id)}",
             *texts("title", {first: f"TODO: title of the study (codebook from {Path(data.source).name})"},
                    languages),
             "authors:", "  - name: \"TODO: author's name\"", f"year: {year}", "journal: null", "doi: null",
             "license:  # TODO: the licence you publish the site's texts under", "  id: CC-BY-4.0",
             *texts("name", {lang: LICENSE_NAMES[lang] for lang in languages if lang in LICENSE_NAMES}
                    or {first: LICENSE_NAMES["en"]}, languages, 2),
             "  url:", *[f"    {lang}: https://creativecommons.org/licenses/by/4.0/deed.{lang}" for lang in languages],
             f"languages: [{', '.join(languages)}]  # the first is the default language",
             f"data_language: {first}  # the language of the original quotes",
             *texts("abstract", {first: "TODO: the article's abstract"}, languages),
             "source_types:  # the kinds of sources the quotes come from", "  - id: IN",
             *texts("label", dict.fromkeys(languages, "Interview"), languages, 4),
             *texts("changes", {first: "TODO: what this site changed compared with the article"}, languages)]
    return "\n".join(lines) + "\n"


def category_yaml(data: ImportedCodebook, code: ImportedCode, parent: ImportedCode | None,
                  languages: list[str]) -> str:
    siblings = parent.children if parent is not None else data.codes
    lines = [*_header(data, "../../schema/category.schema.json"),
             f"id: {scalar(code.id)}", f"parent: {scalar(parent.id) if parent is not None else 'null'}",
             *_node(code, siblings.index(code) + 1, languages, 0)]
    dimensions = [child for child in code.children if not child.children]
    if dimensions:
        lines.append("dimensions:")
        for child in dimensions:
            block = _node(child, code.children.index(child) + 1, languages, 4, dimension=True)
            lines += [f"  - {block[0].lstrip()}", *block[1:]]
    return "\n".join(lines) + "\n"


def _node(code: ImportedCode, order: int, languages: list[str], indent: int, dimension: bool = False) -> list[str]:
    pad, first = " " * indent, languages[0]
    what = "dimension" if dimension else "category"
    lines = [f"{pad}id: {scalar(code.id)}"] if dimension else []
    lines += [f"{pad}order: {order}", *_basis(code.basis, pad, what),
              f"{pad}guid: {scalar(code.guid)}  # from the QDA program: kept, so a .qdc export matches its codes"]
    if code.color:
        lines.append(f"{pad}color: {scalar(code.color)}")
    lines += texts("label", {first: code.name}, languages, indent)
    if code.summary:
        lines += texts("summary", {first: code.summary}, languages, indent, basis=True)
    else:
        lines.append(f"{pad}# TODO summary: the QDA file has no description for this {what}; write one or two "
                     f"sentences ({', '.join(languages)}) with 'basis:'")
    if code.description:
        lines += texts("description", {first: code.description}, languages, indent, basis=True)
    return lines


def _basis(basis: Basis | None, pad: str, what: str) -> list[str]:
    if basis is not None and basis.kind == "article" and basis.section:
        return [f"{pad}section: {scalar(basis.section)}", f"{pad}basis: article"]
    return [f"{pad}basis: editors  # or 'article' (with section: \"…\") if the article names and delimits "
            f"this {what}"]


def texts(key: str, values: dict[str, str], languages: list[str], indent: int = 0, basis: bool = False) -> list[str]:
    """A text per language; each language without text gets its ``# TODO <lang>`` line."""
    pad = " " * indent
    lines = [f"{pad}{key}:"] + ([f"{pad}  basis: editors"] if basis else [])
    for lang in languages:
        if lang in values:
            lines += _value(f"{pad}  {lang}", values[lang], indent + 4)
        else:
            source = next(iter(values))
            lines.append(f"{pad}  # TODO {lang}: the {key} in '{lang}' (translate the '{source}' text above)")
    return lines


def _value(prefix: str, text: str, indent: int) -> list[str]:
    if "\n" in text and not _NOT_PRINTABLE.search(text) and not text[0].isspace() and "\r" not in text:
        return [f"{prefix}: |-", *[f"{' ' * indent}{line}" if line else "" for line in text.split("\n")]]
    return [f"{prefix}: {scalar(text)}"]


def scalar(text: str) -> str:
    """*text* as a YAML scalar: plain where YAML reads it back unchanged, else double-quoted."""
    if text and "\n" not in text and text == text.strip() and not _NOT_PRINTABLE.search(text):
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}" if ord(m.group(0)) < 0x10000
                              else f"\\U{ord(m.group(0)):08x}", quoted)
