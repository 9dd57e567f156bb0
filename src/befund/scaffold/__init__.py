"""``befund init``: a small, valid site to start from (the only command that writes a codebook)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..schema import schema_files


def create_site(folder: Path) -> list[Path]:
    """Copy the scaffold into *folder* (created if needed); never overwrites anything."""
    clashes = [name for name in ("mkdocs.yml", "codebook", "content") if (folder / name).exists()]
    if clashes:
        raise FileExistsError(f"{folder} already has {', '.join(clashes)}; befund init only starts new sites")
    written: list[Path] = []
    source = resources.files("befund").joinpath("scaffold")
    for rel in _files(source, ""):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.joinpath(rel).read_bytes())
        written.append(target)
    schema_dir = resources.files("befund").joinpath("schema")
    for name in schema_files():  # so the yaml-language-server hints in the codebook resolve
        target = folder / "schema" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(schema_dir.joinpath(name).read_bytes())
        written.append(target)
    (folder / "overrides").mkdir(exist_ok=True)
    return written


def _files(node, prefix: str) -> list[str]:  # type: ignore[no-untyped-def]
    found: list[str] = []
    for child in node.iterdir():
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                found += _files(child, rel + "/")
        elif not child.name.endswith((".py", ".pyc")):
            found.append(rel)
    return sorted(found)
