"""Deterministic synthetic studies for the benchmark, grown from the real study.

A synthetic site is the real site (mkdocs.yml, content/, overrides/, every codebook file) plus
generated categories and sources whose texts are the real study's texts, recombined with a seeded
random generator: lengths stay realistic, the anonymisation lint has real text to scan, and every
``[[kind:id]]`` still resolves (the real items stay). Each generated category and dimension gets
quotes coded to it, so the site checks without errors or warnings.
"""

from __future__ import annotations

import copy
import hashlib
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "content", "overrides")
SCHEMA_LINE = "# yaml-language-server: $schema=../../src/befund/schema/{}.schema.json\n"
SEED = 20261129
LONG_QUOTE_WORDS = 140
"""Below the lint's long-quote warning (150 words), so joined quotes stay quiet."""

try:
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Dumper = yaml.SafeDumper


@dataclass(frozen=True)
class Size:
    """How big a study is: quotes, category files (each with its dimensions), source files."""

    name: str
    quotes: int
    categories: int
    sources: int


SIZES = {
    "1000": Size("1000", 1_000, 50, 100),
    "10000": Size("10000", 10_000, 300, 1_000),
}


def parse_size(name: str) -> Size | None:
    """``real`` (None: the study as it is), a known size, or ``QUOTES`` (categories and sources scaled)."""
    if name == "real":
        return None
    if name in SIZES:
        return SIZES[name]
    quotes = int(name)
    return Size(name, quotes, max(5, quotes * 3 // 100), max(19, quotes // 10))


def generate(size_name: str, folder: Path) -> Path:
    """Write the site of *size_name* into *folder* (kept while the generator and the real study are unchanged)."""
    stamp = _fingerprint(size_name)
    marker = folder / ".synthetic"
    if marker.is_file() and marker.read_text("utf-8") == stamp:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, folder / part)
        else:
            shutil.copy2(source, folder / part)
    shutil.copytree(REPO / "codebook", folder / "codebook")
    size = parse_size(size_name)
    if size is not None:
        _Grower(folder / "codebook", size).grow()
    marker.write_text(stamp, "utf-8")
    return folder


def _fingerprint(size_name: str) -> str:
    digest = hashlib.sha256(size_name.encode())
    files = [Path(__file__), *sorted((REPO / "codebook").rglob("*.yaml"))]
    for part in SITE_PARTS:
        files += sorted(p for p in (REPO / part).rglob("*") if p.is_file()) if (REPO / part).is_dir() else [REPO / part]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else
                     yaml.SafeLoader)


def _dump(path: Path, schema: str, data: Any) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(SCHEMA_LINE.format(schema) + text, "utf-8")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„“])")


