"""befund's folders in the user's cache, and when one is safe to use.

``$XDG_CACHE_HOME/befund/<part>``, else ``~/.cache/befund/<part>``, or ``$BEFUND_CACHE_DIR/<part>``;
``BEFUND_CACHE_DIR=off`` turns every cache off. What is cached (compiled templates, parsed codebook
files) is loaded as code or pickles, so a folder is used only when this user owns it and no one
else may write to it; a folder that cannot be made only costs the speed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

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
