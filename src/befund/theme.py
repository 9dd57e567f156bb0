"""What befund adds to a site's MkDocs config: its theme overrides, assets and Markdown extensions.

Only the few Material partials befund must change live in ``befund/theme`` (see README's host
coupling); the site's own ``custom_dir`` still wins over them.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from .model import Study

THEME_DIR = Path(__file__).parent / "theme"
ASSETS_CSS = ("assets/befund/befund.css", "assets/befund/print.css")
ASSETS_JS = ("assets/befund/befund.js",)

REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True},
    # German gender forms (Nutzer*innen) must not turn into emphasis
    "pymdownx.betterem": {"smart_enable": "all"},
}


def install(config: MkDocsConfig, study: Study, lang: str, labels: dict[str, str]) -> None:
    """befund's theme folder, assets and Markdown extensions, the site name and palette toggles in *lang*."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for css in ASSETS_CSS:
        if css not in config.extra_css:
            config.extra_css.append(css)
    for js in ASSETS_JS:
        if js not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(js)  # type: ignore[arg-type]
    for name, options in REQUIRED_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs[name] = dict(options)
        elif name == "pymdownx.betterem":
            config.mdx_configs.setdefault(name, {}).setdefault("smart_enable", "all")
    toc = config.mdx_configs.setdefault("toc", {})
    if not toc.get("permalink_title") or toc.get("permalink_title") == "Permanent link":
        toc["permalink_title"] = labels["permalink.title"]  # the heading's ¶, named in the page's language
    if study.site_name.get(lang):
        # MkDocs and Material print site_name and page titles unescaped: they are HTML there
        config.site_name = html.escape(study.site_name[lang], quote=False)
    if not config.site_description:  # link previews and search engines: what the site is
        config.site_description = study.subtitle.get(lang) or study.title.get(lang) or ""
    _name_palette_toggles(config, labels)


def _name_palette_toggles(config: MkDocsConfig, labels: dict[str, str]) -> None:
    """Give the light/dark toggles names in the page's language (unless mkdocs.yml names them)."""
    palette = config.theme.get("palette")
    for option in palette if isinstance(palette, list) else []:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and not toggle.get("name"):
            dark = option.get("scheme") == "slate"
            toggle["name"] = labels["palette.to_light" if dark else "palette.to_dark"]
