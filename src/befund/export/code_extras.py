"""GUIDs and colours that category files keep for QDA programs (``guid:``, ``color:``).

The model does not carry them (they matter to no page), so the REFI-QDA exporter reads them here,
from the same files the model came from: a codebook imported from a QDA program then exports its
codes with the program's GUIDs and colours, and the program recognises them on re-import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class CodeExtras:
    guid: str | None = None
    color: str | None = None


def read_code_extras(codebook_dir: Path) -> dict[str, CodeExtras]:
    """Category or dimension id → its kept GUID and colour, for every node that has either.

    The files have passed the schema when the codebook loaded, so unreadable ones are skipped here.
    """
    found: dict[str, CodeExtras] = {}
    for path in sorted((codebook_dir / "categories").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        for node in [data, *(data.get("dimensions") or [])]:
            _add(found, node)
    return found


def _add(found: dict[str, CodeExtras], node: Any) -> None:
    if not isinstance(node, dict) or not isinstance(node.get("id"), str):
        return
    guid, color = node.get("guid"), node.get("color")
    if isinstance(guid, str) or isinstance(color, str):
        found[node["id"]] = CodeExtras(guid if isinstance(guid, str) else None,
                                       color if isinstance(color, str) else None)
