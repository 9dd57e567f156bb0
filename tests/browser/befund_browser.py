"""What the browser suite checks, in one place: the page types, the languages, the screen widths and
palettes, and small helpers that drive a Playwright page.

A new page type or feature joins every check by adding one line to PAGE_TYPES (or WIDTHS/SCHEMES);
the tests in this folder are parametrised over these lists.
"""

from __future__ import annotations

import functools
import gzip
import io
import itertools
import json
import os
import re
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
MKDOCS_YML = REPO / "mkdocs.yml"
CODEBOOK = REPO / "codebook"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Debian's Chromium; BEFUND_CHROMIUM names another Chromium build installed by the system.
CHROMIUM = Path(os.environ.get("BEFUND_CHROMIUM", "/usr/bin/chromium"))

# Flags that work for root in a container, without any network access of Chromium's own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # site path in the default language; other languages are under /<lang>/
    quotes: bool = False  # the page shows figure.befund-quote blocks
    notfound: bool = False  # served with status 404

    def url_path(self, lang: str) -> str:
        prefix = "" if lang == DEFAULT_LANG else f"/{lang}"
        return prefix + self.path


def _page_types() -> list[PageType]:
    """Every kind of page the site has, from befund's page table (a new page kind joins every check by
    its row there), the prose pages in content/de, and the not-found page. Per-item pages are
    represented by one item each; categories by a main category and a subcategory."""
    from befund.pages import PAGES
    from befund.validate import load_codebook

    codebook = load_codebook(CODEBOOK, REPO).codebook
    assert codebook is not None, "the study's codebook does not load"
    found = []
    for kind in PAGES:
        if kind.per == "category" and kind.name != "category":  # e.g. the handout: one page stands for all
            found.append(PageType(kind.name, "/" + _url(kind.src(codebook.children(None, "category")[0].id))))
        elif kind.per == "category":
            main = codebook.children(None, "category")[0]
            sub = next(c for c in codebook.categories.values() if c.kind == "category" and c.parent)
            found += [PageType("category", "/" + _url(kind.src(main.id)), quotes=True),
                      PageType("subcategory", "/" + _url(kind.src(sub.id)), quotes=True)]
        elif kind.per == "source":
            found.append(PageType("source", "/" + _url(kind.src(SAMPLE_SOURCE)), quotes=True))
        else:
            found.append(PageType(kind.name, "/" + _url(kind.path)))
    for page in sorted((REPO / "content" / DEFAULT_LANG).glob("*.md")):
        found.append(PageType(page.stem, "/" + _url(page.name)))
    found.append(PageType("404", "/404.html", notfound=True))
    return found


def _url(src: str) -> str:
    """MkDocs' directory URL of a page source (``categories/index.md`` → ``categories/``)."""
    path = src[:-3]
    if path == "index" or path.endswith("/index"):
        return path[:-5]
    return path + "/"


SAMPLE_SOURCE = "IN_25"
"""The source page the suite visits: three quotes, a footnote, two categories."""
DEFAULT_LANG = "de"
PAGE_TYPES = _page_types()
PAGE_IDS = [p.name for p in PAGE_TYPES]
BY_NAME = {p.name: p for p in PAGE_TYPES}

LANGS = ["de", "en"]

# Screen widths (CSS px) and Material's palettes ("default" is light, "slate" dark).
WIDTHS = {"desktop": 1280, "phone": 390}
SCHEMES = {"light": "default", "dark": "slate"}
HEIGHT = 900

# Which palettes axe checks at which width: light and dark at desktop width for every page type; at
# phone width the light palette everywhere, and the dark palette and the keyboard-focus walk on the
# page types listed here (the colours are the desktop's, only the layout differs), which keeps the
# suite within its time budget.
PHONE_EXTRA_PAGES = {"home", "category", "source", "404"}


def axe_schemes(width: str, page_type: PageType) -> list[str]:
    if width == "desktop" or page_type.name in PHONE_EXTRA_PAGES:
        return list(SCHEMES)
    return ["light"]


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules switched off, each with the element and the reason. Keep this empty: fix the theme instead.
AXE_DISABLED: dict[str, str] = {}

PALETTE_TOGGLE = "form[data-md-component=palette] label.md-header__button:not([hidden])"

# Budget for one category page on a first visit (empty cache), everything transferred.
CATEGORY_BUDGET_BYTES = 500 * 1024


# -- axe ------------------------------------------------------------------------------------------
def run_axe(page, axe_source: str) -> list[dict]:
    """Inject axe-core into *page* (page.evaluate, so a Content-Security-Policy cannot block it) and
    return its WCAG 2.x A/AA violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in AXE_DISABLED},
    }
    return page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
            }));
        }""",
        options,
    )


