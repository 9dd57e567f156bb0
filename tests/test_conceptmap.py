"""The concept map: one link per node with the right target, escaped labels, boxes that never overlap
(for any category tree), Markdown that passes it through untouched, and golden files of the study.

Regenerate the golden files with ``BEFUND_REGENERATE_GOLDEN=1``.
"""

from __future__ import annotations

import itertools
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from befund.model import Category, Codebook, Origin, Study
from befund.render.conceptmap import INDENT, LABEL_KEYS, PAD_X, concept_map, concept_map_text, text_width, wrap
from befund.validate import load_codebook

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
LABELS = {
    "de": {
        "conceptmap.title": "Das Kategoriensystem als Karte",
        "conceptmap.desc": "Die Hauptkategorien stehen als Spektrum nebeneinander, von „{first}“ bis „{last}“; "
                           "unter jeder stehen ihre Unterkategorien und Dimensionen. Jedes Feld führt zu seinem "
                           "Abschnitt. Dieselbe Gliederung steht als Liste unter der Karte.",
        "conceptmap.desc_one": "Die Hauptkategorie mit ihren Unterkategorien und Dimensionen. Jedes Feld führt zu "
                               "seinem Abschnitt. Dieselbe Gliederung steht als Liste unter der Karte.",
        "conceptmap.axis": "Spektrum der Hauptkategorien",
    },
    "en": {
        "conceptmap.title": "The category system as a map",
        "conceptmap.desc": "The main categories stand side by side as a spectrum, from “{first}” to “{last}”; "
                           "below each are its subcategories and dimensions. Every box leads to its section. "
                           "The same structure follows as a list below the map.",
        "conceptmap.desc_one": "The main category with its subcategories and dimensions. Every box leads to its "
                               "section. The same structure follows as a list below the map.",
        "conceptmap.axis": "Spectrum of the main categories",
    },
}


@pytest.fixture(scope="module")
def study_codebook(repo: Path) -> Codebook:
    codebook = load_codebook(repo / "codebook", repo).codebook
    assert codebook is not None
    return codebook


def href_for(codebook: Codebook):
    """Links as the category overview would write them: the category's page, a dimension's anchor."""
    def href(ident: str) -> str:
        page = codebook.page_category(ident).id
        return f"{page}/" if page == ident else f"{page}/#{ident}"
    return href


def make_codebook(tree: dict, labels: dict[str, str] | None = None) -> Codebook:
    """A codebook of categories only. *tree*: ``{id: (kind, {child id: …})}`` in order."""
    origin = Origin("categories.yaml", 1, 1)
    categories: dict[str, Category] = {}

    def add(nodes: dict, parent: str | None) -> None:
        for order, (ident, (kind, children)) in enumerate(nodes.items(), 1):
            label = (labels or {}).get(ident, ident.replace("-", " ").title())
            categories[ident] = Category(ident, kind, parent, order, {"de": label, "en": label}, {}, origin)
            add(children, ident)

    add(tree, None)
    text = {"de": "x", "en": "x"}
    study = Study("s", text, [], 2026, "CC-BY-4.0", text, text, ["de", "en"], "de", text, text, [])
    return Codebook(study, categories, {}, {}, {}, {}, {}, {})


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


def boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    return [tuple(float(r.get(k)) for k in ("x", "y", "width", "height")) for r in root.iter(f"{SVG}rect")]


# -- links and accessible names ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_node_has_exactly_one_link_to_its_section(study_codebook: Codebook, lang: str) -> None:
    href = href_for(study_codebook)
    root = parse(concept_map(study_codebook, lang, href, LABELS[lang]))
    found = [(a.get("href"), a.get("aria-label")) for a in links(root)]
    shown = ["".join(a.find(f"{SVG}text").itertext()) for a in links(root)]
    assert shown == [label for _, label in found]  # the visible text reads as the name (WCAG 2.5.3)
    expected = [(href(c.id), c.label[lang]) for c in study_codebook.categories.values()]
    assert sorted(found) == sorted(expected)
    assert len({h for h, _ in found}) == len(study_codebook.categories)


def test_svg_is_labelled_by_its_title_and_described_by_its_desc(study_codebook: Codebook) -> None:
    root = parse(concept_map(study_codebook, "de", href_for(study_codebook), LABELS["de"], id_prefix="m1"))
    assert root.get("role") == "group"
    assert root.get("viewBox", "").startswith("0 0 ") and root.get("width") == "100%"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == title.get("id") == "m1-title"
    assert root.get("aria-describedby") == desc.get("id") == "m1-desc"
    assert "von „Grenzminimierungen“ bis „Grenzziehungen“" in (desc.text or "")


def test_nodes_are_nested_lists_in_reading_order(study_codebook: Codebook) -> None:
    """The document order of the links (tab order, screen readers) is the order of the text list."""
    href = href_for(study_codebook)
    root = parse(concept_map(study_codebook, "en", href, LABELS["en"]))
    in_map = [a.get("href") for a in links(root)]
    in_list = re.findall(r"\]\(([^)]+)\)", concept_map_text(study_codebook, "en", href))
    assert in_map == in_list
    top = root.find(f"{SVG}g[@role='list']")
    assert top is not None and all(item.get("role") == "listitem" for item in top)
    assert [item.find(f"{SVG}a").get("aria-label") for item in top] == ["Minimising boundaries", "Drawing boundaries"]


