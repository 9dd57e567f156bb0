#!/usr/bin/env python3
"""Screenshots of every page type, in every language, at desktop (1280 px) and phone (390 px) width,
for review. Images go to ./screenshots/ (git-ignored; never commit them).

    .venv/bin/python scripts/screenshots.py                 # light palette, full pages
    .venv/bin/python scripts/screenshots.py --dark          # the dark palette as well
    .venv/bin/python scripts/screenshots.py --only category --only 404

Builds the site with befund, serves it from 127.0.0.1 and drives Debian's Chromium (never a
downloaded browser), with the page types, widths and server of the browser tests (tests/browser).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from befund_browser import (  # noqa: E402
    CHROMIUM,
    HEIGHT,
    LANGS,
    PAGE_TYPES,
    SCHEMES,
    WIDTHS,
    build_site_for,
    launch_chromium,
    set_scheme,
    start_server,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", type=Path, default=REPO / "screenshots",
                        help="folder for the PNG files (default: ./screenshots)")
    parser.add_argument("--dark", action="store_true", help="also take the dark palette")
    parser.add_argument("--only", action="append", metavar="PAGE_TYPE",
                        help=f"only these page types (repeatable): {', '.join(p.name for p in PAGE_TYPES)}")
    parser.add_argument("--viewport-only", action="store_true", help="the first screen only, not the full page")
    args = parser.parse_args(argv)

    if not CHROMIUM.is_file():
        print(f"screenshots: {CHROMIUM} is missing (bash scripts/install-browser-deps.sh installs it)",
              file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("screenshots: the playwright package is missing (pip install -e '.[test]')", file=sys.stderr)
        return 2

    chosen = [p for p in PAGE_TYPES if not args.only or p.name in args.only]
    unknown = set(args.only or []) - {p.name for p in PAGE_TYPES}
    if unknown:
        parser.error(f"unknown page type(s): {', '.join(sorted(unknown))}")
    schemes = ["light", "dark"] if args.dark else ["light"]
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="befund-screenshots-") as tmp:
        site_dir = Path(tmp) / "site"
        server, base = start_server(site_dir)
        try:
            print(f"screenshots: building the site into {site_dir} …")
            build_site_for(base, site_dir)
            with sync_playwright() as driver:
                context = launch_chromium(driver, Path(tmp) / "profile")
                page = context.new_page()
                count = 0
                for lang in LANGS:
                    for page_type in chosen:
                        for width in WIDTHS.values():
                            page.set_viewport_size({"width": width, "height": HEIGHT})
                            page.goto(base + page_type.url_path(lang))
                            page.wait_for_selector("h1")
                            for scheme in schemes:
                                set_scheme(page, SCHEMES[scheme])
                                name = f"{lang}-{page_type.name}-{width}{'-dark' if scheme == 'dark' else ''}.png"
                                page.screenshot(path=str(args.out / name), full_page=not args.viewport_only)
                                count += 1
                context.close()
        finally:
            server.shutdown()
            server.server_close()
    print(f"screenshots: {count} images in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
