"""Run a Python program with tracing on and its LLM clients wrapped:

    python -m spanscope path/to/script.py [args...]
    python -m spanscope -m package.module [args...]

Spans go to $SPANSCOPE_FILE (default ./traces.jsonl); all other settings come from the
environment as usual.
"""
from __future__ import annotations

import os
import runpy
import sys


def main(argv: list) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(__doc__ or "")
        return 0 if argv else 2
    if argv[0] == "run":  # `python -m spanscope run script.py` reads naturally too
        argv = argv[1:]
    from . import auto
    from ._config import _default_service, settings

    auto.install()
    if argv[0] == "-m" and len(argv) > 1:
        sys.argv = [argv[1]] + argv[2:]
        settings.service = _default_service() if not argv[1] else (os.environ.get("SPANSCOPE_SERVICE") or os.environ.get("OTEL_SERVICE_NAME") or argv[1])
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        script = os.path.abspath(argv[0])
        sys.argv = [script] + argv[1:]
        settings.service = _default_service()  # named after the script, not after this runner
        sys.path.insert(0, os.path.dirname(script))
        runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
