"""What reference managers and link previews read in a page's <head>.

Highwire ``citation_*`` tags plus ``DC.type`` = webpage and ``og:type`` = website (with
``citation_title`` alone, Zotero would save a page as a journal article), Open Graph, and schema.org
JSON-LD: a WebPage that is part of the site and based on the article. No COinS (it would outrank the
embedded metadata in Zotero). Nothing the study lacks is invented: absent fields are left out.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from ..model import Study


def plain(markdown: str) -> str:
    """Markdown and short links reduced to readable text, for attributes."""
    text = re.sub(r"\[\[[a-z]+:[^\]|]+\|([^\]]+)\]\]", r"\1", markdown)
    text = re.sub(r"\[\[[a-z]+:([^\],|]+)[^\]]*\]\]", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<![\s*])\*(?![\w*])", r"\1", text)  # emphasis, not Nutzer*innen
    text = re.sub(r"^\s*(?:#+|>|[-+*]|\d+\.)\s+", "", text.replace("`", ""), flags=re.MULTILINE)
    return " ".join(text.split())


def head_tags(study: Study, lang: str, title: str, url: str, description: str, site_name: str) -> Markup:
    authors = [_last_first(a.name) for a in study.authors]
    tags: list[tuple[str, str, str]] = [("name", "citation_title", title)]
    tags += [("name", "citation_author", a) for a in authors]
    tags += [("name", "citation_publication_date", str(study.year)), ("name", "citation_language", lang)]
    if url:
        tags.append(("name", "citation_public_url", url))
    if study.abstract.get(lang):
        tags.append(("name", "citation_abstract", plain(study.abstract[lang])))
    if study.keywords.get(lang):
        tags.append(("name", "citation_keywords", "; ".join(study.keywords[lang])))
    if study.doi:
        tags.append(("name", "citation_doi", study.doi))
    tags += [("name", "DC.type", "webpage"), ("name", "DC.title", title), ("name", "DC.language", lang),
             ("property", "og:type", "website"), ("property", "og:site_name", site_name),
             ("property", "og:title", title), ("property", "og:description", description),
             ("property", "og:locale", lang)]
    if url:
        tags.append(("property", "og:url", url))
    lines = [Markup('<meta {k}="{n}" content="{v}">').format(k=k, n=n, v=v) for k, n, v in tags if v]
    lines.append(Markup('<script type="application/ld+json">{}</script>').format(
        Markup(_json_ld(study, lang, title, url, description, site_name))))
    return Markup("\n").join(lines)


def _json_ld(study: Study, lang: str, title: str, url: str, description: str, site_name: str) -> str:
    article = {"@type": "ScholarlyArticle", "name": study.title.get(study.data_language, ""),
               "author": [{"@type": "Person", "name": a.name} for a in study.authors],
               "datePublished": str(study.year), "inLanguage": study.data_language,
               "license": study.license_url.get(lang) or next(iter(study.license_url.values()), "")}
    if study.doi:
        article["sameAs"] = f"https://doi.org/{study.doi}"
    elif study.url:
        article["sameAs"] = study.url
    page = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "description": description,
            "inLanguage": lang, "isPartOf": {"@type": "WebSite", "name": site_name}, "isBasedOn": article,
            "license": article["license"]}
    if url:
        page["url"] = url
    text = json.dumps(page, ensure_ascii=False, sort_keys=True)
    # inside <script> nothing is decoded: keep the HTML parser out of the JSON instead
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _last_first(name: str) -> str:
    given, _, family = name.rpartition(" ")
    return f"{family}, {given}" if given else family
