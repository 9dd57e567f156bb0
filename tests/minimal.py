"""A minimal valid codebook written into a temporary folder; tests break one thing at a time."""

from __future__ import annotations

from pathlib import Path

STUDY = """\
id: mini
title: {de: Mini-Studie, en: Mini study}
authors:
  - name: A. Autorin
year: 2026
license:
  id: CC-BY-4.0
  name: {de: CC BY 4.0, en: CC BY 4.0}
  url: {de: "https://creativecommons.org/licenses/by/4.0/deed.de", en: "https://creativecommons.org/licenses/by/4.0/"}
languages: [de, en]
data_language: de
abstract: {de: Kurzfassung., en: Abstract.}
source_types:
  - id: IN
    label: {de: Interview, en: Interview}
changes: {de: Nichts., en: Nothing.}
"""

CATEGORY = """\
id: haupt
parent: null
order: 1
basis: article
section: "5.1"
label: {de: Hauptkategorie, en: Main category}
summary: {basis: article, de: Kurz., en: Short.}
description:
  basis: editors
  de: |
    Siehe [[concept:theorie]].
  en: |
    See [[concept:theorie]].
dimensions:
  - id: dim-a
    order: 1
    basis: editors
    label: {de: Dimension A, en: Dimension A}
    summary: {basis: editors, de: A., en: A.}
"""

QUOTES = """\
source: {id: IN_01, type: IN}
quotes:
  - id: IN_01-1
    original: "Wir sind ein Team [MA]."
    translation: {en: "We are a team [MA]."}
    codings: [{id: dim-a, basis: article}]
    section: "5.1"
"""

CONCEPTS = """\
concepts:
  - id: theorie
    label: {de: Theorie, en: Theory}
    summary: {basis: editors, de: T., en: T.}
    references: [allen2000]
"""

REFERENCES = """\
references:
  - id: allen2000
    type: article-journal
    author: [{family: Allen, given: D.}]
    issued: 2000
    title: Doing occupational demarcation
    container_title: Journal of Contemporary Ethnography
"""

FILES = {
    "study.yaml": STUDY,
    "categories/haupt.yaml": CATEGORY,
    "quotes/IN_01.yaml": QUOTES,
    "concepts.yaml": CONCEPTS,
    "references.yaml": REFERENCES,
}


def write_codebook(root: Path, **changes: str) -> Path:
    """Write the minimal codebook; keyword args replace files (key: path with '/' → '__', '.' → '_')."""
    files = dict(FILES)
    for key, text in changes.items():
        files[key.replace("__", "/").replace("_yaml", ".yaml")] = text
    for rel, text in files.items():
        path = root / "codebook" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root / "codebook"


def mkdocs_yml(*, lang: str = "de", url: str | None = "https://mini.befund-tests.net/", site_name: str = "Mini",
               custom_dir: bool = False, befund_options: str = "") -> str:
    """A site's mkdocs.yml as a minimal site has it: Material without web fonts, search and befund.
    *url* None leaves site_url out; *befund_options* are the plugin's option lines (``key: value``)."""
    lines = [f"site_name: {site_name}", *([f"site_url: {url}"] if url is not None else []),
             f"docs_dir: content/{lang}", "theme:", "  name: material", f"  language: {lang}",
             *(["  custom_dir: overrides"] if custom_dir else []), "  font: false", "plugins:", "  - search"]
    options = [f"      {line}" for line in befund_options.splitlines() if line.strip()]
    lines += ["  - befund:", *options] if options else ["  - befund"]
    return "\n".join(lines) + "\n"


def site_with_templates(root: Path) -> Path:
    """The minimal codebook as a two-language site whose page templates may be overridden in
    ``page-templates/`` (empty at first)."""
    write_codebook(root)
    (root / "mkdocs.yml").write_text(mkdocs_yml(befund_options="templates: page-templates"), "utf-8")
    for lang in ("de", "en"):
        (root / "content" / lang).mkdir(parents=True, exist_ok=True)
    (root / "page-templates").mkdir()
    return root


def every_file(root: Path) -> dict[str, bytes]:
    """Every file below *root* by its relative path: two built sites compared byte for byte."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
