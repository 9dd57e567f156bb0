"""Put a built site in place without ever losing a published one.

Languages are built into a staging folder next to the target. Only when all succeed is the site
assembled there (for a partial build, the other languages are carried over from the published site
by hard links) and swapped in with two renames. A folder befund did not build is never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".befund-site.json"
"""Written into every site befund publishes: which languages it holds (no dates: builds are reproducible)."""


class PublishError(Exception):
    """The site cannot be put in place; the message says why and what to do."""


def staging_folder(site_dir: Path) -> Path:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))


def lang_folder(root: Path, lang: str, default: str) -> Path:
    """Where a language lives in a site: the default at the root, the others in ``<lang>/``."""
    return root if lang == default else root / lang


def published_languages(site_dir: Path) -> list[str] | None:
    """The languages of a site befund published, or None if *site_dir* holds no befund site."""
    try:
        return list(json.loads((site_dir / MARKER).read_text("utf-8"))["languages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_replaceable(site_dir: Path) -> None:
    """Refuse to replace a folder that holds something befund did not build."""
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise PublishError(f"{site_dir} is a file, not a site folder; choose another --site-dir")
    if published_languages(site_dir) is not None or not any(site_dir.iterdir()):
        return
    if (site_dir / "sitemap.xml").is_file() and (site_dir / "index.html").is_file():
        return  # a site MkDocs built before befund marked its sites
    raise PublishError(f"{site_dir} is not empty and was not built by befund; befund will not replace it. "
                       "Choose another --site-dir, or move the folder away yourself")


def assemble(staging: Path, built: dict[str, Path], languages: list[str], site_dir: Path) -> Path:
    """The complete site in *staging*: the built languages, plus the others from the published site."""
    default = languages[0]
    missing = [lang for lang in languages if lang not in built]
    published = published_languages(site_dir) if missing else None
    if missing and (published is None or not set(missing) <= set(published)):
        raise PublishError(f"only {', '.join(built)} were built, and {site_dir} holds no published "
                           f"{', '.join(missing)} to keep; build every language first (befund build without --lang)")
    site = staging / "site"
    if default in built:
        os.replace(built[default], site)
    else:  # carry the published default language over, without the languages being replaced
        _link_tree(site_dir, site, skip={lang for lang in built} | {MARKER})
    for lang in languages:
        if lang == default:
            continue
        target = site / lang
        if lang in built:
            if target.exists():
                shutil.rmtree(target)
            os.replace(built[lang], target)
        elif not target.exists():
            _link_tree(site_dir / lang, target, skip=set())
    (site / MARKER).write_text(json.dumps({"languages": languages}) + "\n", "utf-8")
    return site


def _link_tree(source: Path, target: Path, skip: set[str]) -> None:
    """Copy *source* to *target* by hard links (cheap; the published files are never written to)."""
    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, ignore=lambda folder, names:
                    [n for n in names if Path(folder) == source and n in skip])


def swap_into_place(new: Path, site_dir: Path) -> None:
    """Replace *site_dir* by *new* with two renames, so readers never see a half-written site."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.previous")
        if old.exists():
            shutil.rmtree(old)
        os.replace(site_dir, old)
    os.replace(new, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
