"""befund's folders in the user's cache, when one is safe to use, and the packs of entries kept there.

``$XDG_CACHE_HOME/befund/<part>``, else ``~/.cache/befund/<part>``, or ``$BEFUND_CACHE_DIR/<part>``;
``BEFUND_CACHE_DIR=off`` turns every cache off. What is cached (compiled templates, parsed codebook
files, lint findings, formatted citations, QR codes) is loaded as code or pickles, so a folder is
used only when this user owns it and no one else may write to it; a folder that cannot be made only
costs the speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import __version__

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11's; befund runs on 3.10 too
    from importlib.resources.abc import Traversable

Made = TypeVar("Made")

KEEP_DAYS = 30
"""A pack no run has used for this long is removed."""
_SUFFIX = ".pickle"
_SHARD = "-"
"""A shard's file: the pack's name, ``-`` and its two-digit number (``<32 hex digits>-07.pickle``)."""
_WRITING = ".writing-"

CACHE_VARIABLE = "BEFUND_CACHE_DIR"
OFF = frozenset({"", "0", "off", "no", "false"})


def cache_folder(part: str, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where the cache *part* goes (None: not cached)."""
    if CACHE_VARIABLE in environ:
        chosen = environ[CACHE_VARIABLE].strip()
        return None if chosen.lower() in OFF else Path(chosen).expanduser().absolute() / part
    base = environ.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / "befund" / part
    home = environ.get("HOME", "").strip()
    return Path(home) / ".cache" / "befund" / part if home else None


def private_folder(folder: Path) -> bool:
    """Make *folder* (mode 0700) if need be; whether it is a folder of this user's that others cannot write."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and private(info)


def private(info: os.stat_result) -> bool:
    """Whether what *info* describes is this user's and closed to others' writing."""
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class Pack:
    """Entries kept between runs in the pickle files of a private cache folder: one per codebook folder
    (creating a file per entry cost more than all the pickling), or that one split in *shards* by key,
    so that a run that changed one entry rewrites a sixteenth of a large pack (a 41 MB parse cache at
    10 000 quotes took 0.2 s to write whole). Entries are kept under a *salt* that says what made them
    (befund's code, Python, libraries): another salt and every entry is stale. A file is rewritten
    whole (a temporary file, then renamed) only when an entry of its shard changed (:attr:`changed`
    says something may have); damaged, cut short or not private, it is ignored and written anew; a
    failed write is no error. Keys are strings or bytes."""

    def __init__(self, files: list[Path], salt: bytes, shards: list[dict[Any, Any]]) -> None:
        self.files = files
        self.salt = salt
        self.entries: dict[Any, Any] = {key: entry for shard in shards for key, entry in shard.items()}
        self.changed = False
        self._stored = shards
        """Each file's entries as read or last written: a shard is written when its entries differ."""

    @classmethod
    def open(cls, part: str, owner: Path, salt: bytes, environ: Mapping[str, str] = os.environ,
             shards: int = 1) -> Pack | None:
        """The pack of *owner* (a folder) in the cache *part*, or None where no private folder can be used."""
        top = cache_folder(part, environ)
        if top is None or not private_folder(top):
            return None
        _remove_unused(top, time.time() - KEEP_DAYS * 86400)
        stem = hashlib.blake2b(str(owner.absolute()).encode("utf-8"), digest_size=16).hexdigest()
        files = [top / (stem + _SUFFIX)] if shards == 1 else \
            [top / f"{stem}{_SHARD}{index:02d}{_SUFFIX}" for index in range(shards)]
        return cls(files, salt, [_read_pack(file, salt) for file in files])

    def keep(self, wanted: Collection[Any]) -> None:
        """Forget every entry but those of *wanted* (what the codebook has now)."""
        if any(key not in wanted for key in self.entries):
            self.entries = {key: entry for key, entry in self.entries.items() if key in wanted}
            self.changed = True

    def save(self) -> None:
        """Write each shard whose entries changed: whole or not at all (another run may be reading)."""
        if not self.changed:
            return
        self.changed = False
        shards: list[dict[Any, Any]] = [{} for _ in self.files]
        for key, entry in self.entries.items():
            shards[_shard_of(key, len(shards))][key] = entry
        for index, (file, entries, stored) in enumerate(zip(self.files, shards, self._stored, strict=True)):
            if entries.keys() != stored.keys() or any(entry is not stored[key] for key, entry in entries.items()):
                _write_pack(file, self.salt, entries)
                self._stored[index] = entries


def _shard_of(key: str | bytes, shards: int) -> int:
    if shards == 1:
        return 0
    return zlib.crc32(key.encode("utf-8") if isinstance(key, str) else key) % shards


def _read_pack(file: Path, salt: bytes) -> dict[Any, Any]:
    try:
        stored_salt, entries = pickle.loads(_private_bytes(file))
        if stored_salt != salt or not isinstance(entries, dict):  # another befund or library: all stale
            entries = {}
    except Exception:  # none yet, someone else's, or damaged or cut short: start afresh
        entries = {}
    with contextlib.suppress(OSError):
        os.utime(file)  # used now: kept another 30 days
    return entries


def _write_pack(file: Path, salt: bytes, entries: dict[Any, Any]) -> None:
    data = pickle.dumps((salt, entries), pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=_WRITING)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, file)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def salt(files: Iterable[Traversable] = (), distributions: Iterable[str] = ()) -> bytes:
    """What besides their keys decides kept results: befund's version, Python, the installed versions of
    *distributions*, and the names and bytes of *files* (befund's own code and data that make them)."""
    h = hashlib.blake2b(f"{__version__}\0{sys.version}".encode())
    for name in distributions:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}\0{version}\0".encode())
    for file in files:
        h.update(file.name.encode() + b"\0" + file.read_bytes())
    return h.digest()