def format_violations(violations: list[dict], limit: int = 5) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:limit]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


# -- palette --------------------------------------------------------------------------------------
def set_scheme(page, scheme: str) -> None:
    """Switch Material's palette the way a reader does: click the visible toggle until *scheme*
    ("default" or "slate") is active, then wait until the colour transitions have finished."""
    for _ in range(3):
        if page.get_attribute("body", "data-md-color-scheme") == scheme:
            break
        page.click(PALETTE_TOGGLE)
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=scheme)
    wait_for_transitions(page)


def wait_for_transitions(page) -> None:
    """Wait until no CSS transition or animation is running (contrast is measured on final colours)."""
    page.wait_for_function(
        "() => document.getAnimations().every("
        "a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)",
        polling="raf",
    )


# -- structure ------------------------------------------------------------------------------------
HEADINGS_JS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => !h.closest('[hidden], .md-search'))
    .map(h => ({level: Number(h.tagName[1]), text: h.textContent.trim().slice(0, 60)}))"""


def heading_problems(headings: list[dict]) -> list[str]:
    problems = []
    h1 = [h for h in headings if h["level"] == 1]
    if len(h1) != 1:
        problems.append(f"{len(h1)} h1 elements (want exactly one): {[h['text'] for h in h1]}")
    if headings and headings[0]["level"] != 1:
        problems.append(f"the first heading is h{headings[0]['level']} {headings[0]['text']!r}, not h1")
    for before, after in itertools.pairwise(headings):
        if after["level"] > before["level"] + 1:
            problems.append(f"h{before['level']} {before['text']!r} is followed by h{after['level']} "
                            f"{after['text']!r} (skips a level)")
    return problems


# The focused element and how its focus shows: on the element itself, or for Material's visually
# hidden palette radio inputs on the toggle button (a label) drawn right after them. "visible"
# means on screen, not hidden and not covered by anything else at its centre. *selector*
# (optional) is matched against the focused element in the same round trip.
FOCUS_JS = """async (selector) => {
    // measure once the movements a key press started elsewhere (a closing search overlay or menu)
    // have ended; colour transitions and the focused element's own do not matter
    const moving = new Set(['opacity', 'transform', 'visibility', 'width', 'height', 'left', 'top']);
    const running = () => {
        const f = document.activeElement || document.body;
        return document.getAnimations().some(a => {
            const t = a.effect && a.effect.target;
            return a.playState === 'running' && a.effect.getTiming().iterations !== Infinity
                && moving.has(a.transitionProperty) && t && !t.contains(f) && !f.contains(t);
        });
    };
    const deadline = performance.now() + 2000;
    while (running() && performance.now() < deadline) await new Promise(r => requestAnimationFrame(r));
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    let shown = el;
    const box = el.getBoundingClientRect();
    const next = el.nextElementSibling;
    if ((box.width < 2 || box.height < 2) && el.matches('input.md-option') && next && next.tagName === 'LABEL') {
        shown = next;
    }
    const r = shown.getBoundingClientRect();
    const s = getComputedStyle(shown);
    const visible = r.width > 1 && r.height > 1 && s.visibility !== 'hidden'
        && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
    const indicator = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    // not hidden under something else (a sticky header, an open menu, a panel over its parent)
    const top = document.elementFromPoint(Math.min(Math.max(r.x + r.width / 2, 0), innerWidth - 1),
                                          Math.min(Math.max(r.y + r.height / 2, 0), innerHeight - 1));
    const unobscured = !!top && (top === shown || shown.contains(top) || top.contains(shown)
        || top === el || el.contains(top));
    return {
        tag: el.tagName.toLowerCase(), cls: typeof el.className === 'string' ? el.className : '',
        href: el.getAttribute('href'),
        text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
        visible: visible && unobscured, obscured: visible && !unobscured, indicator,
        outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow,
        box: [r.x, r.y, r.width, r.height].map(Math.round),
        matches: selector ? el.matches(selector) : false,
    };
}"""


def focused(page, selector: str | None = None) -> dict | None:
    return page.evaluate(FOCUS_JS, selector)


def describe(info: dict | None) -> str:
    if not info:
        return "<body>"
    return f"<{info['tag']} class={info['cls']!r} href={info['href']!r}> {info['text']!r} box={info['box']}"


def tab_to(page, selector: str, limit: int = 80, key: str = "Tab") -> list[dict]:
    """Press Tab until the focused element matches *selector*; returns every stop on the way.
    Fails when *limit* presses do not reach it."""
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page, selector)
        stops.append(info)
        if info and info["matches"]:
            return stops
    raise AssertionError(f"{limit} × {key} did not reach {selector}; stops: "
                         + "; ".join(describe(s) for s in stops[-10:]))


def settled_hash(page, quiet_ms: int = 600, limit_ms: int = 5000) -> str:
    """location.hash once it has not changed for *quiet_ms*: Material's navigation.tracking rewrites
    it a moment after each scroll (Tab through content scrolls), so a hash read too early is stale."""
    return page.evaluate("""([quiet, limit]) => new Promise(resolve => {
        let last = location.hash, since = performance.now();
        const start = since;
        const tick = () => {
            const now = performance.now();
            if (location.hash !== last) { last = location.hash; since = now; }
            if (now - since >= quiet || now - start >= limit) resolve(last); else setTimeout(tick, 50);
        };
        tick();
    })""", [quiet_ms, limit_ms])


# -- search ---------------------------------------------------------------------------------------
def search_translations(page) -> dict:
    config = page.evaluate("() => document.getElementById('__config').textContent")
    return json.loads(config)["translations"]


def wait_for_search_result(page) -> str:
    """Wait until Material's search has answered the typed query; returns the result summary."""
    t = search_translations(page)
    patterns = [re.escape(t["search.result.none"]), re.escape(t["search.result.one"]),
                re.escape(t["search.result.other"]).replace("\\#", r"\d+").replace("#", r"\d+")]
    regex = "^(" + "|".join(patterns) + ")$"
    page.wait_for_function(
        "re => new RegExp(re).test(document.querySelector('.md-search-result__meta').textContent.trim())",
        arg=regex,
    )
    return page.inner_text(".md-search-result__meta").strip()


