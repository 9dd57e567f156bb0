"""MkDocs hook of befund's documentation: the codebook reference, generated from the JSON Schemas.

The reference page is never a file: it is made at every build, so it cannot fall behind a schema.
Its examples come from the first study's codebook (``codebook/`` at the repository's top).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from befund.reference import reference_markdown

PAGE = "reference.md"
CODEBOOK = Path(__file__).resolve().parent.parent / "codebook"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(PAGE) is not None:
        raise PluginError(f"{PAGE} is generated from befund's JSON Schemas: remove {config.docs_dir}/{PAGE}")
    codebook = CODEBOOK if CODEBOOK.is_dir() else None  # without it, befund init's codebook gives examples
    files.append(File.generated(config, PAGE, content=reference_markdown(codebook=codebook)))
    return files