@dataclass
class Kept:
    """Results kept between runs (checks, builds), each under a key that digests everything that decides
    it: in memory (``mkdocs serve`` keeps the object across rebuilds) and, where a private cache folder
    can be used, in the :class:`Pack` of *part* for *owner*. A run asks for what it needs
    (:meth:`get`, :meth:`get_all`); :meth:`save` keeps exactly that for the next."""

    entries: dict[bytes, Any] = field(default_factory=dict)
    used: set[bytes] = field(default_factory=set)
    """What this run asked for."""
    changed: bool = False
    """Whether anything was made anew."""
    pack: Pack | None = None
    part: str = ""
    owner: Path | None = None
    folder: Path | None = None
    """The cache folder it was opened from (None: none)."""

    @classmethod
    def open(cls, part: str, owner: Path, salt: Callable[[], bytes], previous: Kept | None = None,
             environ: Mapping[str, str] = os.environ) -> Kept:
        """What is kept in the cache *part* for *owner* (in memory only where no private folder can be
        used), or *previous* where it is that one already (``mkdocs serve`` rebuilds; MkDocs also reuses
        a plugin across the languages built in one process). *salt*: what, besides a key, decides the
        results (befund's code, the libraries): another salt and every entry is stale."""
        owner = owner.absolute()
        folder = cache_folder(part, environ)
        if previous is not None and (previous.part, previous.owner, previous.folder) == (part, owner, folder):
            return previous
        pack = Pack.open(part, owner, salt(), environ)
        return cls(pack.entries if pack is not None else {}, pack=pack, part=part, owner=owner, folder=folder)

    def get(self, key: bytes, make: Callable[[], Made]) -> Made:
        """The result kept under *key*, or *make*'s, kept from now on."""
        self.used.add(key)
        found = self.entries.get(key)
        if found is None:
            found = self.entries[key] = make()
            self.changed = True
        return found  # type: ignore[no-any-return]

    def get_all(self, keys: list[bytes], make: Callable[[list[int]], list[Made]]) -> list[Made]:
        """The results kept under *keys*; *make* makes those of the positions not kept, all at once."""
        self.used.update(keys)
        found: list[Any] = [self.entries.get(key) for key in keys]
        missing = [index for index, result in enumerate(found) if result is None]
        if missing:
            for index, made in zip(missing, make(missing), strict=True):
                found[index] = self.entries[keys[index]] = made
            self.changed = True
        return found

    def save(self) -> None:
        """Keep what this run used (written to the cache if anything changed); count the next run anew."""
        if self.pack is not None:
            self.pack.entries = self.entries
            self.pack.changed |= self.changed
            self.pack.keep(self.used)
            self.pack.save()
            self.entries = self.pack.entries
        else:
            self.entries = {key: entry for key, entry in self.entries.items() if key in self.used}
        self.used, self.changed = set(), False


def _private_bytes(file: Path) -> bytes:
    """The bytes of *file* if this user owns it and no one else may write it (it is unpickled)."""
    with file.open("rb") as stored:
        if not private(os.fstat(stored.fileno())):
            raise PermissionError(f"{file} may be written by others")
        return stored.read()


def _remove_unused(top: Path, before: float) -> None:
    """Remove the packs no run has used since *before*, and what an interrupted write left (only files
    named as packs are named)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(top):
            stem = entry.name[:-len(_SUFFIX)]
            if len(stem) == 35 and stem[32] == _SHARD and stem[33:].isdigit():
                stem = stem[:32]
            ours = entry.name.startswith(_WRITING) or (
                entry.name.endswith(_SUFFIX) and len(stem) == 32 and all(c in "0123456789abcdef" for c in stem))
            if ours and entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < before:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
