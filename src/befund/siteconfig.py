"""A site's mkdocs.yml, read and validated by MkDocs itself, its problems as located messages.

Every form MkDocs accepts works (plugins as a list or a mapping, ``!ENV``, ``INHERIT``), because
MkDocs reads it; a file MkDocs refuses is reported with file, key and a fix, never a traceback.
"""

from __future__ import annotations

import copy
import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .check import SiteLayout
from .problems import Problem

PLUGIN = "befund"

_HINTS = {
    "plugins": "plugins are a list ('- search', '- befund') or a mapping; befund's options are "
               "codebook, templates, sensitive_terms and nav (see README)",
    "theme": "befund needs theme: {name: material, …}",
    "docs_dir": "docs_dir names the default language's folder of prose pages, e.g. content/de",
    "site_url": "the full address the site will be published at, e.g. https://example.org/study/",
}


PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "localhost")
"""Hosts (and their subdomains) reserved for examples and for this machine (RFC 2606, RFC 6761)."""
PLACEHOLDER_TLDS = (".example", ".test", ".invalid", ".localhost", ".local")
SITE_URL_USES = ("canonical links, hreflang alternates and sitemap.xml point to it; 'cite this page', the "
                 "QR codes and the addresses on printed pages name it; and the 404 page loads its styles "
                 "and links from its path")
"""What a wrong site_url breaks, said wherever a placeholder is reported."""


class SiteConfigError(Exception):
    """mkdocs.yml cannot be used; *problems* say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


@dataclass
class Site:
    """A validated mkdocs.yml and what befund needs of it."""

    config_file: Path
    config: MkDocsConfig
    raw: dict[str, Any]
    """The file as written (after ``INHERIT``), for per-language copies of the theme mapping."""
    layout: SiteLayout
    warnings: list[Problem]

    @property
    def root(self) -> Path:
        return self.config_file.parent

    def plugin_option(self, name: str) -> Any:
        return self.config.plugins[PLUGIN].config[name]

    def theme(self) -> dict[str, Any]:
        """A private copy of the theme mapping (MkDocs replaces the whole mapping on override)."""
        theme = self.raw.get("theme", {})
        return {"name": theme} if isinstance(theme, str) else copy.deepcopy(theme)


def read_site(config_file: Path, **overrides: Any) -> Site:
    """Load and validate *config_file* with MkDocs; raises SiteConfigError with located problems."""
    shown = config_file.name
    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as handle:
            raw = yaml_load(handle, get_yaml_loader(config=config))
        config.load_dict(copy.deepcopy(raw))
    except OSError as exc:
        raise SiteConfigError([Problem(shown, 0, 0, "mkdocs-config", f"cannot read {shown}: {exc.strerror}",
                                       "check the path (run in the site folder or pass -f)")]) from None
    except ConfigurationError as exc:
        raise SiteConfigError([_unreadable(shown, exc)]) from None
    config.load_dict({k: v for k, v in overrides.items() if v is not None})
    failed, warned = config.validate()
    text = config_file.read_text("utf-8", errors="replace")
    problems = [_problem(shown, text, key, error, "error") for key, error in failed]
    warnings = [_problem(shown, text, key, warning, "warning") for key, warning in warned]
    if not problems and PLUGIN not in config.plugins:
        problems.append(Problem(shown, _line_of(text, "plugins"), 0, "mkdocs-config",
                                f"the {PLUGIN} plugin is not enabled", "add '- befund' under 'plugins:'"))
    if problems:
        raise SiteConfigError(problems)
    return Site(config_file, config, raw, layout_of(config), warnings)


def layout_of(config: MkDocsConfig) -> SiteLayout:
    """Where the site's parts are, from a validated config (mkdocs.yml's own, or one language's)."""
    root = Path(config.config_file_path).parent
    options = config.plugins[PLUGIN].config
    docs_dir = Path(config.docs_dir)
    return SiteLayout(root=root, codebook=root / options["codebook"], content=docs_dir.parent,
                      sensitive_terms=root / options["sensitive_terms"],
                      markdown_extensions=tuple(config.markdown_extensions),
                      markdown_configs=dict(config.mdx_configs), docs_dir=docs_dir,
                      docs_language=str(config.theme["language"]) if config.theme.get("language") else None)


def _unreadable(shown: str, exc: ConfigurationError) -> Problem:
    cause = exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        mark = cause.problem_mark
        return Problem(shown, mark.line + 1, mark.column + 1, "mkdocs-config",
                       f"{shown} is not valid YAML: {cause.problem}", "check indentation, colons and quotes")
    message = str(exc)
    if "Expected a key-value mapping" in message:
        return Problem(shown, 1, 1, "mkdocs-config", f"{shown} must be a mapping of settings, not a list or text",
                       "write 'key: value' lines (site_name: …, theme: …, plugins: …) without a leading '-'")
    return Problem(shown, 0, 0, "mkdocs-config", f"{shown} is not valid YAML: {message}",
                   "check the file's syntax")


def _problem(shown: str, text: str, key: str, error: Exception | str, severity: str) -> Problem:
    top = key.split(".")[0]
    message = str(error).strip() if isinstance(error, str | ValidationError | ConfigurationError) else repr(error)
    hint = _HINTS.get(top, "see https://www.mkdocs.org/user-guide/configuration/")
    return Problem(shown, _line_of(text, top), 0, "mkdocs-config", f"'{key}': {message}", hint,
                   severity)  # type: ignore[arg-type]


def _line_of(text: str, key: str) -> int:
    found = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 0



def placeholder_site_url(url: str | None) -> str | None:
    """Why *url* cannot be the address of a published site (None: it can)."""
    if not url:
        return "no site_url is set"
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    try:
        local = ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        local = False
    reserved = any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)
    if local or reserved or host.endswith(PLACEHOLDER_TLDS):
        return f"site_url {url} is a placeholder ({host} is reserved for examples or this machine)"
    if not host or urlsplit(url).scheme not in ("http", "https"):
        return f"site_url {url} is not a web address (http:// or https://)"
    return None


def site_url_problem(site: Site, *, release: bool = False) -> Problem | None:
    """A placeholder site_url in *site*'s mkdocs.yml: a warning, an error for a release."""
    reason = placeholder_site_url(site.config.site_url)
    if reason is None:
        return None
    text = site.config_file.read_text("utf-8", errors="replace")
    hint = ("set site_url to the address the site will be published at, or pass it to 'befund build --release "
            "--site-url URL'" + ("" if release else "; fine for previews, 'befund build --release' refuses it"))
    return Problem(site.config_file.name, _line_of(text, "site_url"), 0, "placeholder-site-url",
                   f"{reason}: {SITE_URL_USES}", hint, "error" if release else "warning")
