"""A page's permanent address as a QR code: inline SVG made at build time with segno (no service).

Black modules on a white ground with the full quiet zone, whatever the page's palette: a printer
prints SVG fills (unlike CSS backgrounds), and a phone camera needs dark on light. Error correction
is exactly M (15 % of the code may be damaged or covered), not boosted, so every page's code has the
same density for the same length of address.

The data mask is fixed (pattern 1: alternate rows) rather than chosen per code by scoring all
eight: scoring is 80 % of segno's time, and with a code on every page it was the largest single
cost befund added to a build (15 % of its CPU at 10 000 quotes). Any mask is valid and every
decoder reads it; tests/test_qr.py decodes the codes with zxing-cpp.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from importlib import resources

from ..usercache import salt

MASK = 1
"""QR data mask pattern 1 ((row) mod 2 = 0): see above why it is not chosen per code."""
QUIET_ZONE = 4
"""Modules of white around the symbol, as ISO/IEC 18004 requires."""
DARK_BYTES = bytes(1 if value else 0 for value in range(256))
"""Maps segno's module values to 1 (dark) and 0 (light)."""
DARK_RUN = re.compile(rb"\x01+")
SIZE = "30mm"
"""Default rendered size; CSS may set another (the viewBox keeps it sharp at any size)."""


def qr_svg(url: str, title: str, *, id_prefix: str = "befund-qr") -> str:
    """*url* as a QR code in one line of SVG, named by *title* (``role="img"``)."""
    import segno  # only where a code is made: a build takes most from befund's cache (render/blocks.py)

    code = segno.make_qr(url, error="m", boost_error=False, mask=MASK)
    width, height = code.symbol_size(border=QUIET_ZONE)
    title_id = html.escape(f"{id_prefix}-title", quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="befund-qr" viewBox="0 0 {width} {height}" '
            f'width="{SIZE}" height="{SIZE}" role="img" aria-labelledby="{title_id}" shape-rendering="crispEdges">'
            f'<title id="{title_id}">{html.escape(title, quote=True)}</title>'
            f'<rect width="{width}" height="{height}" fill="#fff"/>'
            f'<path fill="#000" d="{_path(code.matrix)}"/></svg>')


def _path(rows: Iterable[bytes | bytearray]) -> str:
    """Each run of dark modules as a 1-module-high rectangle; relative moves keep the path short.
    *rows*: the symbol without its quiet zone, one byte a module (segno's matrix; dark is not 0)."""
    parts = []
    for y, row in enumerate(rows, start=QUIET_ZONE):
        start = None
        for run in DARK_RUN.finditer(bytes(row).translate(DARK_BYTES)):
            x, length = run.start() + QUIET_ZONE, run.end() - run.start()
            parts.append(f"M{x} {y}" if start is None else f"m{x - start} 0")
            parts.append(f"h{length}v1h-{length}z")
            start = x
    return "".join(parts)


def code_digest() -> bytes:
    """What besides the address and title decides a code's SVG (the salt of the kept codes): befund's
    version and this module, Python, segno."""
    return salt([resources.files("befund") / "render" / "qr.py"], ("segno",))
