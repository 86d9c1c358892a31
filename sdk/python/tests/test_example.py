"""The bundled example (examples/python/rag_agent.py) runs as the demo workspace runs it and
writes a conforming, correctly nested trace file."""
from __future__ import annotations

import json
import os
import tempfile
import unittest

from .schema_validator import load_schema, validate
from .support import assert_tree, finished, run_child

EXAMPLE = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "python", "rag_agent.py"))
if not os.path.exists(EXAMPLE):
    print("\n*** SKIPPING example test: %s not found ***" % EXAMPLE)


@unittest.skipUnless(os.path.exists(EXAMPLE), "examples/python is absent")
class Example(unittest.TestCase):
    def test_rag_agent_writes_two_complete_traces(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "traces.jsonl")
            r = run_child("import runpy; runpy.run_path(%r, run_name='__main__')" % EXAMPLE, {"SPANSCOPE_FILE": path})
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "")
            with open(path, encoding="utf-8") as f:
                records = [json.loads(l) for l in f]
        schema = load_schema()
        for rec in records:
            self.assertEqual(validate(rec, schema), [], rec)
        spans = finished(records)
        assert_tree(self, spans)
        roots = [s for s in spans if s["parent_id"] is None]
        self.assertEqual([s["name"] for s in roots], ["answer_question", "answer_question"])
        self.assertEqual({s["service"] for s in spans}, {"rag-agent"})
        types = {s["span_type"] for s in spans}
        self.assertTrue({"agent", "guardrail", "retriever", "reranker", "embedding", "llm", "tool", "chain", "evaluator"} <= types)
        failed = [s for s in spans if s["status"] == "error"]
        self.assertEqual([(s["name"], s["error"]["type"]) for s in failed], [("check_inventory", "TimeoutError")])
        by_id = {s["id"]: s for s in spans}
        tools = [s for s in spans if s["span_type"] == "tool"]
        self.assertTrue(all(by_id[s["parent_id"]]["name"].startswith("retry ") for s in tools))
        searches = [s for s in spans if s["name"] == "search_index"]
        self.assertTrue(all(by_id[s["parent_id"]]["name"] == "retrieve" for s in searches))  # across asyncio.gather
        streamed = [s for s in spans if s["span_type"] == "llm" and s.get("metadata", {}).get("stream")]
        self.assertEqual(len(streamed), 2)
        self.assertTrue(all(s["outputs"]["messages"][0]["content"] and s["cost_usd"] > 0 for s in streamed))
        planner = [s for s in spans if s["span_type"] == "llm" and s["outputs"].get("finish_reason") == "tool_calls"]
        self.assertEqual(len(planner[0]["outputs"]["messages"][0]["tool_calls"]), 2)
        self.assertTrue(all(s["source"]["file"] == EXAMPLE for s in spans if s["span_type"] in ("tool", "agent")))


if __name__ == "__main__":
    unittest.main()
