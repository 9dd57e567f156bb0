"""Fixtures of the browser suite: the real site built once, served from 127.0.0.1, and Debian's
Chromium driven by Playwright (never a downloaded browser).

Without Chromium, Playwright or axe-core the tests skip with the reason; under CI=true they fail
instead, so CI can never pass without having run them. `make browser-deps` (scripts/
install-browser-deps.sh) installs what is missing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from befund_browser import AXE_JS, CHROMIUM, HEIGHT, WIDTHS, build_site_for, launch_chromium, start_server


def unavailable(reason: str) -> None:
    """Skip with *reason*, or fail under CI=true where the browser tests must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} — CI=true requires the browser tests to run "
                    "(bash scripts/install-browser-deps.sh installs what is missing)", pytrace=False)
    pytest.skip(f"{reason} (bash scripts/install-browser-deps.sh installs it)")


# -- the site ---------------------------------------------------------------------------------------
@dataclass
class Site:
    dir: Path
    base: str  # http://127.0.0.1:<port>, no trailing slash
    tmp: Path  # where reports (budget.json) go

    def url(self, path: str) -> str:
        return self.base + path

    def is_local(self, url: str) -> bool:
        if url.startswith(("data:", "blob:", "about:")):
            return True  # no network involved
        return urlsplit(url).netloc == urlsplit(self.base).netloc


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The real site, built once by befund from the repository's mkdocs.yml, served on a free port.

    site_url is set to the local server's address: the site is served where it says it lives, as
    it will be once published (404.html and the hreflang alternates use absolute URLs)."""
    root = tmp_path_factory.mktemp("browser")
    site_dir = root / "site"
    server, base = start_server(site_dir)
    try:
        build_site_for(base, site_dir)
        yield Site(site_dir, base, root)
    finally:
        server.shutdown()
        server.server_close()


# -- the browser ------------------------------------------------------------------------------------
@dataclass
class RequestLog:
    """Every request the browser makes (pages, their subresources and web workers)."""

    requests: list = field(default_factory=list)

    def add(self, request) -> None:
        self.requests.append(request)

    def mark(self) -> int:
        return len(self.requests)

    def since(self, mark: int) -> list:
        return self.requests[mark:]


@pytest.fixture(scope="session")
def playwright_driver():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is missing (pip install -e '.[test]')")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def request_log() -> RequestLog:
    return RequestLog()


def _recorded_context(driver, profile: Path, request_log: RequestLog, **options):
    """A Chromium context whose every request goes into *request_log*; closed when done."""
    context = launch_chromium(driver, profile, **options)
    context.on("request", request_log.add)
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def browser_context(playwright_driver, tmp_path_factory, request_log, site):
    """One Chromium with a fresh profile for the whole session (JavaScript on)."""
    yield from _recorded_context(playwright_driver, tmp_path_factory.mktemp("profile"), request_log)


@pytest.fixture(scope="session")
def nojs_context(playwright_driver, tmp_path_factory, request_log, site):
    """A second Chromium with JavaScript disabled."""
    yield from _recorded_context(playwright_driver, tmp_path_factory.mktemp("profile-nojs"), request_log,
                                 java_script_enabled=False)


def _third_party(site: Site, requests: list) -> list[str]:
    return sorted({r.url for r in requests if not site.is_local(r.url)})


class Tabs:
    """One reusable tab per context (opening a tab per test costs more than the test).

    CSS transitions and animations run 100 times faster in it (DevTools' animation playback rate),
    so checks that wait for them to end (palette switch, focus after a menu or the search closes)
    measure the final state without sleeping."""

    def __init__(self, context):
        self.context = context
        self.page = None
        self.cdp = None

    def get(self):
        if self.page is None or self.page.is_closed():
            self.page = self.context.new_page()
            self.cdp = self.context.new_cdp_session(self.page)
            self.cdp.send("Animation.enable")
            self.cdp.send("Animation.setPlaybackRate", {"playbackRate": 100})
        self.page.set_viewport_size({"width": WIDTHS["desktop"], "height": HEIGHT})
        return self.page


@pytest.fixture(scope="session")
def _tabs(browser_context):
    return Tabs(browser_context)


@pytest.fixture(scope="session")
def _nojs_tabs(nojs_context):
    return Tabs(nojs_context)


def _guarded(tabs: Tabs, request_log: RequestLog, site: Site):
    start = request_log.mark()
    page = tabs.get()
    yield page
    foreign = _third_party(site, request_log.since(start))
    if not page.is_closed():
        page.goto("about:blank")  # the next test starts from a blank tab
    if foreign:
        pytest.fail("requests to third parties: " + ", ".join(foreign), pytrace=False)


@pytest.fixture
def browser_page(_tabs, request_log, site):
    """A tab at desktop width. Every request it (or anything else in the test) makes must go to the
    local server: a third-party request fails the test, whatever the test checks."""
    yield from _guarded(_tabs, request_log, site)


@pytest.fixture
def nojs_page(_nojs_tabs, request_log, site):
    """A tab of the Chromium with JavaScript disabled, guarded like browser_page."""
    yield from _guarded(_nojs_tabs, request_log, site)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        unavailable(f"{AXE_JS.relative_to(AXE_JS.parents[2])} is missing: run `npm ci` in the repository")
    return AXE_JS.read_text(encoding="utf-8")


# -- page weight report ---------------------------------------------------------------------------
BUDGET_KEY = pytest.StashKey[dict]()
COLUMNS = ["html", "css", "js", "fonts", "images", "data", "other"]


@pytest.fixture(scope="session")
def budget_report(request, site):
    """Rows of the page-weight table, keyed by "<lang> <page type>"; written to budget.json in the
    session's tmp dir and printed at the end of the run."""
    rows: dict[str, dict] = {}
    yield rows
    if rows:
        path = site.tmp / "budget.json"
        path.write_text(json.dumps(rows, indent=2, sort_keys=True), encoding="utf-8")
        request.config.stash[BUDGET_KEY] = {"path": str(path), "rows": rows}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    report = config.stash.get(BUDGET_KEY, None)
    if not report:
        return
    tr = terminalreporter
    tr.section("page weight: first visit, bytes transferred (gzip, as a static host serves them)")
    head = (f"{'page':<22}" + "".join(f"{c:>8}" for c in COLUMNS) + f"{'total':>9}{'unzipped':>10}"
            f"{'requests':>9}")
    tr.write_line(head)
    for key in sorted(report["rows"]):
        row = report["rows"][key]
        tr.write_line(f"{key:<22}" + "".join(f"{row['bytes'].get(c, 0):>8}" for c in COLUMNS)
                      + f"{row['total']:>9}{row['uncompressed']:>10}{row['requests']:>9}")
    tr.write_line(f"(written to {report['path']})")
