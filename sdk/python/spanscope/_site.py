"""Call sites: what is fixed for one decorated function or one `span(...)` call site
(name, type, source location), encoded once so the writer only pastes it into each line."""
from __future__ import annotations

from typing import Any, Optional

from . import _writer
from ._config import SPAN_TYPES
from ._jsonsafe import dumps


class Site:
    """What is fixed for one decorated function or one `span(...)` call site."""

    __slots__ = ("name", "span_type", "head", "src", "code", "tail", "tail_for")

    def __init__(self, name: str, span_type: str, file: Optional[str], line: Optional[int], function: Optional[str], code: Any = None):
        self.code = code
        self.tail = ""
        self.tail_for: Optional[str] = None  # the service fragment `tail` was built with
        if span_type not in SPAN_TYPES:
            _writer.report_once("type:%r" % (span_type,), "unknown span type %r, using 'custom'" % (span_type,))
            span_type = "custom"
        self.name = name
        self.span_type = span_type
        self.head = '"name":%s,"span_type":"%s"' % (dumps(str(name)), span_type)
        src: dict[str, Any] = {}
        if file:
            src["file"] = file
            if line and line >= 1:
                src["line"] = line
            if function:
                src["function"] = function
        self.src = ',"source":' + dumps(src) if src else ""


_sites: dict[tuple, Site] = {}  # span() call sites, by (id(code), bytecode offset, name, type)
_line_sites: dict[tuple, Site] = {}  # other callers, by (id(code), line, name, type)
_abspath_cache: dict[str, str] = {}
_MAX_SITES = 20_000  # names built per call (f-strings) must not grow the caches forever


def abspath(file: str) -> str:
    p = _abspath_cache.get(file)
    if p is None:
        import os

        p = file if file.startswith("<") else os.path.abspath(file)
        _abspath_cache[file] = p
    return p


def _new_site(code: Any, line: int, name: str, span_type: str) -> Site:
    if len(_sites) > _MAX_SITES:
        _sites.clear()
    return Site(name, span_type, abspath(code.co_filename), line, getattr(code, "co_qualname", code.co_name), code)


def site_at(code: Any, line: int, name: str, span_type: str) -> Site:
    key = (id(code), line, name, span_type)
    s = _line_sites.get(key)
    if s is None or s.code is not code:
        if len(_line_sites) > _MAX_SITES:
            _line_sites.clear()
        s = _line_sites[key] = Site(name, span_type, abspath(code.co_filename), line, getattr(code, "co_qualname", code.co_name), code)
    return s
