"""The renderer's Jinja context calls plain callables directly: the same pages as Jinja's own context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.runtime import Context

from befund.check import Checker
from befund.render import Renderer
from befund.render.context import DirectCallContext
from befund.siteconfig import read_site

REPO = Path(__file__).resolve().parent.parent

TEMPLATE = """\
{%- macro box(x) -%}[{{ x }}{{ caller() if caller else '' }}]{%- endmacro -%}
{%- macro plain(x) -%}<{{ x }}>{%- endmacro -%}
{{ plain(f(1)) }} {{ o.method(2) }} {{ ctx_fn() }} {{ env_fn() }} {{ eval_fn() }} {{ Callable()(3) }}
{{ ctx_callable() }} {{ stop() }}|{{ builtin([1, 2]) }}
{% for i in range(2) %}{% set inner = i * 10 %}{{ ctx_fn() }}:{{ f(inner) }}:{{ o.method(loop.index) }} {% endfor %}
{% call box('a') %}{{ f('in caller') }}{% endcall %}
{% block body %}{{ ctx_fn() }} {{ f('block') }}{% endblock %}
"""


class Helpers:
    def method(self, n: int) -> str:
        return f"method {n}"


class Callable:
    def __call__(self, n: int) -> str:
        return f"callable {n}"


class CtxCallable:
    @jinja2.pass_context
    def __call__(self, context: Context) -> str:
        return f"callable sees {sorted(k for k in context.get_all() if k in ('inner', 'loop'))}"


def stop() -> str:
    raise StopIteration


def render(context_class: type[Context]) -> str:
    env = jinja2.Environment(autoescape=True)
    env.context_class = context_class
    env.globals.update(
        f=lambda x: f"f({x})", o=Helpers(), Callable=Callable, ctx_callable=CtxCallable(), stop=stop, builtin=len,
        ctx_fn=jinja2.pass_context(lambda c: "ctx:" + ",".join(sorted(k for k in ("inner", "i") if k in c))),
        env_fn=jinja2.pass_environment(lambda e: f"env:{e.context_class.__name__ != ''}"),
        eval_fn=jinja2.pass_eval_context(lambda e: f"eval:{e.autoescape}"))
    return env.from_string(TEMPLATE).render()


def test_every_kind_of_call_gives_what_jinjas_own_context_gives() -> None:
    """Functions, methods and macros are called directly; marked callables still get their context,
    environment or evaluation context (in loops with the loop's variables); a StopIteration is undefined."""
    direct = render(DirectCallContext)
    assert direct == render(Context)
    assert "<f(1)>" in direct and "method 2" in direct and "callable 3" in direct and "eval:True" in direct
    assert "ctx:inner:f(10):method 2" in direct  # the loop's variables reach a pass_context function
    assert "[a" in direct and "f(in caller)]" in direct


def test_a_marked_method_is_not_called_directly() -> None:
    class Marked:
        @jinja2.pass_context
        def who(self, context: Context) -> str:
            return f"context of {context.name}"

    env = jinja2.Environment()
    env.context_class = DirectCallContext
    assert env.from_string("{{ m.who() }}", globals={"m": Marked()}).render() == "context of None"


@pytest.fixture(scope="module")
def checked():  # type: ignore[no-untyped-def]
    return Checker().check(read_site(REPO / "mkdocs.yml").layout)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_studys_pages_are_the_same_as_with_jinjas_context(checked: Any, lang: str) -> None:
    def pages(context_class: type[Context] | None) -> list[tuple[str, str, str]]:
        renderer = Renderer(checked.codebook, lang, [REPO / "overrides" / "befund"], labels=checked.labels[lang])
        assert renderer.env.context_class is DirectCallContext  # what keeps render a fifth faster
        if context_class is not None:
            renderer.env.context_class = context_class
        return [(page.src_uri, page.title, page.markdown) for page in renderer.pages()]

    direct = pages(None)
    assert len(direct) > 30
    assert direct == pages(Context)
