"""The category system as an accessible SVG map, laid out at build time: no script, no CDN.

Main categories stand as columns along a horizontal spectrum axis in codebook order (the study's
order defines the spectrum: the first main category at the left end, the last at the right).
Dimensions hang below their category, indented on a connecting line; a main category's
subcategories stand side by side beneath it while the map stays at most ``MAX_COLUMNS`` wide,
otherwise they are stacked like dimensions. Every node is a link to its section.

SVG cannot wrap text, so labels are wrapped here with the advance widths of DejaVu Sans, the widest
of the system fonts the site falls back to (``theme.font: false``): Helvetica, Arial, Roboto or
San Francisco only leave more room. Below the width at which the map's text would shrink under
``MIN_TEXT_PX``, a screen hides the map and the text alternative (always shown) is the view.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Category, Codebook
from ..safety import md_escape

MAX_COLUMNS = 4
"""Widest map (in columns) for which subcategories are set side by side."""
MIN_TEXT_PX = 11
"""Smallest rendered size of the dimension labels on screen; below it the map gives way to the list."""
LABEL_KEYS = ("conceptmap.title", "conceptmap.desc", "conceptmap.desc_one", "conceptmap.axis")
"""UI labels the map reads; ``conceptmap.desc`` has ``{first}`` and ``{last}`` (the spectrum's ends)."""

# role → (font size, bold); every length is in SVG user units (CSS px at scale 1)
FONTS = {"main": (16, True), "category": (15, True), "dimension": (14, False)}
LINE = 1.3  # line height, in font sizes
PAD_X, PAD_Y = 10, 7
INDENT = 22  # a child's indentation; its parent's connecting line runs in the middle of it
GAP_Y = 10  # between stacked boxes
BAR_GAP = 14  # above and below the bar that joins subcategories set side by side
GAP_X = 16  # between side-by-side subcategories
MAIN_GAP = 32  # between main categories
MARGIN = 6  # room for focus outlines at the edges
AXIS_Y, AXIS_CAPTION, MAIN_TOP = 30, 13, 46
TEXT_MIN, TEXT_MAX = 160, 250  # the text width of a column: its longest word, within these bounds

# Advance widths of DejaVu Sans in hundredths of an em, rounded up to 0.05 em (measured in Chromium).
_WIDTHS = {
    False: {30: "'IJijl", 35: " ,./:;\\|‚‘’·", 40: "()-[]ft›‹", 45: "!r", 50: '"*_`–°§', 55: "?cszç„“”",
            60: "FLkvxy", 65: "0123456789$EPSTYabdeghnopqu{}äöüßÉéèêàâñ«»€", 70: "ABCKRVXZÄ", 75: "NUÜ",
            80: "&DGHOQÖ", 85: "#+<=>^w~", 90: "M", 95: "%", 100: "@Wm—…"},
    True: {35: " 'ijl", 40: ",./:;IJ\\|‚‘’·", 45: "-f›‹", 50: "!()[]_`rt–°§", 55: '"*', 60: "?cszç",
           65: "Lx«»", 70: "0123456789$EFTaekovyäöÉéèêàâ„“”€", 75: "CPSYZbdghnpqu{}üßñ", 80: "ABKRVXÄ",
           85: "#+<=>DGHNOQU^~ÖÜ", 90: "&", 95: "w", 100: "@M—…", 105: "%m", 115: "W"},
}
_ADVANCE = {bold: {ch: w for w, chars in table.items() for ch in chars} for bold, table in _WIDTHS.items()}
_UNKNOWN = {False: 100, True: 115}  # any other character (CJK is 1 em)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated rendered width of *text* at font *size* (never less than DejaVu Sans needs)."""
    table, unknown = _ADVANCE[bold], _UNKNOWN[bold]
    return sum(table.get(ch, unknown) for ch in text) * size / 100


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of *text* no wider than *width*: breaks at spaces and after hyphens, a word too long
    for a line is split with a hyphen."""
    lines: list[str] = []
    line = ""
    for space, word in re.findall(r"(\s*)(\S+?-(?=\S)|\S+)", text.strip()):
        candidate = line + (" " if space and line else "") + word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, size, bold) > width and len(line) > 1:
            cut = next(n for n in range(len(line) - 1, 0, -1)
                       if n == 1 or text_width(line[:n] + "-", size, bold) <= width)
            lines.append(line[:cut] + "-")
            line = line[cut:]
    return [*lines, line] if line or not lines else lines


@dataclass
class Node:
    """One box of the map: a category or dimension, where it stands and its wrapped label."""

    id: str
    role: str
    """``main`` (a main category), ``category`` (a subcategory) or ``dimension``."""
    label: str
    x: int
    y: int
    w: int
    h: int
    lines: list[str]
    children: list[str] = field(default_factory=list)
    """Ids of the nodes below it, in reading order (the order of links in the document)."""


def _role(cat: Category) -> str:
    return "dimension" if cat.kind == "dimension" else "main" if cat.parent is None else "category"


def _kids(codebook: Codebook, ident: str | None) -> list[Category]:
    """A node's children as the map and the list show them: dimensions first, then subcategories."""
    if ident is None:
        return codebook.children(None)
    return codebook.children(ident, "dimension") + codebook.children(ident, "category")


class Layout:
    """Boxes and connecting lines of the map of *codebook* in *lang*, laid out deterministically."""

    def __init__(self, codebook: Codebook, lang: str) -> None:
        self.codebook, self.lang = codebook, lang
        self.nodes: dict[str, Node] = {}
        self.lines: list[tuple[int, int, int, int]] = []
        """Connecting lines, each horizontal or vertical: (x1, y1, x2, y2)."""
        self.mains = codebook.children(None)
        units = [self._units(m, split=True) for m in self.mains]
        self.split = sum(units) <= MAX_COLUMNS
        words = [(w, *FONTS[_role(c)]) for c in codebook.categories.values() for w in self._label(c).split()]
        longest = max((text_width(w, size, bold) for w, size, bold in words), default=0)
        self.text = min(TEXT_MAX, max(TEXT_MIN, math.ceil(longest)))
        self.unit = self.text + 2 * PAD_X + INDENT
        x = MARGIN
        widths = [self._span(self._units(m, self.split)) for m in self.mains]
        row = max((self._height(m, w) for m, w in zip(self.mains, widths, strict=True)), default=0)
        bottom = MAIN_TOP
        for main, width in zip(self.mains, widths, strict=True):
            bottom = max(bottom, self._place(main, x, MAIN_TOP, width, row))
            x += width + MAIN_GAP
        self.width = max(x - MAIN_GAP + MARGIN, 2 * MARGIN)
        self.height = bottom + MARGIN
        self.axis = len(self.mains) > 1

    def _label(self, cat: Category) -> str:
        return cat.label.get(self.lang) or cat.id

    def _beside(self, cat: Category, split: bool) -> list[Category]:
        subs = self.codebook.children(cat.id, "category")
        return subs if split and cat.parent is None and len(subs) > 1 else []

    def _units(self, cat: Category, split: bool) -> int:
        return max(1, len(self._beside(cat, split)))

    def _span(self, units: int) -> int:
        return units * self.unit + (units - 1) * GAP_X

    def _height(self, cat: Category, width: int) -> int:
        size, bold = FONTS[_role(cat)]
        lines = wrap(self._label(cat), width - 2 * PAD_X, size, bold)
        return math.ceil(len(lines) * size * LINE) + 2 * PAD_Y

    def _place(self, cat: Category, x: int, y: int, w: int, min_h: int = 0) -> int:
        """Put *cat* at (x, y), *w* wide, and everything below it; returns the bottom of it all."""
        size, bold = FONTS[_role(cat)]
        node = Node(cat.id, _role(cat), self._label(cat), x, y, w, max(min_h, self._height(cat, w)),
                    wrap(self._label(cat), w - 2 * PAD_X, size, bold))
        self.nodes[cat.id] = node
        beside = self._beside(cat, self.split)
        stacked = [k for k in _kids(self.codebook, cat.id) if k not in beside]
        node.children = [k.id for k in stacked + beside]
        bottom = top = y + node.h
        spine = x + INDENT // 2
        for kid in stacked:
            bottom = self._place(kid, x + INDENT, bottom + GAP_Y, w - INDENT)
            mid = self.nodes[kid.id].y + self.nodes[kid.id].h // 2
            self.lines += [(spine, top, spine, mid), (spine, mid, x + INDENT, mid)]
            top = mid
        if beside:
            bar = bottom + BAR_GAP
            widths = [self._span(self._units(k, False)) for k in beside]
            row = max(self._height(k, kw) for k, kw in zip(beside, widths, strict=True))
            centres, kx, bottoms = [], x, []
            for kid, kw in zip(beside, widths, strict=True):
                centres.append(kx + kw // 2)
                bottoms.append(self._place(kid, kx, bar + BAR_GAP, kw, row))
                kx += kw + GAP_X
            start = spine if stacked else x + w // 2
            self.lines += [(start, top, start, bar), (min(start, *centres), bar, max(start, *centres), bar)]
            self.lines += [(c, bar, c, bar + BAR_GAP) for c in centres]
            bottom = max(bottoms)
        return bottom


def concept_map(codebook: Codebook, lang: str, href: Callable[[str], str], labels: dict[str, str], *,
                id_prefix: str = "befund-map") -> str:
    """The category system of *codebook* as inline SVG markup, each node a link to ``href(id)``.

    One element per line, none blank or indented, so Markdown passes it through as a raw HTML block.
    *labels* holds ``LABEL_KEYS``; *id_prefix* keeps the ids of its title and description unique.
    """
    layout = Layout(codebook, lang)
    esc = _attr
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="befund-map" viewBox="0 0 {layout.width} '
            f'{layout.height}" width="100%" role="group" aria-labelledby="{esc(id_prefix)}-title" '
            f'aria-describedby="{esc(id_prefix)}-desc">')
    out = [head,
           f'<title id="{esc(id_prefix)}-title">{esc(labels["conceptmap.title"])}</title>',
           f'<desc id="{esc(id_prefix)}-desc">{esc(_description(layout, labels))}</desc>',
           f"<style>{_style(layout)}</style>",
           '<g class="befund-map__lines" aria-hidden="true" fill="none" stroke="#000" stroke-width="1.5">']
    out += _axis(layout, labels)
    out += [f'<path d="M{x1} {y1}{"H" + str(x2) if y1 == y2 else "V" + str(y2)}"/>'
            for x1, y1, x2, y2 in layout.lines]
    out.append("</g>")
    out += _items(layout, [m.id for m in layout.mains], href)
    out.append("</svg>")
    return "\n".join(out)


def concept_map_text(codebook: Codebook, lang: str, href: Callable[[str], str]) -> str:
    """The map's text alternative: the same nodes, order and links as a nested Markdown list."""
    def items(parent: str | None, depth: int) -> list[str]:
        found = []
        for cat in _kids(codebook, parent):
            target = re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group(0)):02X}", href(cat.id))
            found.append(f"{'    ' * depth}- [{md_escape(cat.label.get(lang) or cat.id)}]({target})")
            found += items(cat.id, depth + 1)
        return found
    return "\n".join(items(None, 0)) + "\n"


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _description(layout: Layout, labels: dict[str, str]) -> str:
    if len(layout.mains) < 2:
        return labels["conceptmap.desc_one"]
    first, last = (layout.nodes[m.id].label for m in (layout.mains[0], layout.mains[-1]))
    return labels["conceptmap.desc"].format(first=first, last=last)


