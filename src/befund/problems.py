"""Problems found in user data: values with a location, formatted in one place."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we know."""

    path: str
    """File path as the user would type it (relative to the site directory where possible)."""
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    column: int
    """1-based column; 0 when unknown."""
    rule: str
    """Short stable rule name, e.g. ``unknown-category``."""
    message: str
    hint: str = ""
    severity: Severity = "error"
    field: str = ""
    """Dotted path of the offending value inside the file, e.g. ``quotes[3].codings[0]``."""

    def format(self) -> str:
        """Compiler-style line: ``file:line:col: error[rule]: message (hint)``."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        what = self.message
        if self.field and self.field not in self.message:
            what = f"{self.field}: {what}"
        text = f"{where}: {self.severity}[{self.rule}]: {what}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def field_name(data_path: Iterable[object]) -> str:
    """``("quotes", 3, "codings", 0)`` → ``quotes[3].codings[0]``."""
    parts: list[str] = []
    for part in data_path:
        parts.append(f"[{part}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "".join(parts)


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.rule)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def summary(problems: list[Problem]) -> str:
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    if not problems:
        return "befund: no problems found"
    return f"befund: {n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}"


def format_text(problems: list[Problem]) -> str:
    lines = [p.format() for p in sorted(problems, key=sort_key)]
    lines.append(summary(problems))
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=sort_key)
    return json.dumps(
        {
            "errors": len(errors(ordered)),
            "warnings": len(ordered) - len(errors(ordered)),
            "problems": [asdict(p) for p in ordered],
        },
        ensure_ascii=False,
        indent=2,
    )


def display_path(path: Path, base: Path) -> str:
    """Path relative to *base* when inside it, so messages stay short and clickable."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
