"""Written lines conform to sdk/format's schema and its rules; the validator agrees with the
format's own valid and invalid fixtures."""
from __future__ import annotations

import asyncio
import glob
import json
import math
import os
import re
import unittest

import spanscope
from spanscope import current_span, observe, span

from .schema_validator import FORMAT_DIR, load_schema, validate
from .support import TraceFileTest, assert_tree

HAVE_FORMAT = os.path.exists(os.path.join(FORMAT_DIR, "trace.schema.json"))
if not HAVE_FORMAT:
    print("\n*** SKIPPING conformance tests: sdk/format/trace.schema.json not found at %s ***" % FORMAT_DIR)

UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@unittest.skipUnless(HAVE_FORMAT, "sdk/format is absent")
class FixtureTests(unittest.TestCase):
    def setUp(self) -> None:
        self.schema = load_schema()

    def test_every_valid_fixture_line_validates(self) -> None:
        files = glob.glob(os.path.join(FORMAT_DIR, "fixtures", "*.jsonl"))
        self.assertGreater(len(files), 0)
        for path in files:
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if line.strip():
                        self.assertEqual(validate(json.loads(line), self.schema), [], "%s:%d" % (path, n))

    def test_each_invalid_record_is_rejected_at_its_path(self) -> None:
        with open(os.path.join(FORMAT_DIR, "fixtures", "invalid", "reasons.json"), encoding="utf-8") as f:
            reasons = json.load(f)["records.jsonl"]
        with open(os.path.join(FORMAT_DIR, "fixtures", "invalid", "records.jsonl"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(len(reasons), len(lines))
        for r in reasons:
            errors = validate(json.loads(lines[r["line"] - 1]), self.schema)
            self.assertIn(r["path"], [p for p, _ in errors], "line %d (%s): %s" % (r["line"], r["reason"], errors))

    def test_broken_lines_fixture_keeps_every_good_line(self) -> None:
        good, bad = [], []
        with open(os.path.join(FORMAT_DIR, "fixtures", "invalid", "broken-lines.jsonl"), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    bad.append(n)
                    continue
                (good if not validate(rec, self.schema) else bad).append(n)
        self.assertEqual(bad, [2, 4])
        self.assertEqual(good, [1, 3, 6])


class _Weird:
    def __repr__(self) -> str:
        return "<weird é>"


@unittest.skipUnless(HAVE_FORMAT, "sdk/format is absent")
class WrittenLinesConform(TraceFileTest):
    def test_a_rich_trace_validates_and_keeps_the_rules(self) -> None:
        cyclic: list = [1]
        cyclic.append(cyclic)

        @observe(span_type="retriever")
        def retrieve(query: str, k: int = 3) -> list:
            return [{"id": "d%d" % i, "score": 1.0 / (i + 1)} for i in range(k)]

        @observe(name="embed", span_type="embedding", capture_output=False)
        async def embed(text: str) -> list:
            current_span().set_model("text-embedding-3-small", "openai").set_usage(input_tokens=4)
            return [0.1, 0.2]

        @observe(span_type="tool")
        def flaky(x: object) -> None:
            raise RuntimeError("tool failed: é")

        with span("answer", "agent", inputs={"question": "refund? ✓"}, tags=["demo"], metadata={"user": "u-1"}) as root:
            retrieve("refund window")
            asyncio.run(embed("refund"))
            for t in ("llm", "reranker", "guardrail", "evaluator", "custom", "chain"):
                with span("step " + t, t) as s:
                    s.set_inputs({"nan": math.nan, "inf": math.inf, "cyc": cyclic, "obj": _Weird(), "b": b"\x00\xff", (1, 2): "tuple key"})
                    s.set_outputs("plain string")
                    s.set_model("gpt-4o-mini", "openai").set_usage({"input_tokens": 10, "output_tokens": 5, "bogus": -1})
                    s.set_cost(0.00012).add_event("retry", {"attempt": 2}).add_tags("x", 3)  # type: ignore[arg-type]
            try:
                flaky(object())
            except RuntimeError:
                pass
            root.set_outputs({"answer": "30 days"})

        records = self.records()
        schema = load_schema()
        for r in records:
            self.assertEqual(validate(r, schema), [], r)
            self.assertRegex(r["id"], UUID7)
            if r["status"] == "running":
                self.assertNotIn("end_time", r)
            else:
                self.assertIn("end_time", r)
                self.assertLessEqual(r["start_time"], r["end_time"])
        self.assertEqual(records[0]["status"], "running")  # the root's start record comes first
        self.assertEqual(records[0]["id"], root.id)
        spans = {r["id"]: r for r in records}
        self.assertEqual(len(spans), 10)
        assert_tree(self, list(spans.values()))
        self.assertTrue(all(r["trace_id"] == root.id for r in records))
        err = [r for r in spans.values() if r["name"] == "flaky"][0]
        self.assertEqual(err["status"], "error")
        self.assertEqual(err["error"]["type"], "RuntimeError")
        self.assertEqual(err["error"]["message"], "tool failed: é")
        self.assertIn("raise RuntimeError", err["error"]["stack"])
        self.assertEqual(err["source"]["function"], "WrittenLinesConform.test_a_rich_trace_validates_and_keeps_the_rules.<locals>.flaky")
        self.assertEqual(err["source"]["file"], os.path.abspath(__file__))
        step = [r for r in spans.values() if r["name"] == "step llm"][0]
        self.assertEqual(step["inputs"]["cyc"], [1, "[Circular]"])
        self.assertEqual(step["inputs"]["nan"], "nan")
        self.assertEqual(step["inputs"]["obj"], "<weird é>")
        self.assertEqual(step["inputs"]["(1, 2)"], "tuple key")
        self.assertEqual(step["outputs"], {"output": "plain string"})
        self.assertEqual(step["usage"], {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15})
        self.assertEqual(step["tags"], ["x", "3"])
        self.assertEqual(step["events"][0]["name"], "retry")
        self.assertEqual(step["source"]["line"] > 0, True)
        retr = [r for r in spans.values() if r["name"] == "retrieve"][0]
        self.assertEqual(retr["inputs"], {"query": "refund window"})
        self.assertEqual(retr["outputs"]["output"][0]["id"], "d0")
        self.assertEqual(spans[root.id]["outputs"], {"answer": "30 days"})
        self.assertEqual(spans[root.id]["tags"], ["demo"])

    def test_ids_are_monotonic_uuid7_within_a_process(self) -> None:
        ids = []
        with span("root"):
            for _ in range(5000):
                with span("child") as s:
                    ids.append(s.id)
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(set(ids)), len(ids))
        for i in ids[:50]:
            self.assertRegex(i, UUID7)

    def test_dotted_order_time_matches_start_time(self) -> None:
        with span("root"):
            with span("child"):
                pass
        for r in self.spans():
            seg = r["dotted_order"].split(".")[-1]
            t = r["start_time"]
            self.assertEqual(seg[:22], t[0:4] + t[5:7] + t[8:10] + "T" + t[11:13] + t[14:16] + t[17:19] + t[20:26] + "Z")
            self.assertEqual(seg[22:], r["id"])


if __name__ == "__main__":
    unittest.main()
