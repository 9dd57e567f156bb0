"""A Jinja context that calls plain functions, methods and macros without Jinja's per-call inspection.

Jinja sends every call in a template (``t('quote.from')``, ``r.mark(c)``, a macro) through
``Context.call``, which asks the callable and its ``__call__`` whether it wants the context, the
evaluation context or the environment passed first (the ``jinja_pass_arg`` marker that
``pass_context`` and its kin set). For a Python function, a bound method or a macro without that
marker the answer is always no; at 10 000 quotes a language's pages make ~580 000 such calls, and
asking cost a fifth of befund's render time. Those are called directly here, with Jinja's own
handling of a ``StopIteration``; every other callable takes Jinja's path unchanged.

Set as ``Environment.context_class``, the documented hook for the class of a template's context.
"""

from __future__ import annotations

from types import FunctionType, MethodType
from typing import Any

from jinja2.runtime import Context, Macro
from jinja2.utils import internalcode

_PLAIN_CALLABLES = frozenset({FunctionType, MethodType, Macro})
"""Types whose pass-argument marker, if any, sits on the object itself (a bound method reads its
function's): a plain callable of these types is called as it is."""


class DirectCallContext(Context):
    """Jinja's context, calling unmarked functions, methods and macros directly."""

    @internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        # a bound method's marker is its function's; asked there, as the method would raise and catch
        if kind not in _PLAIN_CALLABLES or hasattr(__obj.__func__ if kind is MethodType else __obj, "jinja_pass_arg"):
            return Context.call(__self, __obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)  # what Jinja adds for context-passing callables only
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja: a callable's StopIteration must not end the template's generator
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")
