"""Keep the validated codebook between ``mkdocs serve`` rebuilds; reload only when files change."""

from __future__ import annotations

from pathlib import Path

from .validate import Result, load_codebook


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    if not root.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if p.is_file()))


class CodebookCache:
    """One cached Result, valid while no file under the codebook folder changed."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._result: Result | None = None

    def load(self, root: Path, base: Path) -> Result:
        key = (str(root), str(base), _fingerprint(root))
        if self._result is None or key != self._key:
            self._result = load_codebook(root, base)
            self._key = key
        return self._result
