"""What every page carries around its content, generated pages and prose alike: the print block
(study, author, licence, permanent address with a QR code, date) and "cite this page"."""

from __future__ import annotations

import hashlib

from markupsafe import Markup

from ..clock import build_date
from ..usercache import Kept
from .qr import qr_svg
from .renderer import Renderer


def page_blocks(renderer: Renderer, title: str, site_name: str, url: str,
                qr_codes: Kept | None = None) -> tuple[str, str]:
    """(before, after) a page's content. *url*: its public address (absolute with site_url).
    *qr_codes*: the codes made by earlier builds (segno's encoder is the largest cost per page)."""
    study = renderer.codebook.study
    today = build_date()
    qr = Markup(_qr(url, renderer.t("print.qr"), qr_codes)) if url.startswith("http") else Markup("")
    top = renderer.render("_print.html.j2", which="top", url=url, qr=qr, date=renderer.date(today.isoformat()))
    end = renderer.render("_print.html.j2", which="end", url=url, qr=qr, date="")
    version = renderer.t("cite.version", version=study.site_version or today.isoformat())
    cite = renderer.citations.page(title or site_name, site_name, url, today.isoformat(), version)
    return top, renderer.render("_cite.html.j2", cite=cite) + end


def _qr(url: str, title: str, kept: Kept | None) -> str:
    make = lambda: qr_svg(url, title, id_prefix="befund-qr")  # noqa: E731
    if kept is None:
        return make()
    return kept.get(hashlib.blake2b(f"{url}\0{title}".encode(), digest_size=16).digest(), make)
