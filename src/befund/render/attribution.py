"""The attribution CC BY 4.0 §3(a) asks for, in the page's language: work, author, © notice, licence."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Study
from .labels import Labels


def attribution(study: Study, lang: str, labels: Labels) -> Markup:
    """One sentence naming the article and its authors with the © notice and the linked licence.

    The work's title stays in its own language (marked for screen readers) on every page.
    """
    title = study.title.get(study.data_language) or next(iter(study.title.values()))
    work = Markup('<cite lang="{l}">{t}</cite>').format(l=study.data_language, t=title)
    licence = Markup('<a href="{u}" rel="license">{n}</a>').format(
        u=study.license_url.get(lang) or next(iter(study.license_url.values())),
        n=study.license_name.get(lang) or study.license_id)
    return Markup(escape(labels["footer.attribution"]).replace("{work}", work)
                  .replace("{authors}", escape(", ".join(a.name for a in study.authors)))
                  .replace("{year}", str(study.year)).replace("{copyright}", escape(study.copyright))
                  .replace("{license}", licence))
