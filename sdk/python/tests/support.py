"""Shared helpers: a fresh trace file per test, reading records back, running child processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest
from typing import Any

import spanscope
from spanscope import _config

SDK_DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))


def read_records(path: str) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def finished(records: list[dict]) -> list[dict]:
    """The last record per id (a running root's final record replaces its start record)."""
    by_id: dict = {}
    for r in records:
        by_id[r["id"]] = r
    return list(by_id.values())


class TraceFileTest(unittest.TestCase):
    """Each test writes to its own file, with default settings restored afterwards."""

    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "traces.jsonl")
        spanscope.configure(file=self.path, enabled=True, sample_rate=1.0, max_traces_per_second=None,
                            redact=None, exporters=None, otlp_endpoint=None, service="tests")

    def tearDown(self) -> None:
        spanscope.flush()
        spanscope.configure(file=None, redact=None, exporters=None, sample_rate=1.0, max_traces_per_second=None)
        self.tmp.cleanup()

    def records(self) -> list[dict]:
        self.assertTrue(spanscope.flush(30))
        return read_records(self.path)

    def spans(self) -> list[dict]:
        return finished(self.records())

    def by_name(self, name: str) -> list[dict]:
        return [r for r in self.spans() if r["name"] == name]


def run_child(code: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e["PYTHONPATH"] = SDK_DIR + os.pathsep + e.get("PYTHONPATH", "")
    e.update(env or {})
    return subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True, timeout=timeout)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = SDK_DIR + os.pathsep + e.get("PYTHONPATH", "")
    e.update(extra or {})
    return e


def assert_tree(test: unittest.TestCase, spans: list[dict]) -> dict[str, Any]:
    """Every span's parent is in the same trace and its dotted_order extends the parent's."""
    by_id = {s["id"]: s for s in spans}
    for s in spans:
        if s.get("parent_id") and s["parent_id"] in by_id:
            p = by_id[s["parent_id"]]
            test.assertEqual(s["trace_id"], p["trace_id"])
            test.assertTrue(s["dotted_order"].startswith(p["dotted_order"] + "."), (s["dotted_order"], p["dotted_order"]))
        elif not s.get("parent_id"):
            test.assertEqual(s["trace_id"], s["id"])
            test.assertNotIn(".", s["dotted_order"])
    return by_id


_ = _config  # re-exported for tests that read settings
