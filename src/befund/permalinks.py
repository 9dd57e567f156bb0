"""Links that never break: every published page and anchor, locked; renamed ones forwarded.

``befund lock`` writes ``permalinks.lock`` into the codebook: one line per page path and per anchor
(category, dimension, quote, recommendation, concept) in every language. Checks fail when a locked
address disappears without an entry in ``redirects.yaml``; the build then forwards the old address
(a redirect page for a page, an alias for an anchor) to the new one.
"""

from __future__ import annotations

import difflib
import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .model import Codebook
from .pages import PAGES
from .problems import Problem, display_path
from .prose import ProsePage
from .targets import Targets, build_targets

LOCK_FILE = "permalinks.lock"
ANCHORED = ("category", "quote", "recommendation", "concept")
"""Link kinds whose anchors are permanent (a category's own page is a page, its dimensions anchors)."""

_HEADER = """\
# befund permalinks: every published page and anchor, one per line (language, path#anchor).
# Written by `befund lock`; commit it. `befund check` and every build fail when a line here no longer
# exists and codebook/redirects.yaml does not say where it leads now.
"""


@dataclass(frozen=True, order=True)
class Permalink:
    lang: str
    path: str
    """The page's path from its language's root, e.g. ``categories/grenzminimierungen/`` (home: ``""``)."""
    anchor: str = ""

    def line(self) -> str:
        return f"{self.lang} /{self.path}" + (f"#{self.anchor}" if self.anchor else "")


def url_path(src: str) -> str:
    path = src[:-3]
    if path == "index" or path.endswith("/index"):
        return path[:-5]
    return path + "/"


def published(codebook: Codebook, prose: dict[str, list[ProsePage]], targets: Targets | None = None
              ) -> set[Permalink]:
    """Every page and permanent anchor the site has now, in every language (*targets*: the codebook's,
    where already made)."""
    found: set[Permalink] = set()
    targets = build_targets(codebook) if targets is None else targets
    pages = [kind.src(ident) for kind in PAGES for ident in _items(codebook, kind.per)]
    for lang in codebook.study.languages:
        found |= {Permalink(lang, url_path(src)) for src in pages}
        found |= {Permalink(lang, url_path(page.src_uri)) for page in prose.get(lang, [])}
        for (kind, _ident), target in targets.items():
            if kind in ANCHORED and target.anchor:
                found.add(Permalink(lang, url_path(target.src_uri), target.anchor))
    return found


def _items(codebook: Codebook, per: str | None) -> list[str]:
    if per == "category":
        return [c.id for c in codebook.categories.values() if c.kind == "category"]
    if per == "source":
        return list(codebook.sources)
    return [""]


def write_lock(codebook_dir: Path, links: set[Permalink]) -> Path:
    path = codebook_dir / LOCK_FILE
    path.write_text(_HEADER + "".join(link.line() + "\n" for link in sorted(links)), "utf-8")
    return path


def read_lock(path: Path, base: Path) -> tuple[dict[Permalink, int], list[Problem]]:
    """Locked permalinks with their line numbers (empty when there is no lock file)."""
    if not path.is_file():
        return {}, []
    shown = display_path(path, base)
    locked: dict[Permalink, int] = {}
    problems = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        lang, _, address = line.strip().partition(" /")
        if not lang or not _:
            problems.append(Problem(shown, number, 1, "lock-syntax", f"cannot read '{line.strip()}'",
                                    "lines are '<language> /<path>#<anchor>'; run befund lock to rewrite the file"))
            continue
        page, _, anchor = address.partition("#")
        locked[Permalink(lang, page, anchor)] = number
    return locked, problems


@dataclass(frozen=True)
class Forward:
    """An old address and where it leads now (``new_path`` with ``new_anchor``)."""

    old: Permalink
    new_path: str
    new_anchor: str


def check_lock(locked: dict[Permalink, int], current: set[Permalink], codebook: Codebook, lock_path: str,
               targets: Targets | None = None) -> tuple[list[Problem], list[Forward]]:
    """Locked addresses that vanished without a way to them; and where each of the others leads now.

    An id that still exists on another page is followed there; a renamed or removed one needs an
    entry in redirects.yaml.
    """
    problems: list[Problem] = []
    forwards: list[Forward] = []
    targets = build_targets(codebook) if targets is None else targets
    where = {ident: (url_path(t.src_uri), t.anchor) for (kind, ident), t in targets.items()
             if kind in (*ANCHORED, "source")}
    redirects = {r.source: r.target for r in codebook.redirects}
    unlocked: dict[str, list[str]] = {}  # per language, the ids published since the lock (made when needed)
    for old, line in sorted(locked.items(), key=lambda item: item[1]):
        if old in current:
            continue
        ident, tail = (old.anchor, "") if old.anchor else _item_of(old.path)
        new = _follow(ident, redirects, where) or _follow(old.path, redirects, where)
        if new is None:
            if old.lang not in unlocked:
                unlocked[old.lang] = [i for i, (path, anchor) in where.items()
                                      if Permalink(old.lang, path, anchor) not in locked]
            hint = (f"add to codebook/redirects.yaml: - {{from: {ident or old.path}, to: "
                    f"{_likely_successor(ident, old, where, unlocked[old.lang])}}} (or, if this address was never "
                    "published, run befund lock)")
            problems.append(Problem(lock_path, line, 1, "permalink-gone",
                                    f"the published address {old.line()} no longer exists", hint))
            continue
        path, anchor = new
        forwards.append(Forward(old, path + tail if not anchor else path, anchor))
    return problems, forwards