def quote_translation_word(quote_id: str, lang: str = "en") -> tuple[str, str]:
    """A distinctive word of a quote's translation (the longest that is not in the original)."""
    import yaml

    source = quote_id.rsplit("-", 1)[0]
    data = yaml.safe_load((CODEBOOK / "quotes" / f"{source}.yaml").read_text(encoding="utf-8"))
    quote = next(q for q in data["quotes"] if q["id"] == quote_id)
    original = quote["original"].lower()
    words = re.findall(r"[A-Za-z]{6,}", quote["translation"][lang])
    words = [w for w in words if w.lower() not in original]
    return max(words, key=len), quote["original"]


# -- serving and browsing (shared with scripts/screenshots.py) -------------------------------------
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files the way a plain static host serves them: text compressed with gzip when the
    browser accepts it, and a missing path answered with the language's 404.html and status 404
    (as GitHub Pages does)."""

    _gzipped: ClassVar[dict[tuple[str, float], bytes]] = {}

    def log_message(self, format: str, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        url_path = urlsplit(self.path).path
        if os.path.isdir(path):
            if not url_path.endswith("/"):
                return super().send_head()  # redirects to the folder with a trailing slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            lang = url_path.strip("/").split("/")[0]
            notfound = Path(self.directory) / (lang if lang in LANGS and lang != DEFAULT_LANG else "") / "404.html"
            if not notfound.is_file():
                self.send_error(404)
                return None
            return self._send(404, str(notfound))
        return self._send(200, path)

    def _send(self, status: int, path: str):
        body = Path(path).read_bytes()
        headers = {"Content-Type": self.guess_type(path), "Last-Modified": self.date_time_string(
            int(os.path.getmtime(path)))}
        if Path(path).suffix in COMPRESSIBLE:
            headers["Vary"] = "Accept-Encoding"
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                key = (path, os.path.getmtime(path))
                if key not in self._gzipped:
                    self._gzipped[key] = gzip.compress(body, compresslevel=6, mtime=0)
                body = self._gzipped[key]
                headers["Content-Encoding"] = "gzip"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser closed the tab or cancelled a request
        super().handle_error(request, client_address)


def start_server(site_dir: Path) -> tuple[QuietServer, str]:
    """Serve *site_dir* (which may not exist yet) on a free port of 127.0.0.1 in a background
    thread; returns the server (call shutdown() and server_close() when done) and its base URL."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, name="befund-site-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build_site_for(base: str, site_dir: Path) -> None:
    """Build the repository's site with befund into *site_dir*, published at *base* (site_url)."""
    from befund.build import build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    build_site(MKDOCS_YML, site_dir, site_url=base + "/")


def launch_chromium(driver, profile: Path, **options):
    """Debian's Chromium with a fresh profile in *profile* (Playwright's persistent context)."""
    return driver.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": WIDTHS["desktop"], "height": HEIGHT}, color_scheme="light",
        service_workers="block", **options)