class _Grower:
    """Adds categories and sources to a copy of the real codebook."""

    def __init__(self, codebook: Path, size: Size) -> None:
        self.root = codebook
        self.size = size
        self.rng = random.Random(f"{SEED}-{size.name}")
        self.categories = [_load(p) for p in sorted((codebook / "categories").glob("*.yaml"))]
        self.sources = [_load(p) for p in sorted((codebook / "quotes").glob("*.yaml"))]
        self.quotes = [q for s in self.sources for q in s["quotes"]]

    def grow(self) -> None:
        nodes = self._grow_categories()
        self._grow_sources(nodes)

    # -- categories ------------------------------------------------------------------------------
    def _grow_categories(self) -> list[tuple[str, str]]:
        """New category files; returns every (node id, section) quotes may be coded to, new first."""
        nodes: list[tuple[str, str]] = []
        mains = [c["id"] for c in self.categories if c.get("parent") is None]
        for number in range(len(self.categories) + 1, self.size.categories + 1):
            template = self.rng.choice(self.categories)
            ident = f"{template['id']}-s{number:04d}"
            is_main = number % 6 == 0
            parent = None if is_main else self.rng.choice(mains)
            data = copy.deepcopy(template)
            data["id"] = ident
            data["parent"] = parent
            data["order"] = number
            for field in ("summary", "description"):
                if field in data:
                    data[field] = self._vary(data[field])
            data["label"] = {lang: f"{text} {number}" for lang, text in template["label"].items()}
            data["related"] = [parent] if parent else []
            if not data["related"]:
                del data["related"]
            for i, dim in enumerate(data.get("dimensions", [])):
                dim["id"] = f"{dim['id']}-s{number:04d}"
                dim["label"] = {lang: f"{text} {number}.{i + 1}" for lang, text in dim["label"].items()}
                if "summary" in dim:
                    dim["summary"] = self._vary(dim["summary"])
                dim.pop("related", None)
                nodes.append((dim["id"], dim.get("section", data.get("section", "5"))))
            nodes.append((ident, data.get("section", "5")))
            if is_main:
                mains.append(ident)
            _dump(self.root / "categories" / f"{ident}.yaml", "category", data)
        return nodes

    # -- sources and quotes ----------------------------------------------------------------------
    def _grow_sources(self, nodes: list[tuple[str, str]]) -> None:
        real_nodes = [(c["id"], c.get("section", "5")) for c in self.categories] + \
            [(d["id"], d.get("section", "5")) for c in self.categories for d in c.get("dimensions", [])]
        nodes = nodes + real_nodes
        new_sources = self.size.sources - len(self.sources)
        new_quotes = self.size.quotes - len(self.quotes)
        order = max((q.get("order", 0) for q in self.quotes), default=0)
        made = 0
        for number in range(new_sources):
            kind = self.rng.choice(["IN", "IN", "IN", "GD"])
            source_id = f"{kind}_{len(self.sources) + number + 1:04d}"
            count = new_quotes // new_sources + (1 if number < new_quotes % new_sources else 0)
            quotes = []
            for i in range(count):
                node, section = nodes[made % len(nodes)]
                made += 1
                order += 1
                quotes.append(self._quote(f"{source_id}-{i + 1}", node, section, order, nodes))
            _dump(self.root / "quotes" / f"{source_id}.yaml", "quotes",
                  {"source": {"id": source_id, "type": kind}, "quotes": quotes})

    def _quote(self, ident: str, node: str, section: str, order: int, nodes: list[tuple[str, str]]) -> dict[str, Any]:
        first = self.rng.choice(self.quotes)
        original, translation = first["original"], dict(first["translation"])
        if self.rng.random() < 0.4:  # two passages joined, as editors shorten with [...]
            second = self.rng.choice(self.quotes)
            joined = f"{original} [...] {second['original']}"
            if len(joined.split()) <= LONG_QUOTE_WORDS:
                original = joined
                translation = {lang: f"{text} [...] {second['translation'][lang]}"
                               for lang, text in translation.items()}
        quote: dict[str, Any] = {"id": ident, "order": order, "section": section, "original": original,
                                 "translation": translation}
        if first.get("in_vivo"):
            quote["in_vivo"] = True
        codings = [{"id": node, "basis": "article"}]
        if self.rng.random() < 0.3:
            other = self.rng.choice(nodes)[0]
            if other != node:
                codings.append({"id": other, "basis": "editors"})
        quote["codings"] = codings
        for field in ("context", "note"):
            template = self.rng.choice(self.quotes)
            if field in template:
                quote[field] = self._vary(template[field])
        return quote

    # -- texts -----------------------------------------------------------------------------------
    def _vary(self, text: dict[str, Any]) -> dict[str, Any]:
        """The same interpretive text with its sentences in another order, alike in every language."""
        varied = dict(text)
        langs = [k for k, v in text.items() if k not in ("basis", "section") and isinstance(v, str)]
        split = {lang: _SENTENCE_END.split(text[lang].strip()) for lang in langs}
        counts = {len(parts) for parts in split.values()}
        if len(counts) != 1 or counts == {1} or any("\n" in text[lang] for lang in langs):
            return varied  # sentences do not pair up across languages, or paragraphs: keep as is
        order = list(range(counts.pop()))
        self.rng.shuffle(order)
        for lang in langs:
            varied[lang] = " ".join(split[lang][i] for i in order)
        return varied
