"""Links between the languages of a site: the language menu and hreflang alternates.

Paths are identical in every language; only the prefix differs (none for the default language,
``<lang>/`` for the others), so "the same page in another language" is a string operation.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .model import Study


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str
    """The language's own name (Deutsch, English), shown in the menu."""
    href: str
    """Relative link from the current page (works on any host and without JavaScript)."""
    absolute: str
    """Absolute URL, for hreflang alternates in sitemap.xml (empty without site_url)."""
    current: bool


@dataclass
class LanguageMenu:
    """What Material's templates see as ``config.extra.alternate``.

    Deliberately truthy but not iterable: Material then shows the language menu (befund's
    partials/alternate.html renders ``languages``) but writes no ``<link rel="alternate">`` of its
    own (its are relative). befund writes absolute per-page hreflang alternates into the head
    (partials/javascripts/base.html) and into sitemap.xml; befund.js removes the head ones from the
    live page, because Material's JavaScript fetches ``<href>/sitemap.xml`` for each such link: a 404
    for per-page alternates, and a request to another host wherever the site is served elsewhere
    than its ``site_url``.
    """

    languages: list[LanguageLink] = field(default_factory=list)

    def __bool__(self) -> bool:
        return True


def prefix(lang: str, study: Study) -> str:
    return "" if lang == study.default_language else f"{lang}/"


def site_root_url(site_url: str, lang: str, default: str) -> str:
    """The URL of the default language's root, from one language build's ``site_url``."""
    if not site_url:
        return ""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    suffix = f"{lang}/"
    if lang != default and site_url.endswith(suffix):
        return site_url[: -len(suffix)]
    return site_url


def relative_url(current_prefix: str, page_url: str, target_prefix: str) -> str:
    """Relative link from a page in one language to the same page in another.

    Page URLs are directory URLs (``categories/x/``) or ``""`` for the home page.
    """
    here = "/" + current_prefix + page_url
    target = "/" + target_prefix + page_url
    rel = posixpath.relpath(target, here.rstrip("/") or "/")
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def language_links(study: Study, lang: str, site_url: str, page_url: str | None,
                   names: dict[str, str]) -> list[LanguageLink]:
    """The same page in every language of *study*, seen from the *lang* build.

    *page_url* is None for pages outside the page tree (404.html): they link to each language's
    home by root-relative path, since they are served at arbitrary depths.
    """
    root = site_root_url(site_url, lang, study.default_language)
    root_path = urlsplit(root).path or "/"
    links = []
    for other in study.languages:
        target_prefix = prefix(other, study)
        if page_url is None:
            href = root_path + target_prefix
        else:
            href = relative_url(prefix(lang, study), page_url, target_prefix)
        absolute = root + target_prefix + (page_url or "") if root else ""
        links.append(LanguageLink(other, names[other], href, absolute, other == lang))
    return links
