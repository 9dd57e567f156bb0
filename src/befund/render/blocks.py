"""What every page carries around its content, generated pages and prose alike: the print block
(study, author, licence, permanent address with a QR code, date) and "cite this page"."""

from __future__ import annotations

from markupsafe import Markup

from ..clock import build_date
from .qr import qr_svg
from .renderer import Renderer


def page_blocks(renderer: Renderer, title: str, site_name: str, url: str) -> tuple[str, str]:
    """(before, after) a page's content. *url*: its public address (absolute with site_url)."""
    study = renderer.codebook.study
    today = build_date()
    qr = Markup(qr_svg(url, renderer.t("print.qr"), id_prefix="befund-qr")) if url.startswith("http") else Markup("")
    top = renderer.render("_print.html.j2", which="top", url=url, qr=qr, date=renderer.date(today.isoformat()))
    end = renderer.render("_print.html.j2", which="end", url=url, qr=qr, date="")
    version = renderer.t("cite.version", version=study.site_version or today.isoformat())
    cite = renderer.citations.page(title or site_name, site_name, url, today.isoformat(), version)
    return top, renderer.render("_cite.html.j2", cite=cite) + end
