"""Automatic wrapping of LLM clients: every OpenAI / Anthropic client the program creates is
traced, whether the package is imported before or after `install()`.

Used by `python -m spanscope script.py` (the "Run File with Tracing" command) and callable
directly: `spanscope.auto.install()`.
"""
from __future__ import annotations

import functools
import importlib.abc
import importlib.util
import sys
from typing import Any, Optional, Sequence

# module -> client classes whose instances get wrapped
TARGETS = {
    "openai": ("OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI"),
    "anthropic": ("Anthropic", "AsyncAnthropic", "AnthropicBedrock", "AnthropicVertex"),
}
_MARK = "__spanscope_auto__"


def _patch_module(module: Any) -> None:
    from .llm import wrap_anthropic, wrap_openai

    wrap = wrap_anthropic if module.__name__ == "anthropic" else wrap_openai
    for name in TARGETS.get(module.__name__, ()):
        cls = getattr(module, name, None)
        if cls is None or getattr(cls.__init__, _MARK, False):
            continue
        original = cls.__init__

        @functools.wraps(original)
        def __init__(self: Any, *args: Any, __original: Any = original, __wrap: Any = wrap, **kwargs: Any) -> None:
            __original(self, *args, **kwargs)
            try:
                __wrap(self)
            except Exception as exc:  # never break the user's client
                sys.stderr.write("spanscope: could not wrap %s: %r\n" % (type(self).__name__, exc))

        setattr(__init__, _MARK, True)
        cls.__init__ = __init__


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: Any):
        self.inner = inner

    def create_module(self, spec: Any) -> Any:
        return self.inner.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.inner.exec_module(module)
        _patch_module(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Optional[Sequence[str]], target: Any = None) -> Any:
        if name not in TARGETS:
            return None
        sys.meta_path.remove(self)  # find the real spec without finding ourselves
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader)
        return spec


_installed = False


def install() -> None:
    """Wrap clients of already-imported packages now, and of the others when they are imported."""
    global _installed
    for name in TARGETS:
        if name in sys.modules:
            _patch_module(sys.modules[name])
    if not _installed:
        sys.meta_path.insert(0, _Finder())
        _installed = True
