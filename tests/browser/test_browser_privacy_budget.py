"""Privacy and page weight: every request of every page type (including Material's search worker and
its index) goes to the local server, and what a first visit transfers is reported per type."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from befund_browser import BY_NAME, CATEGORY_BUDGET_BYTES, LANGS, PAGE_IDS, PAGE_TYPES

pytestmark = pytest.mark.browser

EXTENSIONS = {
    ".html": "html", ".css": "css", ".js": "js", ".mjs": "js",
    ".woff2": "fonts", ".woff": "fonts", ".ttf": "fonts", ".otf": "fonts", ".eot": "fonts",
    ".png": "images", ".jpg": "images", ".jpeg": "images", ".gif": "images", ".svg": "images",
    ".webp": "images", ".avif": "images", ".ico": "images",
    ".json": "data", ".xml": "data",
}
RESOURCE_TYPES = {"document": "html", "stylesheet": "css", "script": "js", "font": "fonts",
                  "image": "images", "fetch": "data", "xhr": "data"}


def kind(request) -> str:
    path = urlsplit(request.url).path
    dot = path.rfind(".")
    if dot > path.rfind("/") and path[dot:].lower() in EXTENSIONS:
        return EXTENSIONS[path[dot:].lower()]
    return RESOURCE_TYPES.get(request.resource_type, "other")


def first_visit(page, request_log, url: str) -> dict:
    """Load *url* with the browser cache disabled and everything settled (search worker and index
    included); returns the requests made and the bytes transferred by kind."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")  # the whole profile's cache: the search worker's too
    try:
        start = request_log.mark()
        page.goto(url, wait_until="networkidle")
        requests = request_log.since(start)
    finally:
        cdp.detach()
    by_kind: dict[str, int] = {}
    rows = []
    uncompressed = 0
    for request in requests:
        response = request.response()
        sizes = request.sizes() if response is not None else {}
        transferred = sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)
        body = len(response.body()) if response is not None and response.status < 300 else 0
        uncompressed += body
        by_kind[kind(request)] = by_kind.get(kind(request), 0) + transferred
        rows.append({"url": request.url, "kind": kind(request), "status": response.status if response else None,
                     "transferred": transferred, "uncompressed": body})
    return {"requests": len(requests), "bytes": by_kind, "total": sum(by_kind.values()),
            "uncompressed": uncompressed, "detail": rows, "urls": [r.url for r in requests]}


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=PAGE_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_third_party_requests_and_weight(browser_page, request_log, site, budget_report, lang, page_type):
    visit = first_visit(browser_page, request_log, site.url(page_type.url_path(lang)))
    keys = ("requests", "bytes", "total", "uncompressed", "detail")
    budget_report[f"{lang} {page_type.name}"] = {k: visit[k] for k in keys}
    foreign = sorted({u for u in visit["urls"] if not site.is_local(u)})
    assert not foreign, f"{page_type.url_path(lang)} made requests to third parties: {foreign}"
    # nothing the page asks for is missing (Material would fetch <hreflang alternate>/sitemap.xml)
    missing = [row["url"] for row in visit["detail"] if row["status"] == 404 and row["kind"] != "html"]
    assert not missing, f"{page_type.url_path(lang)} requested missing files: {missing}"
    # the search worker and its index were loaded, so they were recorded too
    assert any("search_index.json" in u for u in visit["urls"]), visit["urls"]
    assert any("/workers/search" in u for u in visit["urls"]), visit["urls"]


@pytest.mark.parametrize("lang", LANGS)
def test_category_page_stays_within_budget(browser_page, request_log, site, lang):
    visit = first_visit(browser_page, request_log, site.url(BY_NAME["category"].url_path(lang)))
    assert visit["total"] < CATEGORY_BUDGET_BYTES, (
        f"a category page transfers {visit['total']} bytes on first visit "
        f"(budget {CATEGORY_BUDGET_BYTES}): {visit['bytes']}")
