"""The check renders a codebook text to judge its URLs only where it may hold one
(``crosscheck._may_hold_urls``): whatever text it skips, the site's Markdown turns into no unsafe URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from befund.crosscheck import _may_hold_urls
from befund.mdext import Markdown
from befund.safety import neutralise_html, unsafe_html
from befund.siteconfig import read_site

REPO = Path(__file__).resolve().parent.parent

FRAGMENTS = ["[[quote:IN_05-1]]", "[[concept:macht|klick]]", "[[ref:lammers2026, S. 3]]", "[", "]", "(", ")", ":",
             " ", "\n", "\n\n", "\\", "`", "!", "klick", "javascript:alert(1)", "java&#115;cript:x", "&#58;",
             "{: onclick=x }", "{: href=javascript:x }", "<", ">", "https://example.org", "[ziel]", "[ziel]: ",
             "[klick](javascript:alert(1))", "](javascript:x)", "[klick]", "\n[ziel]: javascript:x"]


@pytest.fixture(scope="module")
def render() -> object:
    layout = read_site(REPO / "mkdocs.yml").layout
    markdown = Markdown(list(layout.markdown_extensions), dict(layout.markdown_configs))
    return lambda text: markdown.to_html(neutralise_html(text))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map("".join))
def test_a_text_the_check_does_not_render_publishes_no_unsafe_url(render: object, text: str) -> None:
    if not _may_hold_urls(text):
        assert unsafe_html(render(text)) == [], text  # type: ignore[operator]


@pytest.mark.parametrize("text", ["„Auf Augenhöhe“ ([[quote:IN_05-1]]) ist ein In-vivo-Code",
                                  "[[quote:A-1]] [[quote:B-2]]", "[[quote:A-1]]: so die PU",
                                  "[[quote:A-1]](javascript:alert(1))"])
def test_befunds_own_links_start_no_link(render: object, text: str) -> None:
    assert not _may_hold_urls(text)
    assert unsafe_html(render(text)) == []  # type: ignore[operator]


@pytest.mark.parametrize("text", ["\\[[quote:A-1]](javascript:alert(1))", "[[quote:A-1]] [klick](javascript:x)",
                                  "[klick][ziel]\n\n[ziel]: javascript:x", "[[quote:A-1|a &#58; b]]", "x {: a=b }"])
def test_other_brackets_entities_and_attributes_are_still_rendered(text: str) -> None:
    assert _may_hold_urls(text)