def _axis(layout: Layout, labels: dict[str, str]) -> list[str]:
    """The spectrum: a double arrow above the main categories, with a caption and a tick to each."""
    if not layout.axis:
        return []
    left, right, y = MARGIN + 1, layout.width - MARGIN - 1, AXIS_Y
    ticks = [layout.nodes[m.id] for m in layout.mains]
    return [f'<path d="M{left + 8} {y}H{right - 8}"/>',
            *(f'<path d="M{n.x + n.w // 2} {y}V{n.y}"/>' for n in ticks),
            f'<path class="befund-map__arrow" d="M{left} {y}l9 -5v10zM{right} {y}l-9 -5v10z" fill="#000"/>',
            f'<text class="befund-map__axis" x="{_num(layout.width / 2)}" y="{AXIS_CAPTION}" font-size="13" '
            f'text-anchor="middle" stroke="none" fill="#000">{_attr(labels["conceptmap.axis"])}</text>']


def _items(layout: Layout, ids: list[str], href: Callable[[str], str]) -> list[str]:
    """Nodes as nested ARIA lists, so a screen reader hears the hierarchy the boxes show."""
    out = ['<g role="list">']
    for ident in ids:
        node = layout.nodes[ident]
        out += ['<g role="listitem">', *_node(node, href(ident))]
        if node.children:
            out += _items(layout, node.children, href)
        out.append("</g>")
    out.append("</g>")
    return out


