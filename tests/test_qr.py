"""The QR code says the page's address: its SVG is read back module by module, rasterised and decoded
with zxing-cpp (a decoder independent of segno, which made it)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import segno
import zxingcpp

from befund.render.qr import MASK, QUIET_ZONE, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URLS = [
    "https://example.org/befund-lammers-2026/categories/grenzziehungen-von-aussen/",
    "https://example.org/befund-lammers-2026/en/categories/grenzminimierungen/#augenhoehe",
    "http://127.0.0.1:8000/",
    "https://example.org/" + "x" * 300,
    # every QR version a page address may need, each with the one fixed mask befund uses
    *[f"https://team.github.io/study/en/categories/{'c' * n}/handout/#d-{n}" for n in range(0, 260, 13)],
]


def modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """The SVG's size in modules and its dark modules, by following the path as a renderer would."""
    root = ET.fromstring(svg)
    _, _, width, height = (int(v) for v in root.get("viewBox", "").split())
    assert width == height
    dark: set[tuple[int, int]] = set()
    x = y = 0
    path = root.find(f"{SVG}path")
    assert path is not None and path.get("fill") == "#000"
    assert re.fullmatch(r"(?:[Mm]\d+ \d+h(\d+)v1h-\1z)+", path.get("d", ""))  # nothing but runs
    for command, a, b, run in re.findall(r"([Mm])(\d+) (\d+)h(\d+)v1h-\4z", path.get("d", "")):
        x, y = (int(a), int(b)) if command == "M" else (x + int(a), y + int(b))
        dark.update((x + i, y) for i in range(int(run)))
    return width, dark


def raster(size: int, dark: set[tuple[int, int]], scale: int = 6) -> memoryview:
    """A greyscale image of the modules, *scale* pixels each (0 = black, 255 = white)."""
    pixels = bytearray(b"\xff" * (size * scale) ** 2)
    for x, y in dark:
        for row in range(y * scale, (y + 1) * scale):
            start = row * size * scale + x * scale
            pixels[start:start + scale] = b"\x00" * scale
    return memoryview(bytes(pixels)).cast("B", (size * scale, size * scale))


@pytest.mark.parametrize("url", URLS)
def test_qr_decodes_to_the_url(url: str) -> None:
    size, dark = modules(qr_svg(url, "QR"))
    found = zxingcpp.read_barcodes(raster(size, dark))
    assert [(b.format, b.text) for b in found] == [(zxingcpp.BarcodeFormat.QRCode, url)]
    assert found[0].ec_level == "M"


@pytest.mark.parametrize("url", URLS[:2])
def test_modules_are_segnos_matrix_with_a_quiet_zone(url: str) -> None:
    size, dark = modules(qr_svg(url, "QR"))
    expected = {(x, y) for y, row in enumerate(segno.make_qr(url, error="m", boost_error=False, mask=MASK)
                                               .matrix_iter(border=QUIET_ZONE))
                for x, value in enumerate(row) if value}
    assert dark == expected
    assert all(QUIET_ZONE <= x < size - QUIET_ZONE and QUIET_ZONE <= y < size - QUIET_ZONE for x, y in dark)


def test_svg_is_a_named_black_on_white_image() -> None:
    svg = qr_svg("https://example.org/", 'Link <"&"> zur Seite', id_prefix="qr2")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "qr2-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == "qr2-title" and title.text == 'Link <"&"> zur Seite'
    ground = root.find(f"{SVG}rect")
    assert ground is not None and ground.get("fill") == "#fff"
    assert "currentColor" not in svg and "var(" not in svg  # no colour a palette or printer could drop
    assert "\n" not in svg