def _likely_successor(ident: str, old: Permalink, where: dict[str, tuple[str, str]], unlocked: list[str]) -> str:
    """The id a vanished one was most likely renamed to, for the hint: one published since the lock
    (an anchor's on the same page) that contains the old id or is the only one there, else the
    closest of them; NEW-ID when nothing is new. Ids that are still where the lock has them are
    never guessed: redirecting a renamed id to a look-alike that was not renamed sends readers to
    the wrong place."""
    nearby = [i for i in unlocked if not old.anchor or where[i][0] == old.path]
    for candidates in (nearby, unlocked):
        named = [i for i in candidates if ident and (ident in i or i in ident)]
        if named:
            return named[0]
    if old.anchor and len(nearby) == 1:
        return nearby[0]
    close = difflib.get_close_matches(ident, nearby or unlocked, n=1)
    return close[0] if close else "NEW-ID"


def _item_of(path: str) -> tuple[str, str]:
    """``categories/x/handout/`` → (``x``, ``handout/``): the item a per-item page belongs to."""
    for kind in PAGES:
        if kind.per and path.startswith(kind.folder):
            ident, _, tail = path[len(kind.folder):].partition("/")
            return ident, tail
    return "", ""


def _follow(key: str, redirects: dict[str, str], where: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """Where an id (or page path) is now: itself if it still exists, else its redirect's target."""
    if not key:
        return None
    if key in where:
        return where[key]
    target = redirects.get(key)
    if target is None:
        return None
    if target.endswith("/"):
        return target.lstrip("/"), ""
    return where.get(target)


@dataclass
class PageForwards:
    """What one language's build adds so old addresses keep working."""

    pages: dict[str, str]
    """Old page path (gone) → the HTML of a page that leads to its new place, keeping the #anchor."""
    aliases: dict[str, list[tuple[str, str]]]
    """Existing page path → (old anchor, relative URL of where it leads now) to plant on that page."""


def forwards_for(lang: str, forwards: list[Forward], current: set[Permalink], title: str) -> PageForwards:
    pages_now = {link.path for link in current if link.lang == lang and not link.anchor}
    moved_pages: dict[str, str] = {}
    anchors: dict[str, dict[str, str]] = {}
    for f in (f for f in forwards if f.old.lang == lang):
        if not f.old.anchor:
            moved_pages[f.old.path] = f.new_path
        else:
            anchors.setdefault(f.old.path, {})[f.old.anchor] = _relative(f.old.path, f.new_path, f.new_anchor)
    pages = {}
    for old, anchor_map in anchors.items():
        if old not in pages_now and old not in moved_pages and anchor_map:
            moved_pages[old] = _page_of(next(iter(anchor_map.values())), old)
    for old, new in moved_pages.items():
        pages[old] = redirect_page(lang, _relative(old, new, ""), anchors.get(old, {}), title)
    aliases = {old: sorted(found.items()) for old, found in anchors.items() if old in pages_now}
    return PageForwards(pages, aliases)


def _relative(old: str, new: str, anchor: str) -> str:
    href = "" if old == new else posixpath.relpath("/" + new, "/" + old) + "/"
    return f"{href}#{anchor}" if anchor else (href or "./")


def _page_of(relative: str, old: str) -> str:
    target = relative.split("#", 1)[0]
    return posixpath.normpath(posixpath.join("/" + old, target)).lstrip("/") + "/"


def redirect_page(lang: str, href: str, anchors: dict[str, str], title: str) -> str:
    """A page at an old address that leads to the new one at once, the #anchor carried or mapped."""
    data = json.dumps(anchors, sort_keys=True).replace("<", "\\u003c")
    target = html.escape(href, quote=True)
    return (f'<!doctype html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{html.escape(title)}</title>\n<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{target}">\n<meta http-equiv="refresh" content="0; url={target}">\n'
            f'<script>(function(){{var m={data},h=location.hash.slice(1);'
            f'location.replace(m[h]!==undefined?m[h]:{json.dumps(href)}+location.hash);}})();</script>\n'
            f'</head>\n<body>\n<p><a href="{target}">{html.escape(title)}</a></p>\n</body>\n</html>\n')


def plant_aliases(page_html: str, aliases: list[tuple[str, str]]) -> str:
    """Old anchors on a page that still exists: right before the new anchor when it is on this page
    (the browser lands there without JavaScript), else a marker befund.js follows to the new page."""
    for old, href in aliases:
        if href.startswith("#"):
            new = re.escape(href[1:])
            found = re.search(rf'<[a-zA-Z][^>]*\sid="{new}"', page_html)
            if found:
                alias = f'<span id="{html.escape(old)}" class="befund-alias" aria-hidden="true"></span>'
                page_html = page_html[:found.start()] + alias + page_html[found.start():]
                continue
        page_html = (f'<span id="{html.escape(old)}" class="befund-alias" data-befund-moved-to="'
                     f'{html.escape(href, quote=True)}" aria-hidden="true"></span>') + page_html
    return page_html
