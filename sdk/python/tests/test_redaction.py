"""The redaction hook sees every record before any exporter and can rewrite or drop it."""
from __future__ import annotations

import contextlib
import io
import unittest

import spanscope
from spanscope import observe, span

from .support import TraceFileTest


class Redaction(TraceFileTest):
    def test_hook_rewrites_and_drops_records_before_writing(self) -> None:
        def redact(rec: dict) -> dict | None:
            if rec["name"] == "internal":
                return None
            for field in ("inputs", "outputs"):
                if isinstance(rec.get(field), dict) and "api_key" in rec[field]:
                    rec[field]["api_key"] = "[REDACTED]"
            return rec

        spanscope.configure(redact=redact)

        @observe
        def call(api_key: str, q: str) -> dict:
            return {"api_key": api_key, "answer": 42}

        with span("root"):
            call("sk-live-123", "q")
            with span("internal"):
                pass
        spanscope.flush()
        with open(self.path, encoding="utf-8") as f:
            text = f.read()
        spans = self.spans()
        self.assertNotIn("sk-live-123", text)
        self.assertEqual(sorted(s["name"] for s in spans), ["call", "root"])
        c = [s for s in spans if s["name"] == "call"][0]
        self.assertEqual(c["inputs"], {"api_key": "[REDACTED]", "q": "q"})
        self.assertEqual(c["outputs"], {"api_key": "[REDACTED]", "answer": 42})

    def test_a_failing_hook_writes_nothing_unredacted_and_counts_it(self) -> None:
        def redact(rec: dict) -> dict:
            if rec["name"] == "secret":
                raise RuntimeError("hook bug")
            return rec

        spanscope.configure(redact=redact)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            with span("secret") as s:
                s.set_inputs({"password": "hunter2"})
            spanscope.flush()
        with span("fine"):
            pass
        with open(self.path, encoding="utf-8") as f:
            self.assertNotIn("hunter2", f.read())
        spans = {s["name"]: s for s in self.spans()}
        self.assertIn("fine", spans)
        self.assertEqual(spans["spanscope.dropped"]["metadata"]["spanscope.dropped"], 2)  # start + end record
        self.assertIn("redact hook raised RuntimeError", spans["spanscope.dropped"]["metadata"]["reason"])


if __name__ == "__main__":
    unittest.main()
