"""Parsed and schema-checked codebook files kept between runs, as compiled templates are.

Parsing YAML with positions and checking it against its schema is the largest part of a check
(1.4 of 3.9 s at 10 000 quotes). A file with the same bytes, path and kind, read by the same befund,
Python, PyYAML and schema validators, gives the same Document and problems: both are stored in the
user's cache (``befund/codebook/``, see ``usercache.py``) under a key that hashes all of these; any
difference and the file is parsed again. Sixteen files per codebook folder hold its files' entries,
split by file (creating a file per entry cost more than all the pickling; one file for all was
rewritten whole, 41 MB at 10 000 quotes, after every save); one is rewritten when an entry of its
changed. They keep only the files the codebook has now, and are removed once no check used them for
30 days.
Entries are pickles, so the folder must be private (as for templates).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

from .load import Document
from .problems import Problem
from .usercache import Pack, salt

_CODE = ("load.py", "schema.py", "problems.py", "texts.py", "kinds.py", "parsecache.py")
"""befund's modules whose code decides a file's Document and problems (with the schemas)."""
_LIBRARIES = ("yaml", "yaml._yaml", "fastjsonschema", "jsonschema")
SHARDS = 16
"""Files the parses are split into: after a save, one of them is rewritten."""


class ParseCache:
    """The stored parse of each file of one codebook folder: its identity (path, display path, kind) →
    the key of what was parsed and the pickled parse."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack

    @classmethod
    def open(cls, codebook: Path, environ: Mapping[str, str] = os.environ) -> ParseCache | None:
        """The cache for the codebook folder *codebook*, or None where no private folder can be used."""
        pack = Pack.open("codebook", codebook, _salt(), environ, shards=SHARDS)
        return None if pack is None else cls(pack)

    def get(self, raw: bytes, path: Path, display: str, kind: str) -> tuple[Document | None, list[Problem]] | None:
        """The stored parse of these bytes, or None when there is none (or it cannot be read)."""
        identity = _identity(path, display, kind)
        found = self.pack.entries.get(identity)
        if found is None or found[0] != self._key(identity, raw):
            return None
        try:
            doc, problems = pickle.loads(found[1])
        except Exception:  # pragma: no cover - the key matched, so only a befund bug could get here
            return None
        return doc, problems

    def put(self, raw: bytes, path: Path, display: str, kind: str, doc: Document | None,
            problems: list[Problem]) -> None:
        identity = _identity(path, display, kind)
        self.pack.entries[identity] = (self._key(identity, raw),
                                       pickle.dumps((doc, problems), pickle.HIGHEST_PROTOCOL))
        self.pack.changed = True

    def save(self, files: Iterable[tuple[Path, str, str]]) -> None:
        """Keep the entries of *files* (path, display path, kind: the codebook's now) and write them if
        anything changed."""
        self.pack.keep({_identity(path, display, kind) for path, display, kind in files})
        self.pack.save()

    def _key(self, identity: str, raw: bytes) -> bytes:
        return hashlib.blake2b(self.pack.salt + identity.encode("utf-8") + b"\0" + raw, digest_size=32).digest()


def _identity(path: Path, display: str, kind: str) -> str:
    return f"{path}\0{display}\0{kind}"


def _salt() -> bytes:
    """What, besides a file, decides its parse: befund's code and schemas, Python, the libraries."""
    package = resources.files("befund")
    schemas = sorted((s for s in package.joinpath("schema").iterdir() if s.name.endswith(".json")),
                     key=lambda s: s.name)
    h = hashlib.blake2b(salt([package.joinpath(name) for name in _CODE] + schemas))
    h.update(sys.implementation.cache_tag.encode())
    for library in _LIBRARIES:  # an upgrade replaces the files: their size and time say so without importing
        spec = importlib.util.find_spec(library)
        if spec is not None and spec.origin:
            with contextlib.suppress(OSError):
                info = os.stat(spec.origin)
                h.update(f"{library}\0{spec.origin}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return h.digest()