def test_text_alternative_is_a_nested_list_of_the_same_links(study_codebook: Codebook) -> None:
    href = href_for(study_codebook)
    text = concept_map_text(study_codebook, "de", href)
    assert text.startswith("- [Grenzminimierungen](grenzminimierungen/)\n")
    assert "\n        - [Organisationsmitgliedschaft](grenzziehungen-von-aussen/#organisationsmitgliedschaft)\n" in text
    page = markdown.markdown(text)
    assert "Akteur*innengruppe</a>" in page  # the gender star stays a star, not emphasis
    assert page.count("<a href=") == len(study_codebook.categories)


# -- escaping ---------------------------------------------------------------------------------------
NASTY = {"a": 'Fish & "chips" <script> alert(1) </script>', "b": "it's <b> bold </b> *star* [x](y)"}


def test_labels_and_hrefs_are_escaped() -> None:
    codebook = make_codebook({"a": ("category", {"b": ("dimension", {})})}, NASTY)
    labels = {k: "<i>&</i>{first}" for k in LABEL_KEYS}
    svg = concept_map(codebook, "en", lambda i: f'x.html?q="{i}"&r=<1>', labels)
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    root = parse(svg)  # well-formed XML: nothing unescaped
    assert [a.get("aria-label") for a in links(root)] == [NASTY["a"], NASTY["b"]]
    assert [a.get("href") for a in links(root)] == ['x.html?q="a"&r=<1>', 'x.html?q="b"&r=<1>']
    for link, label in zip(links(root), NASTY.values(), strict=True):
        shown = " ".join(span.text or "" for span in link.iter(f"{SVG}tspan"))
        assert shown.split() == label.split()


def test_text_alternative_escapes_markdown_and_html() -> None:
    codebook = make_codebook({"a": ("category", {"b": ("dimension", {})})}, NASTY)
    page = markdown.markdown(concept_map_text(codebook, "en", lambda i: f"page (1)/#{i}"))
    assert "<script>" not in page and "<b>" not in page and "<em>" not in page
    assert 'href="page%20%281%29/#a"' in page
    assert "Fish &amp; &#34;chips&#34; &lt;script&gt; alert(1) &lt;/script&gt;</a>" in page


# -- layout: any category tree ----------------------------------------------------------------------
def deep_tree(m3_subcategories: int = 2) -> dict:
    dims = lambda prefix, n: {f"{prefix}-d{i}": ("dimension", {}) for i in range(n)}  # noqa: E731
    return {
        "erste-hauptkategorie-mit-einem-sehr-langen-namen": ("category", dims("m1", 3)),
        "m2": ("category", {**dims("m2", 2),
                            "m2-s1": ("category", {**dims("m2s1", 2),
                                                   "m2-s1-t": ("category", {**dims("m2s1t", 3),
                                                                            "m2-s1-t-u": ("category", dims("u", 2))})}),
                            "m2-s2": ("category", dims("m2s2", 5))}),
        "m3": ("category", {f"m3-s{i}": ("category", dims(f"m3s{i}", i)) for i in range(m3_subcategories)}),
    }


LONG = {"m1-d0": "Verständnis als gemeinsame Akteur*innengruppe",
        "m2-s1-t-u": "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen",
        "u-d1": "Organisationsmitgliedschaft und Organisationsmitgliedschaftsbescheinigung"}


