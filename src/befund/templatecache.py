"""Compiled Jinja templates kept between builds, as Python keeps ``__pycache__``.

Every build compiles befund's page templates and Material's theme templates afresh, per language
and, in ``mkdocs serve``, per rebuild: on a small study that was a third of befund's own time.
Each compiled template is stored under a key of its name, file and the environment's compile
settings, with a checksum of its source and the Python version, and compiled again whenever any of
them differs; so an edited override is always used at once. The folder is the user's cache
(``$XDG_CACHE_HOME/befund/templates``, else ``~/.cache/befund/templates``), or
``$BEFUND_CACHE_DIR``; ``BEFUND_CACHE_DIR=off`` turns it off. A folder that cannot be made or
written only costs the speed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Mapping
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from . import usercache


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where compiled templates go (None: not cached)."""
    return usercache.cache_folder("templates", environ)


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, in a folder only this user may write; a failed write is no error.

    Jinja keys a template by its name and file only, but how it compiles depends on the
    environment too (``trim_blocks``, autoescaping, delimiters, extensions, Jinja's version):
    befund's page templates and the theme's, or two versions of befund or MkDocs, must not share
    compiled code. Those settings are part of the key here."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        bucket = Bucket(environment, self.get_cache_key(f"{name}|{compiled_with(environment, name)}", filename),
                        self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full disk or a read-only cache: compiled, only not kept
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):  # unreadable or cut short: compile again
            bucket.reset()


def template_cache(environ: Mapping[str, str] = os.environ) -> TemplateCache | None:
    """The cache to give a Jinja environment, or None where there is no folder to use safely.

    Cached templates are code that runs: the folder must belong to this user and be closed to
    others (made with mode 0700; an existing folder that others may write is not used)."""
    folder = cache_folder(environ)
    if folder is None or not usercache.private_folder(folder):
        return None
    return TemplateCache(str(folder), "%s.jinja")


def compiled_with(environment: jinja2.Environment, name: str) -> str:
    """What, besides its source, decides the code Jinja compiles a template *name* into."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    settings = (jinja2.__version__, environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                environment.optimized, environment.is_async, environment.sandboxed, bool(autoescape),
                environment.finalize is not None, str(getattr(environment.finalize, "jinja_pass_arg", "")),
                sorted(environment.extensions))
    return repr(settings)
