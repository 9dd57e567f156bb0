"""Template failures that name the template file and line, and whose fault they are."""

from __future__ import annotations

import traceback
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PACKAGE = TEMPLATES.parent


class TemplateFailure(Exception):
    """A page template failed; the message names the template file and line where that is known.

    *befund_bug*: the failure lies in befund's own templates or code, not in a site's override.
    """

    def __init__(self, message: str, befund_bug: bool) -> None:
        super().__init__(message + (" (this is a bug in befund, not in your site; please report it)"
                                    if befund_bug else ""))
        self.befund_bug = befund_bug


def failure(exc: Exception, template: str) -> TemplateFailure:
    """Name the template line that failed, and whose fault it is: the site's override or befund's."""
    frames = list(traceback.walk_tb(exc.__traceback__))
    in_template = [(f, line) for f, line in frames if f.f_code.co_filename.endswith(".j2")]
    raised_in = Path(frames[-1][0].f_code.co_filename).resolve() if frames else PACKAGE
    what = f"{type(exc).__name__}: {exc}"
    if not in_template:
        return TemplateFailure(f"rendering {template} failed: {what}", True)
    frame, line = in_template[-1]
    filename = Path(frame.f_code.co_filename).resolve()
    befund_code = raised_in.is_relative_to(PACKAGE) and not raised_in.is_relative_to(TEMPLATES)
    own_template = filename.is_relative_to(TEMPLATES)
    where = f"{filename}:{line}"
    if befund_code:
        return TemplateFailure(f"{where}: befund failed inside a helper the template called "
                               f"({raised_in.name}:{frames[-1][1]}): {what}", True)
    return TemplateFailure(f"{where}: {what}", own_template)
