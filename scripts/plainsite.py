"""The benchmark's baseline: the pages befund renders, written out once as plain Markdown files.

For each language: befund's generated pages and the prose pages, ``[[kind:id]]`` links replaced by
ordinary Markdown links (resolved as befund resolves them), the glossary's abbreviations as plain
``abbr`` definitions (what a site without befund would do; befund writes them out at first use),
and an ``mkdocs.<lang>.yml`` with the site's theme (features, palette,
custom_dir), Markdown extensions (the site's plus those befund adds), validation settings, nav,
search and per-language setup (theme.language, site_name, site_url, default language at the root,
the others under /<lang>/). What is left out is befund itself: no befund plugin, theme partials or
assets. Material's own language switcher gets the same languages through ``extra.alternate``.
"""

from __future__ import annotations

import html
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from befund.check import Checker
from befund.links import LINK, LinkRef
from befund.nav import build_nav, in_nav
from befund.pages import DOWNLOADS_DIR
from befund.prose import prose_targets
from befund.render import Renderer, ui_labels
from befund.resolve import relative_href
from befund.safety import md_escape
from befund.siteconfig import read_site
from befund.targets import Targets, build_targets
from befund.theme import REQUIRED_EXTENSIONS


@dataclass(frozen=True)
class PlainLanguage:
    lang: str
    config: Path
    site_dir: Path
    """Where this language is built; assembled into the site afterwards as befund does."""
    target: Path
    """Where it ends up in the assembled site (the root, or ``<lang>/``)."""


def write_plain_site(site: Path, out: Path) -> list[PlainLanguage]:
    """Write the baseline of the befund site in *site* into *out*; returns one build per language."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    config_file = site / "mkdocs.yml"
    befund_site = read_site(config_file)
    checked = Checker().check(befund_site.layout)
    codebook = checked.codebook
    if codebook is None or not checked.ok:
        raise SystemExit(f"bench: {site} does not check clean; cannot write its baseline")
    langs = codebook.study.languages
    raw = befund_site.raw
    built: list[PlainLanguage] = []
    for lang in langs:
        prose = checked.prose.get(lang, [])
        targets = build_targets(codebook, {n: {lang: t} for n, t in prose_targets(prose).items()})
        renderer = Renderer(codebook, lang, [site / "overrides" / "befund"], labels=checked.labels.get(lang))
        pages = renderer.pages()
        titles = {p.src_uri: p.title for p in pages} | {p.src_uri: p.title for p in prose}
        abbreviations = _abbreviation_definitions(codebook, lang)
        docs = out / "docs" / lang
        sources = [(p.src_uri, renderer.insert_trusted(p.markdown)) for p in pages]
        sources += [(p.src_uri, p.text) for p in prose]
        for src_uri, markdown in sources:
            path = docs / src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(resolve_links(markdown, src_uri, targets, lang, titles, renderer.citations.label)
                            + abbreviations, "utf-8")
        for name, content in renderer.download_files.items():
            (docs / DOWNLOADS_DIR / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / DOWNLOADS_DIR / name).write_bytes(content)
        site_dir = out / f"lang-{lang}"
        config = _config(raw, site, lang, langs, docs, site_dir, codebook.study.site_name.get(lang, ""))
        config["not_in_nav"] = "".join(f"/{src_uri}\n" for src_uri, _ in sources if not in_nav(src_uri))
        config["nav"] = build_nav(codebook, lang, ui_labels(lang, checked.labels), prose)
        config_path = out / f"mkdocs.{lang}.yml"
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
        target = out / "site" if lang == langs[0] else out / "site" / lang
        built.append(PlainLanguage(lang, config_path, site_dir, target))
    return built


def resolve_links(markdown: str, page: str, targets: Targets, lang: str, titles: dict[str, str],
                  cite: Callable[[str, str | None], str]) -> str:
    """``[[kind:id]]`` → ``[label](relative.md#anchor)``, as befund's link resolver writes them (a
    reference's label is its in-text citation in the language's style, as *cite* formats it)."""
    def replace(match: Any) -> str:
        link = LinkRef.of(match)
        if link.kind == "lang":
            return f'<span lang="{link.target}">{html.escape(link.label or "")}</span>'
        target = targets[(link.kind, link.target)]
        href = relative_href(page, target.src_uri, target.anchor)
        if link.label:
            return f"[{link.label}]({href})"
        if link.kind == "ref":
            return f"[{md_escape(cite(link.target, link.locator))}]({href})"
        label = target.label.get(lang) or titles.get(target.src_uri) or link.target
        if link.locator:
            label = f"{label}, {link.locator}"
        return f"[{md_escape(label)}]({href})"
    return LINK.sub(replace, markdown)


def _abbreviation_definitions(codebook: Any, lang: str) -> str:
    """``*[PU]: Peer-Unterstützer*innen`` for each abbreviation: Python-Markdown's abbr extension."""
    found = []
    for term in codebook.terms.values():
        short, long = term.abbreviation.get(lang), (term.expansion or term.term).get(lang)
        if short and long and short != long:
            found.append(f"*[{short}]: {long}")
    return "\n\n" + "\n".join(found) + "\n" if found else ""


def _config(raw: dict[str, Any], site: Path, lang: str, langs: list[str], docs: Path, site_dir: Path,
            site_name: str) -> dict[str, Any]:
    theme = dict(raw.get("theme", {}))
    theme["language"] = lang
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((site / theme["custom_dir"]).resolve())
    url = str(raw.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    extensions = list(raw.get("markdown_extensions", []))
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    for name, options in [*REQUIRED_EXTENSIONS.items(), ("abbr", {})]:
        if name not in names:
            extensions.append({name: dict(options)} if options else name)
    root = "/" + url.split("://", 1)[-1].split("/", 1)[-1] if url else "/"
    alternate = [{"name": ui_labels(other)["language.name"], "lang": other,
                  "link": root if other == langs[0] else f"{root}{other}/"} for other in langs]
    config: dict[str, Any] = {
        "site_name": html.escape(site_name, quote=False) or raw.get("site_name", ""),
        "site_url": (url + ("" if lang == langs[0] else f"{lang}/")) or None,
        "docs_dir": str(docs.resolve()),
        "site_dir": str(site_dir.resolve()),
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": extensions,
        "extra": {"alternate": alternate},
    }
    if "validation" in raw:
        config["validation"] = raw["validation"]
    return config


def main() -> None:
    """``python scripts/plainsite.py SITE OUT``: write the baseline, print its builds as JSON.

    The benchmark runs this in a process of its own, so that its own process stays small: a child
    started by fork inherits its parent's peak RSS, which would then show in every measurement.
    """
    site, out = (Path(arg) for arg in sys.argv[1:3])
    languages = write_plain_site(site, out)
    print(json.dumps([{"lang": lang.lang, "config": str(lang.config), "site_dir": str(lang.site_dir),
                       "target": str(lang.target)} for lang in languages]))


if __name__ == "__main__":
    main()