def _node(node: Node, target: str) -> list[str]:
    """A node's link: its box and its label, line by line (the fills are fallbacks for the style)."""
    size, bold = FONTS[node.role]
    lead = size * LINE
    main = node.role == "main"
    # the space a line ends at stays in the text, so the text reads as the label does (label in name)
    spaced = [line if line.endswith("-") or i == len(node.lines) - 1 else line + " "
              for i, line in enumerate(node.lines)]
    tspans = "".join(f'<tspan x="{node.x + PAD_X}" y="{_num(node.y + PAD_Y + (i + 0.5) * lead + 0.35 * size)}">'
                     f"{_attr(line)}</tspan>" for i, line in enumerate(spaced))
    weight = ' font-weight="bold"' if bold else ""
    return [f'<a href="{_attr(target)}" class="befund-map__node befund-map__node--{node.role}" '
            f'aria-label="{_attr(node.label)}">',
            f'<rect x="{node.x}" y="{node.y}" width="{node.w}" height="{node.h}" '
            f'rx="{12 if node.role == "dimension" else 4}" fill="{"#000" if main else "#fff"}" stroke="#000"/>',
            f'<text font-size="{size}"{weight} fill="{"#fff" if main else "#000"}">{tspans}</text>',
            "</a>"]


def _style(layout: Layout) -> str:
    """The map's own CSS (inline SVG styles apply to the whole page, so every rule is scoped)."""
    hide_below = math.ceil(layout.width * MIN_TEXT_PX / FONTS["dimension"][0]) + 40
    fg, bg = "var(--md-default-fg-color,currentColor)", "var(--md-default-bg-color,Canvas)"
    primary, on_primary = "var(--md-primary-fg-color,currentColor)", "var(--md-primary-bg-color,Canvas)"
    accent = "var(--md-accent-fg-color,Highlight)"
    m = ".befund-map"
    return "".join([
        f"{m}{{display:block;width:100%;height:auto;max-width:{math.ceil(layout.width * 1.25)}px;margin:1em 0}}",
        f"{m} text{{fill:{fg}}}{m} rect{{fill:{bg};stroke:{fg};stroke-width:1}}",
        f"{m} .befund-map__node--main rect{{fill:{primary};stroke:{primary}}}",
        f"{m} .befund-map__node--main text{{fill:{on_primary}}}",
        f"{m} .befund-map__node--category rect{{stroke:{primary};stroke-width:2.5}}",
        f"{m} .befund-map__lines{{stroke:{fg}}}{m} .befund-map__arrow{{fill:{fg}}}",
        f"{m} a:hover text{{text-decoration:underline}}",
        f"{m} a:hover rect,{m} a:focus-visible rect{{stroke:{accent};stroke-width:3}}",
        f"{m} a:focus-visible{{outline:3px solid {accent};outline-offset:2px}}",
        f"@media screen and (max-width:{hide_below}px){{{m}{{display:none}}}}",
        f"@media print{{{m} text,{m} .befund-map__node--main text{{fill:#000}}"
        f"{m} rect,{m} .befund-map__node--main rect,{m} .befund-map__node--category rect{{fill:#fff;stroke:#000}}"
        f"{m} .befund-map__node--main rect{{stroke-width:2.5}}{m} .befund-map__lines{{stroke:#000}}"
        f"{m} .befund-map__arrow{{fill:#000}}}}",
        f"@media (forced-colors:active){{{m} text,{m} .befund-map__node--main text{{fill:LinkText}}"
        f"{m} rect,{m} .befund-map__node--main rect{{fill:Canvas;stroke:CanvasText}}"
        f"{m} .befund-map__lines{{stroke:CanvasText}}{m} .befund-map__arrow{{fill:CanvasText}}}}",
    ])