def assert_clean_layout(svg: str) -> None:
    root = parse(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    rects = boxes(root)
    for x, y, w, h in rects:
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, (x, y, w, h)
    for a, b in itertools.combinations(rects, 2):
        apart = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
        assert apart, f"boxes overlap: {a} {b}"
    for link in links(root):
        rect, text = link.find(f"{SVG}rect"), link.find(f"{SVG}text")
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        size = float(text.get("font-size"))
        for span in text:
            line = (span.text or "").rstrip(" ")
            assert text_width(line, size, text.get("font-weight") == "bold") <= w - 2 * PAD_X + 0.01
            assert y < float(span.get("y")) < y + h
    for path in root.iter(f"{SVG}path"):
        if path.get("class"):
            continue  # the arrowheads
        x1, y1, axis, end = re.fullmatch(r"M(\d+) (\d+)([HV])(\d+)", path.get("d")).groups()
        x1, y1, end = int(x1), int(y1), int(end)
        x2, y2 = (end, y1) if axis == "H" else (x1, end)
        for x, y, w, h in rects:  # a connecting line may touch a box, never cross it
            crosses = min(x1, x2) < x + w and max(x1, x2) > x and min(y1, y2) < y + h and max(y1, y2) > y
            assert not crosses, f"line {path.get('d')} crosses box {(x, y, w, h)}"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_study_map_has_no_overlaps(study_codebook: Codebook, lang: str) -> None:
    assert_clean_layout(concept_map(study_codebook, lang, href_for(study_codebook), LABELS[lang]))


@pytest.mark.parametrize("m3_subcategories", [1, 2], ids=["side-by-side", "stacked"])
def test_three_main_categories_and_deep_nesting_lay_out_without_overlaps(m3_subcategories: int) -> None:
    """1 + 2 + 1 columns: m2's subcategories side by side; 1 + 2 + 2 is too wide: all stacked."""
    codebook = make_codebook(deep_tree(m3_subcategories), LONG)
    svg = concept_map(codebook, "de", lambda i: f"#{i}", LABELS["de"])
    assert_clean_layout(svg)
    root = parse(svg)
    assert len(links(root)) == len(codebook.categories)
    mains = [next(a for a in links(root) if a.get("href") == f"#{m}") for m in ("m2", "m3")]
    xs = [float(a.find(f"{SVG}rect").get("x")) for a in mains]
    assert xs[0] < xs[1]  # the spectrum runs left to right in codebook order
    top = {a.get("href")[1:]: float(a.find(f"{SVG}rect").get("y")) for a in links(root)}
    assert (top["m2-s1"] == top["m2-s2"]) == (m3_subcategories == 1)


def test_many_subcategories_are_stacked_instead_of_side_by_side() -> None:
    tree = {f"m{i}": ("category", {f"m{i}-s{j}": ("category", {f"m{i}-s{j}-d": ("dimension", {})})
                                   for j in range(3)}) for i in range(3)}
    svg = concept_map(make_codebook(tree), "en", lambda i: f"#{i}", LABELS["en"])
    assert_clean_layout(svg)
    root = parse(svg)
    x = {a.get("href")[1:]: float(a.find(f"{SVG}rect").get("x")) for a in links(root)}
    assert all(x[f"m{i}-s{j}"] == x[f"m{i}"] + INDENT for i in range(3) for j in range(3))  # three columns


def test_one_main_category_has_no_axis_and_its_own_description() -> None:
    svg = concept_map(make_codebook({"only": ("category", {"d": ("dimension", {})})}), "en", lambda i: i,
                      LABELS["en"])
    assert_clean_layout(svg)
    root = parse(svg)
    assert root.find(f"{SVG}desc").text == LABELS["en"]["conceptmap.desc_one"]
    assert LABELS["en"]["conceptmap.axis"] not in svg


def test_empty_codebook_gives_an_empty_map() -> None:
    root = parse(concept_map(make_codebook({}), "en", lambda i: i, LABELS["en"]))
    assert links(root) == []


def test_wrap_keeps_lines_within_width_and_splits_overlong_words() -> None:
    assert wrap("Zusammenarbeit „auf Augenhöhe“", 1000, 14) == ["Zusammenarbeit „auf Augenhöhe“"]
    lines = wrap("Donaudampfschifffahrtsgesellschaftskapitän und Peer-Unterstützung", 120, 14)
    assert all(text_width(line, 14) <= 120 for line in lines)
    assert lines[0].endswith("-") and "".join(lines).replace("-", "").startswith("Donaudampf")
    assert lines[-2:] == ["und Peer-", "Unterstützung"]  # a hyphen is a place to break, too
    assert wrap("", 100, 14) == [""]


# -- publishing -------------------------------------------------------------------------------------
def test_markdown_passes_the_map_through_untouched(study_codebook: Codebook) -> None:
    """As a page embeds it: inside a block element, through the site's Markdown extensions."""
    svg = concept_map(study_codebook, "de", href_for(study_codebook), LABELS["de"])
    assert "\n\n" not in svg and not any(line.startswith(" ") for line in svg.splitlines())
    source = f"# Titel\n\nText.\n\n<figure class=\"befund-map-figure\">\n{svg}\n</figure>\n\n*PU* ist kursiv.\n"
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "abbr", "toc",
                                       "pymdownx.betterem"], extension_configs={
                                           "pymdownx.betterem": {"smart_enable": "all"}})
    out = md.convert(source + "\n*[PU]: Peer-Unterstützer*innen\n")
    assert svg in out
    assert "<em>" in out.split("</figure>")[1]


def test_output_is_deterministic(study_codebook: Codebook) -> None:
    href = href_for(study_codebook)
    assert concept_map(study_codebook, "de", href, LABELS["de"]) == concept_map(study_codebook, "de", href,
                                                                                 LABELS["de"])


@pytest.mark.parametrize("lang", ["de", "en"])
def test_golden_map_of_the_study(study_codebook: Codebook, lang: str) -> None:
    href = href_for(study_codebook)
    for name, output in ((f"conceptmap-{lang}.svg", concept_map(study_codebook, lang, href, LABELS[lang])),
                         (f"conceptmap-{lang}.md", concept_map_text(study_codebook, lang, href))):
        path = GOLDEN / name
        if os.environ.get("BEFUND_REGENERATE_GOLDEN") == "1":
            path.write_text(output + ("\n" if name.endswith(".svg") else ""), encoding="utf-8")
        expected = path.read_text(encoding="utf-8")
        assert output + ("\n" if name.endswith(".svg") else "") == expected, f"{name} changed (regenerate with " \
            "BEFUND_REGENERATE_GOLDEN=1 and review the diff)"
