"""Start-up bootstrap for "Run File with Tracing": with this folder first on PYTHONPATH,
Python imports this file at start-up (as `sitecustomize`), so the OpenAI and Anthropic
clients the program creates are traced without a change to its code (`spanscope.auto`).
Spans are written at exit by the SDK's own `atexit` flush.

A folder can hold only one `sitecustomize`, and ours shadows any other on the path (a
distribution's or a virtualenv's), so that one is found and run afterwards.
"""
import os
import sys


def _install() -> None:
    try:
        from spanscope import auto

        auto.install()
    except Exception as exc:  # never stop the user's program from starting
        sys.stderr.write("spanscope: automatic tracing of LLM clients is off: %r\n" % (exc,))


def _chain() -> None:
    import importlib.machinery
    import importlib.util

    # Real paths: the same folder reached through a link must not be found again (a loop).
    here = os.path.dirname(os.path.realpath(__file__))
    rest = [p for p in sys.path if os.path.realpath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # site.py reports a failing sitecustomize the same way, and goes on
        sys.stderr.write("Error in sitecustomize (%s): %r\n" % (spec.origin, exc))


if os.environ.get("SPANSCOPE_AUTOTRACE", "1").strip().lower() not in ("0", "false", "no", "off"):
    _install()
_chain()
