"""The safety judge against HTML 5 itself: what a browser would run, the judge must find.

html5lib implements the HTML 5 parsing algorithm in Python, the one browsers follow; it is the
reference here (too slow for every published page, fine for a test). The judge parses with Lexbor,
which implements the same algorithm in C. Python's HTMLParser, which the judge used before, missed
markup a browser runs after ``<!-->``, ``--!>`` and ``<![CDATA[`` (it read them as longer comments);
libxml2 stops reporting elements below a nesting limit. Those cases stay here as examples.
"""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from befund.cli import main
from befund.safety import ALLOWED_SCHEMES, SCRIPT_TAGS, URL_ATTRIBUTES, unsafe_html, url_scheme

RUNS = '<img src=x onerror="alert(1)">'


def browser_runs_something(fragment: str) -> bool:
    """Whether HTML 5 parsing of *fragment* yields a script tag, an event handler or a script URL."""
    tree = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        if element.tag.rsplit("}", 1)[-1].lower() in SCRIPT_TAGS:
            return True
        for name, value in element.attrib.items():
            name = str(name).rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                return True
            scheme = url_scheme(value) if name in URL_ATTRIBUTES and value else None
            if scheme is not None and scheme not in ALLOWED_SCHEMES:
                return True
    return False


HIDDEN = {
    "an empty comment, <!-->": f"<p>Text</p><!--> {RUNS} -->",
    "an empty comment, <!--->": f"<p>Text</p><!---> {RUNS} -->",
    "a comment closed by --!>": f"<!-- note --!> {RUNS} -->",
    "CDATA outside SVG": f"<![CDATA[ x > {RUNS} ]]>",
    "deep nesting": "<div>" * 300 + f"<!--> {RUNS} -->",
    "deep nesting, plainly": "<div>" * 300 + RUNS,
    "deeper nesting": "<div>" * 3000 + f"<!--> {RUNS} -->",
    "a script URL in an entity HTML 4 lacks": '<a href="javascript&colon;alert(1)">x</a>',
    "a tab entity in the scheme": '<a href="java&Tab;script:alert(1)">x</a>',
}


def test_noscript_is_refused_its_content_parses_one_way_with_scripting_and_another_without() -> None:
    """Lexbor and html5lib parse without scripting: the attribute hides the image from both, while a
    browser with scripting on ends the noscript at the quote's </noscript> and creates the image."""
    fragment = f'<noscript><p title="</noscript>{RUNS}"></noscript>'
    parsed = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    assert [e.tag for e in parsed.iter() if e.tag == "img"] == []  # the reference itself does not see it
    assert [u.needle for u in unsafe_html(fragment)] == ["noscript"]


@pytest.mark.parametrize("fragment", HIDDEN.values(), ids=list(HIDDEN))
def test_markup_a_browser_runs_is_found_whatever_hides_it(fragment: str) -> None:
    assert browser_runs_something(fragment), "the example must be one a browser runs"
    assert unsafe_html(fragment), fragment


def test_every_url_of_a_srcset_is_judged_not_only_the_first() -> None:
    assert unsafe_html('<img srcset="/a.png 1x, https://x.org/b.png 2x">') == []
    for first in ("/a.png", "https://x.org/a.png", "a.png"):
        found = unsafe_html(f'<img srcset="{first} 1x, data:image/png;base64,AAAA 2x">')
        assert [u.message.split(":")[0] for u in found] == ["data"], first


PIECES = ["<!--", "-->", "--!>", "<!-->", "<!--->", "<![CDATA[", "]]>", ">", "<p>", "</p>", "<div>", "</div>",
          "<textarea>", "</textarea>", "<title>", "</title>", "<svg>", "</svg>", "<? x ?>", "<!x>", "</ x>", '"', "'",
          "Text ", " ", "\n", "&colon;", "&#58;", RUNS, '<a href="javascript:alert(1)">', '<a href="/ok">', "</a>",
          '<b title="', "<br/>", "<img src=x", " onerror=alert(1)", "<script>", "</script>"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join))
def test_whatever_html5_parsing_would_run_the_judge_finds(fragment: str) -> None:
    """Random arrangements of the pieces parsers disagree on: the judge may be stricter than a
    browser (it also judges the inside of <textarea>), never more lenient."""
    if browser_runs_something(fragment):
        assert unsafe_html(fragment), fragment


def test_a_prose_page_cannot_hide_markup_in_what_python_takes_for_a_comment(site_copy: Path) -> None:
    page = site_copy / "content" / "en" / "method.md"
    lines = page.read_text("utf-8").splitlines()
    page.write_text("\n".join([*lines, "", f"<!--> {RUNS} -->", ""]), "utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(site_copy)])
    assert checked.exit_code == 1, checked.output
    assert any("unsafe-markup" in line and "onerror" in line and line.startswith("content/en/method.md:")
               for line in checked.output.splitlines()), checked.output
    built = runner.invoke(main, ["build", "-f", str(site_copy / "mkdocs.yml"), "--no-strict"])
    assert built.exit_code == 1 and not (site_copy / "site").exists(), built.output


def test_nesting_a_page_may_have_is_judged_as_usual() -> None:
    assert unsafe_html("<div>" * 240 + "<p>Text</p>" + "</div>" * 240) == []
    assert [u.kind for u in unsafe_html("<div>" * 240 + RUNS)] == ["attribute"]


def test_each_problem_is_reported_once() -> None:
    for fragment in ('<a href="vbscript:x\r\n">x</a>', '<a href="  javascript:alert(1)">x</a>',
                     '<IMG SRC="x" onError="y">', '<script>x</script>'):
        assert len(unsafe_html(fragment)) == 1, fragment
