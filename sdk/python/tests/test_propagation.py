"""W3C traceparent/tracestate inject and extract, with the mapping shared by every SDK."""
from __future__ import annotations

import unittest

from spanscope import span
from spanscope.propagation import extract, inject

from .support import TraceFileTest


class Propagation(TraceFileTest):
    def test_round_trip_names_the_exact_parent(self) -> None:
        with span("client") as c:
            headers = inject({})
        tid, sid = c.trace_id.replace("-", ""), c.id.replace("-", "")
        self.assertEqual(headers["traceparent"], "00-%s-%s-01" % (tid, sid[-16:]))
        self.assertEqual(headers["tracestate"], "spanscope=" + sid)
        remote = extract({"TraceParent": headers["traceparent"], "TRACESTATE": headers["tracestate"]})
        assert remote is not None
        self.assertEqual((remote.trace_id, remote.id, remote.sampled), (c.trace_id, c.id, True))
        with span("server", parent=remote) as s:
            with span("server-child"):
                pass
        spans = {r["name"]: r for r in self.spans()}
        self.assertEqual(spans["server"]["parent_id"], c.id)
        self.assertEqual(spans["server"]["trace_id"], c.trace_id)
        self.assertEqual(spans["server"]["dotted_order"].count("."), 0)  # a fresh order, linked by parent_id
        self.assertEqual(spans["server-child"]["parent_id"], s.id)
        # the server side's local root is written at start too
        self.assertEqual(sum(1 for r in self.records() if r["id"] == s.id), 2)

    def test_a_foreign_parent_is_kept_as_its_w3c_id_and_vendors_are_passed_on(self) -> None:
        remote = extract({"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          "tracestate": "congo=t61rcWkgMzE, rojo=00f067aa0ba902b7"})
        assert remote is not None
        self.assertEqual(remote.trace_id, "4bf92f35-77b3-4da6-a3ce-929d0e0e4736")
        self.assertEqual(remote.id, "00f067aa0ba902b7")
        with span("handler", parent=remote) as h:
            with span("inner"):
                out = inject({})
        self.assertEqual(out["traceparent"][:36], "00-4bf92f3577b34da6a3ce929d0e0e4736-")
        self.assertEqual(out["tracestate"].split(",")[1:], ["congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7"])
        self.assertTrue(out["tracestate"].startswith("spanscope="))
        r = [x for x in self.spans() if x["name"] == "handler"][0]
        self.assertEqual((r["parent_id"], r["trace_id"]), ("00f067aa0ba902b7", remote.trace_id))
        self.assertEqual(h.trace_id, remote.trace_id)

    def test_a_mismatched_tracestate_entry_is_not_trusted(self) -> None:
        remote = extract({"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          "tracestate": "spanscope=01a1fe91565b79e39779000000000001"})
        assert remote is not None
        self.assertEqual(remote.id, "00f067aa0ba902b7")

    def test_invalid_traceparents_are_ignored(self) -> None:
        for bad in ("", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                    "00-4BF92F3577B34DA6A3CE929D0E0E473-00f067aa0ba902b7-01"):
            self.assertIsNone(extract({"traceparent": bad}), bad)
        self.assertIsNotNone(extract({"traceparent": "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future"}))

    def test_no_span_injects_nothing(self) -> None:
        self.assertEqual(inject({}), {})


if __name__ == "__main__":
    unittest.main()
